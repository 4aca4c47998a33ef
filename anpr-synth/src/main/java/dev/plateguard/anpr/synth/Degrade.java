package dev.plateguard.anpr.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Camera and environment degradations: colour casts and contrast, night (gamma, noise, headlight bloom), glare,
 * dirt and stains, partial occlusion, motion blur, blur, low resolution (down then up), sensor noise and JPEG
 * re-encoding at a random quality. Each is applied with a probability and strength from {@link Params}; all
 * randomness comes from the caller's {@link Random}, so results are deterministic per seed.
 */
public final class Degrade {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /**
     * Probabilities and strengths. Distances are in pixels of the degraded image.
     *
     * @param blurProb      chance of a Gaussian-like blur
     * @param blurMax       largest blur sigma (px)
     * @param motionProb    chance of a linear motion blur
     * @param motionMax     longest motion streak (px)
     * @param noiseProb     chance of sensor noise
     * @param noiseMax      largest noise standard deviation (0..255 levels)
     * @param jpegProb      chance of a JPEG round trip
     * @param jpegMin       lowest JPEG quality (1..100)
     * @param jpegMax       highest JPEG quality
     * @param glareProb     chance of a glare spot or streak
     * @param nightProb     chance of night (dark gamma, blue tint, strong noise, light bloom)
     * @param dirtProb      chance of dirt and stains
     * @param lowResProb    chance of down- then up-scaling
     * @param lowResMax     largest down-scaling factor
     * @param occlusionProb chance of small occluders (bars, leaves, blobs)
     * @param castProb      chance of a colour cast
     * @param castMax       strongest per-channel gain change of a cast
     * @param castWarmCool  whether casts lie on the warm–cool axis (else any hue)
     * @param contrastMin   lowest contrast gain
     * @param contrastMax   highest contrast gain
     * @param brightnessMax largest brightness shift (levels, ±)
     * @param maxSoftening  most softening steps (blur, motion blur, low resolution) applied to one image
     */
    public record Params(double blurProb, double blurMax, double motionProb, double motionMax, double noiseProb, double noiseMax,
                         double jpegProb, int jpegMin, int jpegMax, double glareProb, double nightProb, double dirtProb,
                         double lowResProb, double lowResMax, double occlusionProb, double castProb, double castMax,
                         boolean castWarmCool, double contrastMin, double contrastMax, double brightnessMax, int maxSoftening) {

        /** What training data is degraded with. */
        public static Params training() {
            return new Params(0.45, 1.6, 0.15, 6, 0.7, 9, 0.6, 30, 95, 0.12, 0.15, 0.15, 0.25, 2.5, 0.12, 0.5, 0.15, false,
                    0.6, 1.25, 35, 2);
        }

        /** Held-out evaluation: similar strength, different parameterisation (warm/cool casts, other JPEG range...). */
        public static Params heldOut() {
            return new Params(0.5, 1.8, 0.18, 7, 0.75, 8, 0.7, 35, 90, 0.15, 0.18, 0.2, 0.25, 2.8, 0.1, 0.6, 0.2, true,
                    0.55, 1.2, 40, 1);
        }

        /** No degradation at all. */
        public static Params none() {
            return new Params(0, 0, 0, 0, 0, 0, 0, 90, 90, 0, 0, 0, 0, 1, 0, 0, 0, false, 1, 1, 0, 0);
        }

        /** Probabilities and strengths multiplied by {@code s} (0 = none, 1 = as is). */
        public Params scaled(double s) {
            double p = Math.max(0, s);
            return new Params(Math.min(1, blurProb * p), blurMax * p, Math.min(1, motionProb * p), motionMax * p, Math.min(1, noiseProb * p),
                    noiseMax * p, Math.min(1, jpegProb * p), (int) Math.max(1, Math.min(jpegMax, 100 - (100 - jpegMin) * p)), jpegMax,
                    Math.min(1, glareProb * p), Math.min(1, nightProb * p), Math.min(1, dirtProb * p), Math.min(1, lowResProb * p),
                    1 + (lowResMax - 1) * p, Math.min(1, occlusionProb * p), Math.min(1, castProb * p), castMax * p, castWarmCool,
                    1 - (1 - contrastMin) * p, 1 + (contrastMax - 1) * p, brightnessMax * p, maxSoftening);
        }
    }

