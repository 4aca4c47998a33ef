package dev.plateguard.anpr.synth;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.TexturePaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Random;

/** Procedural backgrounds (sky, buildings, trees, walls, asphalt, road markings) and distractors, in image pixels. */
final class Backdrop {

    private static final BufferedImage[] TEXTURES = {texture(1, 128, 22), texture(2, 96, 35), texture(3, 64, 14)};
    private static final String[] SHOPS = {"PIZZA", "APTEKA", "MARKET", "HOTEL", "BANK", "CAFE", "PARKING", "DOKON", "SUPERMARKET",
        "TAXI", "AUTO SERVICE", "PHARMACY", "OPEN 24H", "SALE", "BAKERY", "TIRE SHOP", "CAR WASH", "RESTORAN", "KORZINKA", "FOTO",
        "NON", "STOP", "EXIT", "CITY MALL", "MOBILE", "KEBAB", "BARBER", "GARAGE"};

    private Backdrop() {
    }

    /** A grey noise tile with alpha, for asphalt and walls. */
    private static BufferedImage texture(long seed, int size, int strength) {
        var r = new Random(seed);
        var img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int v = r.nextBoolean() ? 255 : 0;
                int a = (int) (Math.abs(r.nextGaussian()) * strength);
                img.setRGB(x, y, Math.min(255, a) << 24 | v << 16 | v << 8 | v);
            }
        }
        return img;
    }

    /** Fills a region with a colour and a noise texture at a random offset and scale. */
    static void textured(Graphics2D g, java.awt.Shape area, Color base, Random r) {
        g.setColor(base);
        g.fill(area);
        BufferedImage t = TEXTURES[r.nextInt(TEXTURES.length)];
        double s = Rnd.uni(r, 1, 3);
        g.setPaint(new TexturePaint(t, new Rectangle2D.Double(r.nextInt(64), r.nextInt(64), t.getWidth() * s, t.getHeight() * s)));
        g.fill(area);
    }

    /** The whole background. Returns the horizon's y. */
    static double draw(Graphics2D g, int w, int h, Random r, boolean night, List<double[]> lights) {
        Object aa = g.getRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_OFF);
        try {
            return drawUnaliased(g, w, h, r, night, lights);
        } finally {
            g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, aa);
        }
    }

    private static double drawUnaliased(Graphics2D g, int w, int h, Random r, boolean night, List<double[]> lights) {
        int kind = Rnd.weighted(r, new double[] {3, 3, 2, 1});
        double horizon = h * Rnd.uni(r, 0.08, 0.55);
        // sky
        Color skyTop;
        Color skyLow;
        if (night) {
            skyTop = new Color(Rnd.range(r, 5, 20), Rnd.range(r, 8, 25), Rnd.range(r, 20, 45));
            skyLow = new Color(Rnd.range(r, 30, 70), Rnd.range(r, 30, 60), Rnd.range(r, 40, 70));
        } else if (Rnd.chance(r, 0.4)) { // overcast
            int v = Rnd.range(r, 170, 235);
            skyTop = new Color(v - 10, v - 5, v);
            skyLow = new Color(Math.min(255, v + 15), Math.min(255, v + 15), Math.min(255, v + 12));
        } else {
            skyTop = new Color(Rnd.range(r, 60, 120), Rnd.range(r, 120, 170), Rnd.range(r, 200, 245));
            skyLow = new Color(Rnd.range(r, 180, 230), Rnd.range(r, 200, 235), Rnd.range(r, 225, 250));
        }
        g.setPaint(new GradientPaint(0, 0, skyTop, 0, (float) horizon, skyLow));
        g.fill(new Rectangle2D.Double(0, 0, w, horizon + 2));
        if (!night && Rnd.chance(r, 0.5)) {
            for (int i = 0; i < Rnd.range(r, 1, 4); i++) {
                g.setColor(new Color(255, 255, 255, Rnd.range(r, 60, 160)));
                double cx = r.nextDouble() * w;
                double cy = r.nextDouble() * horizon * 0.7;
                for (int k = 0; k < 5; k++) {
                    double rx = Rnd.uni(r, 0.03, 0.1) * w;
                    g.fill(new Ellipse2D.Double(cx + Rnd.sym(r, rx) - rx, cy + Rnd.sym(r, rx * 0.3) - rx * 0.4, 2 * rx, rx * 0.8));
                }
            }
        }
        // skyline: buildings, trees, walls
        if (kind == 2) { // a wall or garage front close behind
            double top = Rnd.uni(r, 0, horizon * 0.5);
            Color wall = Rnd.chance(r, 0.5) ? Canvas.jitter(r, new Color(225, 222, 215), 20)
                    : Canvas.jitter(r, Rnd.pick(r, new Color(70, 120, 200), new Color(180, 90, 60), new Color(140, 140, 135),
                    new Color(200, 180, 140)), 25);
            if (night) {
                wall = Canvas.shade(wall, 0.4);
            }
            textured(g, new Rectangle2D.Double(0, top, w, h), wall, r);
            if (Rnd.chance(r, 0.6)) { // a door or gate
                double dx = r.nextDouble() * w * 0.8;
                double dw = Rnd.uni(r, 0.1, 0.35) * w;
                g.setColor(Canvas.jitter(r, new Color(90, 70, 60), 30));
                g.fill(new Rectangle2D.Double(dx, top + (horizon - top) * 0.2, dw, h));
                if (Rnd.chance(r, 0.5)) {
                    fence(g, r, dx, top + (horizon - top) * 0.2, dw, h, new Color(40, 40, 40));
                }
            }
        } else {
            int nb = kind == 0 ? Rnd.range(r, 3, 9) : Rnd.range(r, 0, 4);
            for (int i = 0; i < nb; i++) {
                double bw = Rnd.uni(r, 0.08, 0.4) * w;
                double bh = Rnd.uni(r, 0.05, 0.45) * h;
                double bx = r.nextDouble() * w - bw * 0.3;
                building(g, r, bx, horizon - bh, bw, bh + 4, night, lights);
            }
            int nt = Rnd.range(r, 0, kind == 1 ? 6 : 3);
            for (int i = 0; i < nt; i++) {
                tree(g, r, r.nextDouble() * w, horizon, Rnd.uni(r, 0.04, 0.18) * h);
            }
            if (Rnd.chance(r, 0.25)) {
                fence(g, r, 0, horizon - Rnd.uni(r, 0.02, 0.12) * h, w, h * 0.15, new Color(40, 40, 45));
            }
        }
        // ground
        Color asphalt = Canvas.jitter(r, Rnd.pick(r, new Color(95, 95, 98), new Color(120, 118, 115), new Color(70, 72, 75),
                new Color(140, 138, 132)), 12);
        if (night) {
            asphalt = Canvas.shade(asphalt, 0.45);
        }
        var groundRect = new Rectangle2D.Double(0, horizon, w, h - horizon);
        textured(g, groundRect, asphalt, r);
        g.setPaint(new GradientPaint(0, (float) horizon, new Color(255, 255, 255, 40), 0, h, new Color(0, 0, 0, 50)));
        g.fill(groundRect);
        if (Rnd.chance(r, 0.5)) { // kerb / pavement
            double ky = horizon + Rnd.uni(r, 0, 0.25) * (h - horizon);
            double kh = Rnd.uni(r, 0.01, 0.06) * h;
            g.setColor(Canvas.jitter(r, new Color(170, 168, 160), 20));
            g.fill(new Rectangle2D.Double(0, ky, w, kh));
            if (Rnd.chance(r, 0.4)) {
                g.setColor(Canvas.jitter(r, new Color(90, 140, 60), 20));
                g.fill(new Rectangle2D.Double(0, ky - kh * 2, w, kh * 2));
            }
        }
        markings(g, r, w, h, horizon, kind);
        // scattered distractors
        return horizon;
    }

    private static void building(Graphics2D g, Random r, double x, double y, double bw, double bh, boolean night, List<double[]> lights) {
        Color c = Canvas.jitter(r, Rnd.pick(r, new Color(200, 190, 170), new Color(160, 150, 140), new Color(180, 100, 80),
                new Color(220, 220, 215), new Color(120, 130, 140), new Color(230, 210, 170)), 20);
        if (night) {
            c = Canvas.shade(c, 0.3);
        }
        textured(g, new Rectangle2D.Double(x, y, bw, bh), c, r);
        double ww = Rnd.uni(r, 0.03, 0.1) * bw + 2;
        double wh = ww * Rnd.uni(r, 0.8, 1.6);
        double gx = ww * Rnd.uni(r, 0.5, 1.2);
        double gy = wh * Rnd.uni(r, 0.4, 1.0);
        Color win = night ? new Color(230, 200, 120) : Canvas.jitter(r, new Color(60, 75, 95), 20);
        for (double yy = y + gy; yy + wh < y + bh - gy; yy += wh + gy) {
            for (double xx = x + gx; xx + ww < x + bw - gx; xx += ww + gx) {
                if (night && r.nextInt(3) != 0) {
                    continue;
                }
                g.setColor(win);
                g.fill(new Rectangle2D.Double(xx, yy, ww, wh));
            }
        }
        if (Rnd.chance(r, 0.35)) { // shop sign
            double sh = Math.max(6, bh * Rnd.uni(r, 0.06, 0.15));
            double sw = bw * Rnd.uni(r, 0.4, 0.9);
            sign(g, r, x + (bw - sw) / 2, y + bh - sh * Rnd.uni(r, 1.5, 4), sw, sh, Rnd.pick(r, SHOPS));
        }
    }

    private static void tree(Graphics2D g, Random r, double x, double base, double size) {
        g.setColor(new Color(Rnd.range(r, 60, 90), Rnd.range(r, 45, 60), Rnd.range(r, 30, 40)));
        g.fill(new Rectangle2D.Double(x - size * 0.05, base - size * 1.2, size * 0.1, size * 1.2));
        Color leaf = new Color(Rnd.range(r, 30, 90), Rnd.range(r, 70, 140), Rnd.range(r, 25, 60));
        for (int i = 0; i < 12; i++) {
            double rx = size * Rnd.uni(r, 0.2, 0.45);
            g.setColor(Canvas.jitter(r, leaf, 18));
            g.fill(new Ellipse2D.Double(x + Rnd.sym(r, size * 0.5) - rx, base - size * 1.4 + Rnd.sym(r, size * 0.4) - rx, 2 * rx,
                    2 * rx * 0.9));
        }
    }

    private static void fence(Graphics2D g, Random r, double x, double y, double fw, double fh, Color c) {
        double step = Rnd.uni(r, 6, 20);
        g.setColor(c);
        g.setStroke(new BasicStroke((float) Rnd.uni(r, 1, 3)));
        for (double xx = x; xx < x + fw; xx += step) {
            g.draw(new Line2D.Double(xx, y, xx, y + fh));
        }
        g.draw(new Line2D.Double(x, y + 3, x + fw, y + 3));
    }

    private static void markings(Graphics2D g, Random r, int w, int h, double horizon, int kind) {
        Color paint = Rnd.chance(r, 0.8) ? new Color(230, 230, 225, Rnd.range(r, 120, 230)) : new Color(230, 190, 40, 200);
        g.setColor(paint);
        if (kind == 1) { // parking bays: slanted lines in ground perspective
            double vx = Rnd.uni(r, -0.5, 1.5) * w;
            int n = Rnd.range(r, 3, 8);
            double y0 = horizon + (h - horizon) * Rnd.uni(r, 0.1, 0.5);
            for (int i = 0; i < n; i++) {
                double bx = w * (i + r.nextDouble()) / n;
                double lw = Rnd.uni(r, 2, 6);
                g.fill(Canvas.poly(bx, h, bx + lw * 3, h, lerp(bx, vx, 0.7), y0, lerp(bx, vx, 0.7) - lw, y0));
            }
        } else if (kind == 0 && Rnd.chance(r, 0.8)) { // lanes converging on a vanishing point
            double vx = Rnd.uni(r, 0.2, 0.8) * w;
            int n = Rnd.range(r, 1, 4);
            for (int i = 0; i < n; i++) {
                double bx = Rnd.uni(r, -0.5, 1.5) * w;
                double lw = Rnd.uni(r, 4, 14);
                boolean dashed = r.nextBoolean();
                if (!dashed) {
                    g.fill(Canvas.poly(bx - lw, h, bx + lw, h, vx + 0.5, horizon, vx - 0.5, horizon));
                } else {
                    for (double t = 0; t < 1; t += 0.2) {
                        double t1 = t + 0.1;
                        double xa = lerp(bx, vx, t);
                        double xb = lerp(bx, vx, t1);
                        double ya = lerp(h, horizon, t);
                        double yb = lerp(h, horizon, t1);
                        g.fill(Canvas.poly(xa - lw * (1 - t), ya, xa + lw * (1 - t), ya, xb + lw * (1 - t1), yb, xb - lw * (1 - t1), yb));
                    }
                }
            }
        }
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    // ---------------------------------------------------------------- distractors

    /** A sign board with text: shop names, phone numbers, words; never a plate layout. */
    static void sign(Graphics2D g, Random r, double x, double y, double sw, double sh, String text) {
        Color bg = Canvas.jitter(r, Rnd.pick(r, new Color(200, 30, 30), new Color(30, 80, 180), new Color(30, 130, 60),
                new Color(250, 250, 250), new Color(250, 200, 30), new Color(30, 30, 30), new Color(240, 120, 20)), 15);
        g.setColor(bg);
        g.fill(new Rectangle2D.Double(x, y, sw, sh));
        Color ink = bg.getRed() + bg.getGreen() + bg.getBlue() > 450 ? Canvas.jitter(r, new Color(30, 30, 30), 20)
                : new Color(250, 250, 250);
        drawText(g, r, text, x + sw * 0.05, y + sh * 0.2, sw * 0.9, sh * 0.6, ink,
                Rnd.pick(r, Fonts.Kind.SANS, Fonts.Kind.SANS_PLAIN, Fonts.Kind.SCRIPT, Fonts.Kind.MONO, Fonts.Kind.DIN));
    }

    /** Text fitted into a box (cap height = box height, squeezed to the width). */
    static void drawText(Graphics2D g, Random r, String text, double x, double y, double bw, double bh, Color ink, Fonts.Kind kind) {
        Fonts.Face f = Rnd.pick(r, Fonts.faces(kind));
        double k = bh / f.capHeight;
        double adv = 0;
        for (int i = 0; i < text.length(); i++) {
            adv += f.glyph(text.charAt(i)).advance() * k;
        }
        double sx = adv > bw ? bw / adv : 1;
        double cx = x + (bw - adv * sx) / 2;
        var path = new Path2D.Double();
        for (int i = 0; i < text.length(); i++) {
            Fonts.Glyph gl = f.glyph(text.charAt(i));
            path.append(new AffineTransform(k * sx, 0, 0, k, cx, y + bh).createTransformedShape(gl.outline()), false);
            cx += gl.advance() * k * sx;
        }
        g.setColor(ink);
        Object aa = g.getRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING);
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.fill(path);
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, aa);
    }

    /** Scatters distractors over the image: signs, phone numbers, stickers, plate-like rectangles, a speed sign. */
    static void distractors(Graphics2D g, Random r, int w, int h, double mean) {
        int n = poisson(r, mean);
        for (int i = 0; i < n; i++) {
            double s = Math.min(w, h) * Rnd.logUni(r, 0.015, 0.09);
            double x = r.nextDouble() * w;
            double y = r.nextDouble() * h;
            switch (r.nextInt(5)) {
                case 0 -> sign(g, r, x, y, s * Rnd.uni(r, 2, 6), s, Rnd.pick(r, SHOPS));
                case 1 -> sign(g, r, x, y, s * Rnd.uni(r, 4, 8), s * 0.7, phone(r));
                case 2 -> plateLike(g, r, x, y, s * Rnd.uni(r, 2, 4.7), s);
                case 3 -> speedSign(g, r, x, y, s);
                default -> { // a small sticker or label
                    Color bg = Canvas.jitter(r, new Color(240, 240, 240), 15);
                    g.setColor(bg);
                    g.fill(new Ellipse2D.Double(x, y, s * 1.5, s));
                    drawText(g, r, Rnd.pick(r, "SK", "D", "UZ", "TAXI", "4x4", "ABS", "GPS", "24/7"), x + s * 0.2, y + s * 0.3, s * 1.1,
                            s * 0.4, Color.BLACK, Fonts.Kind.SANS);
                }
            }
        }
    }

    private static String phone(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "+998 " + Rnd.digits(r, 2) + " " + Rnd.digits(r, 3) + "-" + Rnd.digits(r, 2) + "-" + Rnd.digits(r, 2);
            case 1 -> "(" + Rnd.digits(r, 3) + ") " + Rnd.digits(r, 3) + "-" + Rnd.digits(r, 4);
            case 2 -> "TEL: " + Rnd.digits(r, 4) + " " + Rnd.digits(r, 3) + " " + Rnd.digits(r, 3);
            default -> "www." + EuStyles.word(r, Rnd.range(r, 4, 8)).toLowerCase(java.util.Locale.ROOT) + ".com";
        };
    }

    /** A rectangle that looks like a plate from afar but has no registration on it. */
    static void plateLike(Graphics2D g, Random r, double x, double y, double pw, double ph) {
        Color bg = Rnd.chance(r, 0.7) ? new Color(240, 240, 236) : new Color(245, 200, 30);
        g.setColor(bg);
        g.fill(new java.awt.geom.RoundRectangle2D.Double(x, y, pw, ph, ph * 0.15, ph * 0.15));
        g.setColor(new Color(25, 25, 25));
        g.setStroke(new BasicStroke((float) Math.max(1, ph * 0.05)));
        g.draw(new java.awt.geom.RoundRectangle2D.Double(x + ph * 0.06, y + ph * 0.06, pw - ph * 0.12, ph - ph * 0.12, ph * 0.1, ph * 0.1));
        switch (r.nextInt(4)) {
            case 0 -> { // barcode
                for (double xx = x + pw * 0.1; xx < x + pw * 0.9; xx += Rnd.uni(r, 1, 4)) {
                    g.fill(new Rectangle2D.Double(xx, y + ph * 0.2, Rnd.uni(r, 0.5, 2), ph * 0.6));
                }
            }
            case 1 -> { // two lines of small print
                drawText(g, r, EuStyles.word(r, 8).toLowerCase(java.util.Locale.ROOT), x + pw * 0.1, y + ph * 0.2, pw * 0.8, ph * 0.2,
                        Color.DARK_GRAY, Fonts.Kind.SANS_PLAIN);
                drawText(g, r, phone(r), x + pw * 0.1, y + ph * 0.6, pw * 0.8, ph * 0.18, Color.DARK_GRAY, Fonts.Kind.SANS_PLAIN);
            }
            case 2 -> { // a logo
                g.setColor(Canvas.jitter(r, new Color(200, 40, 40), 60));
                g.fill(new Ellipse2D.Double(x + pw / 2 - ph * 0.3, y + ph * 0.2, ph * 0.6, ph * 0.6));
            }
            default -> {
            }
        }
    }

    private static void speedSign(Graphics2D g, Random r, double x, double y, double s) {
        g.setColor(new Color(120, 120, 120));
        g.fill(new Rectangle2D.Double(x + s / 2 - s * 0.04, y + s, s * 0.08, s * 2));
        g.setColor(new Color(200, 20, 20));
        g.fill(new Ellipse2D.Double(x, y, s, s));
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(x + s * 0.12, y + s * 0.12, s * 0.76, s * 0.76));
        drawText(g, r, Rnd.pick(r, "30", "40", "50", "60", "70", "80", "90", "100"), x + s * 0.2, y + s * 0.32, s * 0.6, s * 0.36,
                Color.BLACK, Fonts.Kind.SANS);
    }

    /** Overlaid camera text: a timestamp and a camera name. */
    static void overlay(Graphics2D g, Random r, int w, int h) {
        String ts = String.format("%04d-%02d-%02d %02d:%02d:%02d", Rnd.range(r, 2012, 2026), Rnd.range(r, 1, 12), Rnd.range(r, 1, 28),
                Rnd.range(r, 0, 23), Rnd.range(r, 0, 59), Rnd.range(r, 0, 59));
        double th = Math.max(7, h * Rnd.uni(r, 0.012, 0.03));
        boolean top = r.nextBoolean();
        drawText(g, r, ts, 4, top ? 4 : h - th - 4, th * 10, th, new Color(255, 255, 255, 220), Fonts.Kind.MONO);
        if (Rnd.chance(r, 0.4)) {
            drawText(g, r, "CAM " + Rnd.digits(r, 2), w - th * 6, top ? 4 : h - th - 4, th * 5, th, new Color(255, 255, 255, 220),
                    Fonts.Kind.MONO);
        }
    }

    /** Soft cast shadows (trees, buildings) across the scene. */
    static void shadows(Graphics2D g, Random r, int w, int h) {
        Composite old = g.getComposite();
        int n = Rnd.range(r, 1, 3);
        for (int i = 0; i < n; i++) {
            var p = new Path2D.Double();
            double cx = r.nextDouble() * w;
            double cy = r.nextDouble() * h;
            double rad = Rnd.uni(r, 0.15, 0.6) * Math.max(w, h);
            int k = Rnd.range(r, 5, 9);
            for (int j = 0; j < k; j++) {
                double a = j * 2 * Math.PI / k + Rnd.sym(r, 0.3);
                double rr = rad * Rnd.uni(r, 0.5, 1.2);
                if (j == 0) {
                    p.moveTo(cx + Math.cos(a) * rr, cy + Math.sin(a) * rr * 0.6);
                } else {
                    p.lineTo(cx + Math.cos(a) * rr, cy + Math.sin(a) * rr * 0.6);
                }
            }
            p.closePath();
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) Rnd.uni(r, 0.2, 0.45)));
            g.setColor(new Color(10, 10, 25));
            g.fill(p);
        }
        g.setComposite(old);
    }

    private static int poisson(Random r, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l && k < 50);
        return k - 1;
    }
}
