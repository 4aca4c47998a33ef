package dev.plateguard.anpr.synth;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Objects;
import java.util.Random;

/**
 * Training samples for the plate reader: a plate on its car, warped by a random perspective into a small patch with
 * some surrounding car body, degraded, with the plate's true corners jittered by a few percent to simulate detector
 * error. The reader's 128 × 32 input is cut from the patch with {@code dev.plateguard.anpr.PlateCrop.grey(image,
 * corners)}; the patch keeps enough margin around the plate for that crop's widening. Deterministic per seed; not
 * thread-safe (use one instance per thread, with different seeds).
 */
public final class ReaderSamples {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * One sample.
     *
     * @param plateInContext the patch, TYPE_INT_RGB
     * @param corners        the plate's corners in the patch (x0, y0 .. x3, y3: top-left, top-right, bottom-right,
     *                       bottom-left), jittered
     * @param text           normalised text (A–Z, 0–9), top row then bottom row
     */
    public record Sample(BufferedImage plateInContext, double[] corners, String text) {
    }

    private final Random rnd;
    private final SceneRenderer.Settings settings;
    private final PlateRenderer plates;
    private final boolean wideContext;
    private String lastStyle;
    private double[] lastTrueCorners;

    public ReaderSamples(long seed, SceneRenderer.Settings settings) {
        this(seed, settings, false);
    }

    /**
     * @param wideContext keep 40–70 % of the plate's width left and right of it and 1.4–2.4 plate heights above and
     *                    below (instead of 12–45 % and 0.3–1.0), enough for the corner refiner's view around a badly
     *                    placed detection
     */
    public ReaderSamples(long seed, SceneRenderer.Settings settings, boolean wideContext) {
        this.rnd = new Random(seed);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.plates = new PlateRenderer(rnd, settings);
        this.wideContext = wideContext;
    }

    /** The style of the last sample (for per-style statistics). */
    public String lastStyle() {
        return lastStyle;
    }

    /** The exact (unjittered) corners of the last sample. */
    public double[] lastTrueCorners() {
        return lastTrueCorners.clone();
    }

    public Sample next() {
        Random r = rnd;
        SceneRenderer.Settings.Camera cs = settings.camera();
        Style style = plates.pick();
        double width = Rnd.logUni(r, cs.readerMinWidth(), cs.readerMaxWidth());
        // tall plates (US, two-line) are drawn narrower, so their characters are not larger than a long plate's
        PlateRenderer.Flat flat = plates.flat(style, (wmm, hmm) -> (wmm / hmm < 3 ? width * 0.7 : width) * 1.3 / wmm);
        double pwPx = flat.wMm() / flat.hMm() < 3 ? width * 0.7 : width;
        double[] pose = SceneRenderer.pose(r, cs);
        double f = pwPx * Rnd.logUni(r, 4, 30);
        boolean ir = Rnd.chance(r, cs.irProb());
        boolean night = !ir && Rnd.chance(r, settings.degrade().nightProb());
        boolean front = Rnd.chance(r, 0.4);
        Car car = new Car(r, flat.wMm(), flat.hMm(), front, true);
        var cam = new Geometry.Cam(f, 0, 0, pose[0], pose[1], pose[2]);
        cam.place(0, 0, f * flat.wMm() * Math.cos(pose[0]) / pwPx);
        double[] c = corners(car.plateHomography(cam), flat);
        double[] b = Geometry.bounds(c);
        double bw = b[2] - b[0];
        double bh = b[3] - b[1];
        double mx0 = bw * (wideContext ? Rnd.uni(r, 0.4, 0.7) : Rnd.uni(r, 0.12, 0.45));
        double mx1 = bw * (wideContext ? Rnd.uni(r, 0.4, 0.7) : Rnd.uni(r, 0.12, 0.45));
        double my0 = bh * (wideContext ? Rnd.uni(r, 1.4, 2.4) : Rnd.uni(r, 0.3, 1.0));
        double my1 = bh * (wideContext ? Rnd.uni(r, 1.4, 2.4) : Rnd.uni(r, 0.3, 1.0));
        int w = Math.max(8, (int) Math.ceil(bw + mx0 + mx1));
        int h = Math.max(8, (int) Math.ceil(bh + my0 + my1));
        cam.cx = -(b[0] - mx0);
        cam.cy = -(b[1] - my0);
        double[] hm = car.plateHomography(cam);
        c = corners(hm, flat);

        var img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
        Color ground = Canvas.jitter(r, new Color(100, 100, 100), 40);
        Backdrop.textured(g, new Rectangle2D.Double(0, 0, w, h), night ? Canvas.shade(ground, 0.4) : ground, r);
        var lights = new ArrayList<double[]>();
        car.draw(g, cam, night || ir, lights);
        g.dispose();
        int[] px = Pixels.data(img);
        Geometry.warp(px, w, h, flat, hm, ir ? Rnd.uni(r, 1.2, 1.6) : 1.0);
        if (ir) {
            SceneRenderer.infrared(px, r);
        }
        double[] keep = Rnd.chance(r, 0.85) ? Geometry.bounds(c) : null;
        double[] la = new double[lights.size() * 4];
        for (int i = 0; i < lights.size(); i++) {
            System.arraycopy(lights.get(i), 0, la, 4 * i, 4);
        }
        BufferedImage out = Degrade.applyInPlace(img, r, settings.degrade(), new Degrade.Hints(night, la, keep, Math.hypot(c[6] - c[0], c[7] - c[1])));
        lastStyle = flat.style();
        lastTrueCorners = c.clone();
        return new Sample(out, jitter(r, c, cs.cornerJitter(), w, h), flat.text());
    }

    private static double[] corners(double[] hm, PlateRenderer.Flat f) {
        double w = f.wMm();
        double h = f.hMm();
        return new double[] {Geometry.mapX(hm, 0, 0), Geometry.mapY(hm, 0, 0), Geometry.mapX(hm, w, 0), Geometry.mapY(hm, w, 0),
            Geometry.mapX(hm, w, h), Geometry.mapY(hm, w, h), Geometry.mapX(hm, 0, h), Geometry.mapY(hm, 0, h)};
    }

    /** A detector-like error: shift, scale and per-corner noise, as fractions of the plate's width and height. */
    static double[] jitter(Random r, double[] c, double j, int w, int h) {
        double pw = Math.hypot(c[2] - c[0], c[3] - c[1]);
        double ph = Math.hypot(c[6] - c[0], c[7] - c[1]);
        double mx = (c[0] + c[2] + c[4] + c[6]) / 4;
        double my = (c[1] + c[3] + c[5] + c[7]) / 4;
        double dx = Rnd.gauss(r, j * pw * 0.5, 3 * j * pw);
        double dy = Rnd.gauss(r, j * ph, 3 * j * ph);
        double sx = 1 + Rnd.gauss(r, j, 3 * j);
        double sy = 1 + Rnd.gauss(r, j * 1.5, 4.5 * j);
        double[] out = new double[8];
        for (int i = 0; i < 4; i++) {
            double x = mx + (c[2 * i] - mx) * sx + dx + Rnd.gauss(r, j * pw * 0.4, 3 * j * pw);
            double y = my + (c[2 * i + 1] - my) * sy + dy + Rnd.gauss(r, j * ph * 0.6, 3 * j * ph);
            out[2 * i] = Math.max(0, Math.min(w, x));
            out[2 * i + 1] = Math.max(0, Math.min(h, y));
        }
        return out;
    }
}