    /**
     * What the caller knows about the image.
     *
     * @param night  TRUE/FALSE to force night on or off, null to draw it from the params
     * @param lights light sources that bloom at night: x, y, radius (px), intensity (0..255; negative: a soft even
     *               light without a core, such as a plate lamp), four values each
     * @param keepOut x0, y0, x1, y1 box the occluders must stay clear of (null: anywhere)
     * @param plateHeight the height in pixels of the plate this image is about (0: unknown); it bounds blur, motion
     *                    and down-scaling so that the plate stays legible
     */
    record Hints(Boolean night, double[] lights, double[] keepOut, double plateHeight) {
        static final Hints NONE = new Hints(null, new double[0], null, 0);
    }

    private Degrade() {
    }

    /** Degrades a copy of the image with the settings' {@link SceneRenderer.Settings#degrade()} params. */
    public static BufferedImage apply(BufferedImage img, Random rnd, SceneRenderer.Settings settings) {
        return apply(img, rnd, settings.degrade());
    }

    /** Degrades a copy of the image with training params scaled by {@code strength} (0 none, 1 training, above 1 harsher). */
    public static BufferedImage apply(BufferedImage img, Random rnd, double strength) {
        return apply(img, rnd, Params.training().scaled(strength));
    }

    /** Degrades a copy of the image; the result is TYPE_INT_RGB of the same size. */
    public static BufferedImage apply(BufferedImage img, Random rnd, Params p) {
        return applyInPlace(Pixels.rgb(img, true), rnd, p, Hints.NONE);
    }

    /** Degrades a TYPE_INT_RGB image in place (JPEG may return a new image); returns the result. */
    static BufferedImage applyInPlace(BufferedImage img, Random rnd, Params p, Hints hints) {
        return applyInPlace(img, rnd, p, hints, 1.0);
    }

    /**
     * @param jpegFactor multiplies the JPEG probability (scenes use less: a JPEG round trip of a large image costs
     *                   more than everything else together)
     */
    static BufferedImage applyInPlace(BufferedImage img, Random rnd, Params p, Hints hints, double jpegFactor) {
        int w = img.getWidth();
        int h = img.getHeight();
        boolean night = hints.night() != null ? hints.night() : Rnd.chance(rnd, p.nightProb());
        // draw every decision up front so that the random stream does not depend on image content
        boolean dirt = Rnd.chance(rnd, p.dirtProb());
        boolean occl = Rnd.chance(rnd, p.occlusionProb());
        boolean glare = !night && Rnd.chance(rnd, p.glareProb());
        boolean cast = Rnd.chance(rnd, p.castProb());
        boolean motion = Rnd.chance(rnd, p.motionProb());
        boolean blur = Rnd.chance(rnd, p.blurProb());
        boolean lowRes = Rnd.chance(rnd, p.lowResProb());
        if (lowRes && blur) { // down-scaling already softens; never both
            blur = false;
        }
        int budget = p.maxSoftening(); // keep the first ones, in the order motion, blur, low resolution
        if (motion && budget-- <= 0) {
            motion = false;
        }
        if (blur && budget-- <= 0) {
            blur = false;
        }
        if (lowRes && budget-- <= 0) {
            lowRes = false;
        }
        double ph = hints.plateHeight() > 0 ? hints.plateHeight() : Double.MAX_VALUE;
        // legibility bounds for a plate of known height (character strokes are about a tenth of it)
        double blurMax = Math.min(p.blurMax(), Math.max(0.45, ph * 0.045));
        double motionMax = Math.min(p.motionMax(), Math.max(1.6, ph * 0.15));
        double lowResMax = Math.min(p.lowResMax(), Math.max(1.25, ph / 10));
        boolean noise = night || Rnd.chance(rnd, p.noiseProb());
        boolean jpeg = Rnd.chance(rnd, p.jpegProb() * jpegFactor);
        long noiseSeed = rnd.nextLong();

        if (dirt || occl) {
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            if (dirt) {
                dirt(g, rnd, w, h);
            }
            if (occl) {
                occlude(g, rnd, w, h, hints.keepOut());
            }
            g.dispose();
        }
        int[] px = Pixels.data(img);
        tone(px, rnd, p, cast, night);
        if (night) {
            bloom(px, w, h, rnd, hints.lights());
        }
        if (glare) {
            glare(px, w, h, rnd, hints.plateHeight() > 0);
        }
        if (motion) {
            motion(px, w, h, rnd, Rnd.uni(rnd, 1.5, Math.max(1.6, motionMax)));
        }
        if (blur) {
            Pixels.blur(px, w, h, Rnd.uni(rnd, 0.35, Math.max(0.4, blurMax)));
        }
        if (lowRes) {
            lowRes(px, w, h, Rnd.uni(rnd, 1.2, Math.max(1.25, lowResMax)));
        }
        if (noise) {
            double sigma = Rnd.uni(rnd, 1.5, Math.max(1.6, p.noiseMax())) * (night ? 1.25 : 1.0);
            noise(px, sigma, rnd.nextDouble() * 0.6, noiseSeed);
        }
        if (jpeg) {
            img = jpeg(img, Rnd.range(rnd, p.jpegMin(), Math.max(p.jpegMin(), p.jpegMax())));
        }
        return img;
    }

