package dev.plateguard.anpr.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Renders road and car-park scenes with cars carrying licence plates, for detector training and test images:
 * procedural backgrounds, cars seen from behind or in front in perspective (yaw, pitch, roll), 0 to 3 plates, distractors
 * (signs, phone numbers, stickers, plate-like rectangles, camera overlays), shadows, night and infrared, then
 * {@link Degrade}. Deterministic per seed; not thread-safe (use one renderer per thread).
 */
public final class SceneRenderer {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * Render settings: which styles, how plates look, how they are placed and photographed, and how images are degraded.
     * {@link #training()} and {@link #heldOut()} differ in every group, so a model trained on one can be measured on
     * the other.
     *
     * @param name    a label ({@code training}, {@code heldOut} or the caller's)
     * @param styles  style names to draw from ({@link PlateRenderer#styles()}); empty means all, weighted
     * @param look    plate rendering ranges
     * @param camera  placement, perspective and lighting
     * @param degrade image degradations
     */
    public record Settings(String name, List<String> styles, Look look, Camera camera, Degrade.Params degrade) {

        public Settings {
            Objects.requireNonNull(name, "name");
            styles = List.copyOf(styles);
            for (String s : styles) {
                PlateRenderer.style(s); // fails on unknown names
            }
            Objects.requireNonNull(look, "look");
            Objects.requireNonNull(camera, "camera");
            Objects.requireNonNull(degrade, "degrade");
        }

        /**
         * How plates are drawn; each value is drawn uniformly per plate.
         *
         * @param glyphScaleMin smallest character height relative to the style's nominal height
         * @param glyphScaleMax largest
         * @param trackingMin   least extra spacing between characters, in character heights
         * @param trackingMax   most
         * @param condenseMin   narrowest horizontal scale of characters
         * @param condenseMax   widest
         * @param weightMin     thinnest stroke change, in character heights (negative thins)
         * @param weightMax     boldest
         * @param embossProb    chance of embossed (shadowed and highlighted) characters
         * @param wearProb      chance of fading, dirt and scratches
         * @param frameProb     chance of a dealer frame over the plate's margins
         * @param screwProb     chance of visible screws
         */
        public record Look(double glyphScaleMin, double glyphScaleMax, double trackingMin, double trackingMax, double condenseMin,
                           double condenseMax, double weightMin, double weightMax, double embossProb, double wearProb,
                           double frameProb, double screwProb) {
        }

        /**
         * Where plates go and how they are seen.
         *
         * @param maxYawDeg      largest rotation about the vertical axis (±)
         * @param maxPitchDeg    largest downward camera tilt (0..max, plus a little upward)
         * @param maxRollDeg     largest roll (±)
         * @param minPlateFrac   smallest plate width as a fraction of the scene width
         * @param maxPlateFrac   largest
         * @param minPlateHeight smallest plate height in scene pixels (wins over minPlateFrac on small images)
         * @param minPlates      fewest plates per scene
         * @param maxPlates      most plates per scene
         * @param emptyProb      chance of a scene without plates (when minPlates is 0)
         * @param readerMinWidth narrowest plate in a {@link ReaderSamples} patch (px)
         * @param readerMaxWidth widest
         * @param cornerJitter   standard deviation of reader corner errors, as a fraction of the plate's width/height
         * @param irProb         chance of an infrared night camera (grey, bright retro-reflective plates)
         * @param shadowProb     chance of cast shadows across the scene
         * @param distractors    mean number of distractors per scene (signs, text, plate-like rectangles)
         */
        public record Camera(double maxYawDeg, double maxPitchDeg, double maxRollDeg, double minPlateFrac, double maxPlateFrac,
                             double minPlateHeight,
                             int minPlates, int maxPlates, double emptyProb, double readerMinWidth, double readerMaxWidth,
                             double cornerJitter, double irProb, double shadowProb, double distractors) {
        }

        /** What training data is rendered with. */
        public static Settings training() {
            return new Settings("training", List.of(),
                    new Look(0.86, 1.04, -0.02, 0.10, 0.88, 1.08, -0.012, 0.03, 0.3, 0.2, 0.15, 0.45),
                    new Camera(40, 25, 10, 0.03, 0.40, 10, 0, 3, 0.08, 50, 260, 0.03, 0.05, 0.3, 2.5),
                    Degrade.Params.training());
        }

        /**
         * Held-out evaluation settings: the same kinds of plates and scenes with different ranges (larger glyphs and
         * wider spacing, other fonts widths and weights, warm/cool colour casts, another JPEG range, stronger corner
         * error), so figures measure generalisation rather than memorised render parameters.
         */
        public static Settings heldOut() {
            return new Settings("heldOut", List.of(),
                    new Look(0.92, 1.08, 0.0, 0.14, 0.85, 1.04, 0.0, 0.04, 0.45, 0.28, 0.22, 0.6),
                    new Camera(35, 30, 8, 0.04, 0.35, 14, 0, 3, 0.05, 60, 240, 0.04, 0.07, 0.35, 3.0),
                    Degrade.Params.heldOut());
        }

        /** The same settings restricted to some styles (e.g. {@code PlateRenderer.styles("uz")}). */
        public Settings withStyles(List<String> names) {
            return new Settings(name, names, look, camera, degrade);
        }

        public Settings withLook(Look l) {
            return new Settings(name, styles, l, camera, degrade);
        }

        public Settings withCamera(Camera c) {
            return new Settings(name, styles, look, c, degrade);
        }

        public Settings withDegrade(Degrade.Params d) {
            return new Settings(name, styles, look, camera, d);
        }

        /** The same settings with at least {@code n} plates in every scene (benchmark sets need one). */
        public Settings withMinPlates(int n) {
            Camera c = camera;
            return withCamera(new Camera(c.maxYawDeg(), c.maxPitchDeg(), c.maxRollDeg(), c.minPlateFrac(), c.maxPlateFrac(),
                    c.minPlateHeight(), n,
                    Math.max(n, c.maxPlates()), n > 0 ? 0 : c.emptyProb(), c.readerMinWidth(), c.readerMaxWidth(), c.cornerJitter(),
                    c.irProb(), c.shadowProb(), c.distractors()));
        }
    }

    /** Scenes are JPEG round-tripped at half the settings' probability (it is the most expensive step). */
    static final double SCENE_JPEG_FACTOR = 0.5;

    private final Random rnd;
    private final Settings settings;
    private final PlateRenderer plates;

    public SceneRenderer(long seed, Settings settings) {
        this.rnd = new Random(seed);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.plates = new PlateRenderer(rnd, settings);
    }

    public Settings settings() {
        return settings;
    }

    /** A scene of the given size (each side 32 to 8192 px). */
    public Scene render(int width, int height) {
        return render(width, height, true);
    }

    /** A random pose: yaw, pitch, roll in radians, mostly near frontal. */
    static double[] pose(Random r, Settings.Camera c) {
        double yaw = Math.toRadians(Rnd.chance(r, 0.55) ? Rnd.sym(r, c.maxYawDeg() * 0.3) : Rnd.sym(r, c.maxYawDeg()));
        double pitch = Math.toRadians(-3 + (Math.max(0, c.maxPitchDeg()) + 3) * Math.pow(r.nextDouble(), 1.6));
        double roll = Math.toRadians(Rnd.gauss(r, c.maxRollDeg() / 2.5, c.maxRollDeg()));
        return new double[] {yaw, pitch, roll};
    }

    /** One car to draw. */
    private record Slot(Car car, Geometry.Cam cam, PlateRenderer.Flat plate, double[] h, double[] corners, double[] box, double z) {
    }

    /**
     * @param drawPlates false leaves the plates out while drawing everything else identically (for tests)
     */
    Scene render(int w, int h, boolean drawPlates) {
        if (w < 32 || h < 32 || w > 8192 || h > 8192) {
            throw new IllegalArgumentException("scene size out of range: " + w + "x" + h);
        }
        Scene s = renderOnce(w, h, drawPlates);
        // a placement can fail (plate off the image, hidden by a nearer car): draw again until the minimum is met
        for (int i = 0; i < 20 && s.plates().size() < settings.camera().minPlates(); i++) {
            s = renderOnce(w, h, drawPlates);
        }
        return s;
    }

    private Scene renderOnce(int w, int h, boolean drawPlates) {
        Random r = rnd;
        Settings.Camera cs = settings.camera();
        var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
        boolean ir = Rnd.chance(r, cs.irProb());
        boolean night = !ir && Rnd.chance(r, settings.degrade().nightProb());
        var lights = new ArrayList<double[]>();
        double horizon = Backdrop.draw(g, w, h, r, night || ir, lights);
        Backdrop.distractors(g, r, w, h, cs.distractors());

        int n;
        if (cs.minPlates() == 0 && Rnd.chance(r, cs.emptyProb())) {
            n = 0;
        } else {
            int lo = Math.max(1, cs.minPlates());
            int hi = Math.max(lo, cs.maxPlates());
            double[] wts = new double[hi - lo + 1];
            for (int k = 0; k < wts.length; k++) {
                wts[k] = k == 0 ? 0.55 : k == 1 ? 0.3 : 0.15 / (k - 1);
            }
            n = lo + Rnd.weighted(r, wts);
        }
        int extra = Rnd.chance(r, n == 0 ? 0.6 : 0.3) ? Rnd.range(r, 1, 2) : 0;
        int slots = n + extra;
        var order = new ArrayList<Integer>();
        for (int i = 0; i < slots; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, r);
        var placed = new ArrayList<Slot>();
        for (int i = 0; i < slots; i++) {
            boolean hasPlate = i < n;
            double slotW = (double) w / slots;
            double slotX = slotW * (order.get(i) + 0.5);
            double maxFrac = Math.max(cs.minPlateFrac() * 1.2, cs.maxPlateFrac() / Math.pow(slots, 0.9));
            Slot s = place(r, w, h, hasPlate, slotX, slotW, maxFrac, horizon);
            if (s != null) {
                placed.add(s);
            }
        }
        placed.sort(Comparator.comparingDouble(Slot::z).reversed());
        var result = new ArrayList<PlacedPlate>();
        var plateBoxes = new ArrayList<double[]>();
        int[] px = Pixels.data(img);
        for (Slot s : placed) {
            boolean covers = false;
            for (double[] b : plateBoxes) {
                if (s.box()[0] < b[2] + 2 && s.box()[2] > b[0] - 2 && s.box()[1] < b[3] + 2 && s.box()[3] > b[1] - 2) {
                    covers = true;
                    break;
                }
            }
            if (covers) {
                continue;
            }
            s.car().draw(g, s.cam(), night, lights);
            if (s.plate() != null) {
                if (drawPlates) {
                    Geometry.warp(px, w, h, s.plate(), s.h(), ir ? Rnd.uni(r, 1.2, 1.6) : 1.0);
                } else if (ir) {
                    r.nextDouble();
                }
                plateBoxes.add(Geometry.bounds(s.corners()));
                result.add(new PlacedPlate(s.plate().text(), s.plate().country(), s.plate().style(), s.corners()));
            }
        }
        if (Rnd.chance(r, cs.shadowProb()) && !night && !ir) {
            Backdrop.shadows(g, r, w, h);
        }
        if (Rnd.chance(r, 0.25)) {
            Backdrop.overlay(g, r, w, h);
        }
        g.dispose();
        if (ir) {
            infrared(px, r);
        }
        double[] la = new double[lights.size() * 4];
        for (int i = 0; i < lights.size(); i++) {
            System.arraycopy(lights.get(i), 0, la, 4 * i, 4);
        }
        BufferedImage out = Degrade.applyInPlace(img, r, settings.degrade(), new Degrade.Hints(night, la, null, 0), SCENE_JPEG_FACTOR);
        return new Scene(out, List.copyOf(result));
    }

    /** Places one car (and its plate) in a slot; null when no valid placement was found. */
    private Slot place(Random r, int w, int h, boolean hasPlate, double slotX, double slotW, double maxFrac, double horizon) {
        Settings.Camera cs = settings.camera();
        double frac = Rnd.logUni(r, cs.minPlateFrac(), Math.max(cs.minPlateFrac() * 1.01, Math.min(cs.maxPlateFrac(), maxFrac)));
        double[] size = {frac * w};
        PlateRenderer.Flat flat = null;
        double wMm = 520;
        double hMm = 112;
        if (hasPlate) {
            flat = plates.flat(plates.pick(), (mm, hmm) -> {
                size[0] = Math.min(0.9 * w, Math.max(size[0], cs.minPlateHeight() * mm / hmm));
                return size[0] * 1.3 / mm;
            });
            wMm = flat.wMm();
            hMm = flat.hMm();
        } else {
            size[0] = Math.min(0.9 * w, Math.max(size[0], cs.minPlateHeight() * wMm / hMm));
        }
        double pwPx = size[0];
        frac = pwPx / w;
        double[] pose = pose(r, cs);
        double f = w * Rnd.uni(r, 0.7, 2.2);
        boolean front = Rnd.chance(r, 0.4);
        Car car = new Car(r, wMm, hMm, front, hasPlate);
        for (int attempt = 0; attempt < 6; attempt++) {
            var cam = new Geometry.Cam(f, w / 2.0 + Rnd.sym(r, w * 0.05), h / 2.0 + Rnd.sym(r, h * 0.05), pose[0], pose[1], pose[2]);
            double z = f * wMm * Math.cos(pose[0]) / pwPx;
            double u = slotX + Rnd.sym(r, slotW * 0.3);
            double v = frac > 0.2 ? h * Rnd.uni(r, 0.4, 0.75) : Rnd.uni(r, Math.min(0.85 * h, Math.max(0.3 * h, horizon + 0.04 * h)), 0.93 * h);
            cam.place(u, v, z);
            double[] box = car.screenBounds(cam);
            if (box == null) {
                continue;
            }
            double[] hm = car.plateHomography(cam);
            double[] corners = {Geometry.mapX(hm, 0, 0), Geometry.mapY(hm, 0, 0), Geometry.mapX(hm, wMm, 0), Geometry.mapY(hm, wMm, 0),
                Geometry.mapX(hm, wMm, hMm), Geometry.mapY(hm, wMm, hMm), Geometry.mapX(hm, 0, hMm), Geometry.mapY(hm, 0, hMm)};
            double[] b = Geometry.bounds(corners);
            if (hasPlate && (b[0] < 2 || b[1] < 2 || b[2] > w - 2 || b[3] > h - 2)) {
                continue;
            }
            return new Slot(car, cam, flat, hm, corners, box, z);
        }
        return null;
    }

    /** Infrared night look: grey, dark surroundings, bright retro-reflective plates. */
    static void infrared(int[] px, Random r) {
        double gamma = Rnd.uni(r, 1.4, 2.2);
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = Pixels.clamp((int) Math.round(Math.pow(i / 255.0, gamma) * 255));
        }
        for (int i = 0; i < px.length; i++) {
            int v = lut[Pixels.luma(px[i])];
            px[i] = v << 16 | v << 8 | v;
        }
    }
}