    // ---------------------------------------------------------------- tone

    private static void tone(int[] px, Random rnd, Params p, boolean cast, boolean night) {
        double contrast = Rnd.uni(rnd, p.contrastMin(), p.contrastMax());
        double bright = Rnd.sym(rnd, p.brightnessMax());
        double gr = 1;
        double gg = 1;
        double gb = 1;
        if (cast) {
            double s = Rnd.uni(rnd, 0.02, Math.max(0.021, p.castMax()));
            if (p.castWarmCool()) {
                double t = rnd.nextBoolean() ? s : -s;
                gr = 1 + t;
                gg = 1 + t * 0.25;
                gb = 1 - t;
            } else {
                gr = 1 + Rnd.sym(rnd, s);
                gg = 1 + Rnd.sym(rnd, s);
                gb = 1 + Rnd.sym(rnd, s);
            }
        }
        // gamma varies with the contrast range (none when contrast is fixed)
        double spread = Math.max(0, p.contrastMax() - p.contrastMin()) * 0.35;
        double gamma = Math.exp(Rnd.sym(rnd, Math.log1p(spread)));
        double nightScale = 1;
        if (night) {
            contrast = Math.max(contrast, 0.85);
            gamma = Rnd.uni(rnd, 1.4, 2.2);
            nightScale = Rnd.uni(rnd, 0.45, 0.8);
            gr *= 0.85;
            gb *= 1.1;
            bright = Math.min(bright, 0);
        }
        boolean identity = contrast == 1 && bright == 0 && !cast && !night && Math.abs(gamma - 1) < 1e-9;
        if (identity) {
            return;
        }
        int[] lr = lut(contrast, bright, gr, gamma, nightScale);
        int[] lg = lut(contrast, bright, gg, gamma, nightScale);
        int[] lb = lut(contrast, bright, gb, gamma, nightScale);
        for (int i = 0; i < px.length; i++) {
            int v = px[i];
            px[i] = lr[(v >> 16) & 255] << 16 | lg[(v >> 8) & 255] << 8 | lb[v & 255];
        }
    }

    private static int[] lut(double contrast, double bright, double gain, double gamma, double scale) {
        int[] t = new int[256];
        for (int i = 0; i < 256; i++) {
            double v = Math.pow(i / 255.0, gamma) * 255 * scale;
            v = ((v - 128) * contrast + 128 + bright) * gain;
            t[i] = Pixels.clamp((int) Math.round(v));
        }
        return t;
    }

    // ---------------------------------------------------------------- light

    /** Additive soft light: headlights, street lamps, reflections. */
    static void addLight(int[] px, int w, int h, double cx, double cy, double rx, double ry, double intensity, int tint) {
        int x0 = Math.max(0, (int) (cx - rx));
        int x1 = Math.min(w - 1, (int) (cx + rx));
        int y0 = Math.max(0, (int) (cy - ry));
        int y1 = Math.min(h - 1, (int) (cy + ry));
        double tr = ((tint >> 16) & 255) / 255.0;
        double tg = ((tint >> 8) & 255) / 255.0;
        double tb = (tint & 255) / 255.0;
        double irx = 1 / Math.max(rx, 0.5);
        double iry = 1 / Math.max(ry, 0.5);
        for (int y = y0; y <= y1; y++) {
            double dy = (y + 0.5 - cy) * iry;
            int row = y * w;
            for (int x = x0; x <= x1; x++) {
                double dx = (x + 0.5 - cx) * irx;
                double d2 = dx * dx + dy * dy;
                if (d2 >= 1) {
                    continue;
                }
                double f = (1 - d2);
                f = f * f * intensity;
                int v = px[row + x];
                int r = Pixels.clamp((int) (((v >> 16) & 255) + f * tr));
                int g = Pixels.clamp((int) (((v >> 8) & 255) + f * tg));
                int b = Pixels.clamp((int) ((v & 255) + f * tb));
                px[row + x] = r << 16 | g << 8 | b;
            }
        }
    }

    private static void bloom(int[] px, int w, int h, Random rnd, double[] lights) {
        int n = lights.length / 4;
        for (int i = 0; i < n; i++) {
            double x = lights[4 * i];
            double y = lights[4 * i + 1];
            double r = lights[4 * i + 2];
            double in = lights[4 * i + 3];
            if (in < 0) {
                addLight(px, w, h, x, y, r * 1.3, r * 0.9, -in, 0xFFF4E0);
            } else {
                addLight(px, w, h, x, y, r * 2.2, r * 1.6, in * Rnd.uni(rnd, 0.25, 0.5), 0xFFF0D8);
                addLight(px, w, h, x, y, r * 0.7, r * 0.55, in, 0xFFFFFF);
            }
        }
        int extra = Rnd.range(rnd, 0, 2);
        for (int i = 0; i < extra; i++) {
            double r = Rnd.uni(rnd, 0.03, 0.12) * Math.min(w, h);
            addLight(px, w, h, rnd.nextDouble() * w, rnd.nextDouble() * h * 0.6, r * 2, r * 2, Rnd.uni(rnd, 40, 140), 0xFFE0B0);
        }
    }

    private static void glare(int[] px, int w, int h, Random rnd, boolean legible) {
        if (rnd.nextBoolean()) {
            double r = Rnd.uni(rnd, 0.1, 0.5) * Math.max(w, h);
            addLight(px, w, h, rnd.nextDouble() * w, rnd.nextDouble() * h, r, r * Rnd.uni(rnd, 0.4, 1),
                    Rnd.uni(rnd, 40, legible ? 110 : 150), 0xFFFFFF);
        } else { // a specular streak across the image
            double ang = Rnd.uni(rnd, -1.2, 1.2);
            double cx = rnd.nextDouble() * w;
            double width = Rnd.uni(rnd, 0.03, 0.15) * w;
            double inten = Rnd.uni(rnd, 30, 110);
            double cos = Math.cos(ang);
            double sin = Math.sin(ang);
            for (int y = 0; y < h; y++) {
                int row = y * w;
                for (int x = 0; x < w; x++) {
                    double d = ((x - cx) * cos + (y - h / 2.0) * sin) / width;
                    if (d > -1 && d < 1) {
                        double f = (1 - d * d) * inten;
                        int v = px[row + x];
                        px[row + x] = Pixels.clamp((int) (((v >> 16) & 255) + f)) << 16 | Pixels.clamp((int) (((v >> 8) & 255) + f)) << 8
                                | Pixels.clamp((int) ((v & 255) + f));
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- dirt and occlusion

    private static void dirt(Graphics2D g, Random rnd, int w, int h) {
        int n = Rnd.range(rnd, 3, 14);
        double s = Math.min(w, h);
        for (int i = 0; i < n; i++) {
            double rx = Rnd.uni(rnd, 0.01, 0.08) * s;
            double ry = rx * Rnd.uni(rnd, 0.4, 1.5);
            g.setColor(new Color(Rnd.range(rnd, 50, 130), Rnd.range(rnd, 40, 100), Rnd.range(rnd, 20, 70), Rnd.range(rnd, 20, 90)));
            g.fill(new Ellipse2D.Double(rnd.nextDouble() * w - rx, rnd.nextDouble() * h - ry, 2 * rx, 2 * ry));
        }
        if (rnd.nextBoolean()) { // rain drops / specks
            int m = Rnd.range(rnd, 5, 40);
            for (int i = 0; i < m; i++) {
                double r = Rnd.uni(rnd, 0.5, 2.5);
                g.setColor(rnd.nextBoolean() ? new Color(255, 255, 255, 60) : new Color(0, 0, 0, 60));
                g.fill(new Ellipse2D.Double(rnd.nextDouble() * w, rnd.nextDouble() * h, r, r));
            }
        }
    }

    private static void occlude(Graphics2D g, Random rnd, int w, int h, double[] keepOut) {
        int n = Rnd.range(rnd, 1, 3);
        double s = Math.min(w, h);
        for (int i = 0; i < n; i++) {
            double x = rnd.nextDouble() * w;
            double y = rnd.nextDouble() * h;
            double size = Rnd.uni(rnd, 0.02, 0.08) * s;
            if (keepOut != null && x + size > keepOut[0] && x - size < keepOut[2] && y + size > keepOut[1] && y - size < keepOut[3]) {
                continue;
            }
            Color col = switch (rnd.nextInt(4)) {
                case 0 -> new Color(Rnd.range(rnd, 20, 80), Rnd.range(rnd, 80, 150), Rnd.range(rnd, 20, 70)); // leaf
                case 1 -> new Color(Rnd.range(rnd, 20, 60), Rnd.range(rnd, 20, 60), Rnd.range(rnd, 20, 60)); // dark bar
                case 2 -> new Color(Rnd.range(rnd, 150, 220), Rnd.range(rnd, 150, 220), Rnd.range(rnd, 150, 220)); // pole
                default -> new Color(Rnd.range(rnd, 150, 230), Rnd.range(rnd, 100, 170), Rnd.range(rnd, 80, 140)); // skin-like
            };
            g.setColor(col);
            if (rnd.nextBoolean()) {
                g.setStroke(new BasicStroke((float) (size * Rnd.uni(rnd, 0.15, 0.4)), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                double a = rnd.nextDouble() * Math.PI;
                double len = size * Rnd.uni(rnd, 1.5, 4);
                g.draw(new Line2D.Double(x - Math.cos(a) * len / 2, y - Math.sin(a) * len / 2, x + Math.cos(a) * len / 2,
                        y + Math.sin(a) * len / 2));
            } else {
                g.fill(new Ellipse2D.Double(x - size / 2, y - size * 0.35, size, size * 0.7));
            }
        }
    }

    // ---------------------------------------------------------------- blur, resolution, noise

    private static void motion(int[] px, int w, int h, Random rnd, double len) {
        double ang = rnd.nextDouble() < 0.7 ? Rnd.sym(rnd, 0.3) : rnd.nextDouble() * Math.PI;
        int k = Math.max(2, Math.min(64, (int) Math.round(len)));
        int[] ox = new int[k];
        int[] oy = new int[k];
        int[] off = new int[k];
        int mx = 0;
        int my = 0;
        for (int i = 0; i < k; i++) {
            double t = i - (k - 1) / 2.0;
            ox[i] = (int) Math.round(Math.cos(ang) * t);
            oy[i] = (int) Math.round(Math.sin(ang) * t);
            off[i] = oy[i] * w + ox[i];
            mx = Math.max(mx, Math.abs(ox[i]));
            my = Math.max(my, Math.abs(oy[i]));
        }
        int inv = ((1 << 16) + k / 2) / k;
        int[] src = px.clone();
        for (int y = 0; y < h; y++) {
            boolean inY = y >= my && y < h - my;
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int rb = 0;
                int g = 0;
                if (inY && x >= mx && x < w - mx) {
                    int base = row + x;
                    for (int i = 0; i < k; i++) {
                        int v = src[base + off[i]];
                        rb += v & 0xFF00FF;
                        g += v & 0xFF00;
                    }
                } else {
                    for (int i = 0; i < k; i++) {
                        int sx = Math.min(w - 1, Math.max(0, x + ox[i]));
                        int sy = Math.min(h - 1, Math.max(0, y + oy[i]));
                        int v = src[sy * w + sx];
                        rb += v & 0xFF00FF;
                        g += v & 0xFF00;
                    }
                }
                px[row + x] = (int) ((((long) (rb >>> 16) * inv + 0x8000) >>> 16) << 16
                        | (((long) (g >>> 8) * inv + 0x8000) >>> 16) << 8 | (((long) (rb & 0xFFFF) * inv + 0x8000) >>> 16));
            }
        }
    }

    /** Down-scales by {@code f} with area averaging, then up-scales back bilinearly: the look of a low-resolution camera. */
    static void lowRes(int[] px, int w, int h, double f) {
        int sw = Math.max(2, (int) Math.round(w / f));
        int sh = Math.max(2, (int) Math.round(h / f));
        int[] tmp = px.clone();
        Pixels.boxBlur(tmp, w, h, Math.max(0, (int) Math.floor(f / 2)));
        int[] small = new int[sw * sh];
        Pixels.resize(tmp, w, h, small, sw, sh);
        Pixels.resize(small, sw, sh, px, w, h);
    }

    private static final short[] GAUSS = gaussTable();

    private static short[] gaussTable() {
        var r = new Random(12345);
        short[] t = new short[1 << 16];
        for (int i = 0; i < t.length; i++) {
            t[i] = (short) Math.round(Math.max(-4, Math.min(4, r.nextGaussian())) * 4096);
        }
        return t;
    }

    private static final int[] CLAMP = new int[1024];

    static {
        for (int i = 0; i < CLAMP.length; i++) {
            CLAMP[i] = Math.max(0, Math.min(255, i - 384));
        }
    }

    /** Sensor noise: luma noise of sigma levels plus chroma noise of {@code chroma} times that. */
    static void noise(int[] px, double sigma, double chroma, long seed) {
        var f = new Rnd.Fast(seed);
        int[] lt = new int[4096];
        int[] ct = new int[4096];
        for (int i = 0; i < 4096; i++) {
            double gv = GAUSS[i * 16 + 7] / 4096.0;
            lt[i] = (int) Math.round(gv * sigma) + 384;
            ct[i] = (int) Math.round(GAUSS[i * 16 + 3] / 4096.0 * sigma * chroma);
        }
        for (int i = 0; i < px.length; i++) {
            long v = f.next();
            int n = lt[(int) (v & 4095)];
            int p = px[i];
            px[i] = CLAMP[((p >> 16) & 255) + n + ct[(int) ((v >>> 12) & 4095)]] << 16
                    | CLAMP[((p >> 8) & 255) + n + ct[(int) ((v >>> 24) & 4095)]] << 8
                    | CLAMP[(p & 255) + n + ct[(int) ((v >>> 36) & 4095)]];
        }
    }

    // ---------------------------------------------------------------- JPEG

    private static final ThreadLocal<ImageWriter> WRITER = ThreadLocal.withInitial(() -> {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg");
        return it.next();
    });

    private static final ThreadLocal<ImageReader> READER = ThreadLocal.withInitial(() -> ImageIO.getImageReadersByFormatName("jpeg").next());

    private static BufferedImage toBgr(BufferedImage img) {
        int[] px = Pixels.data(img);
        var out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] b = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0, j = 0; i < px.length; i++, j += 3) {
            int p = px[i];
            b[j] = (byte) p;
            b[j + 1] = (byte) (p >> 8);
            b[j + 2] = (byte) (p >> 16);
        }
        return out;
    }

    private static BufferedImage fromBgr(BufferedImage img) {
        if (img.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            return Pixels.rgb(img, false);
        }
        byte[] b = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        var out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        int[] px = Pixels.data(out);
        for (int i = 0, j = 0; i < px.length; i++, j += 3) {
            px[i] = (b[j + 2] & 255) << 16 | (b[j + 1] & 255) << 8 | (b[j] & 255);
        }
        return out;
    }

    /** A JPEG round trip at the given quality (1..100). */
    static BufferedImage jpeg(BufferedImage img, int quality) {
        try {
            var bytes = new ByteArrayOutputStream(img.getWidth() * img.getHeight() / 4 + 1024);
            ImageWriter writer = WRITER.get();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(Math.max(0.01f, Math.min(1f, quality / 100f)));
            try (var out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(toBgr(img), null, null), param);
            } finally {
                writer.reset();
            }
            ImageReader reader = READER.get();
            BufferedImage back;
            try (var in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                reader.setInput(in, true, true);
                back = reader.read(0);
            } finally {
                reader.reset();
            }
            return fromBgr(back);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
