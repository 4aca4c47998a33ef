package dev.plateguard.anpr.synth;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.Random;

/** Flags, bands, coats of arms, seals, stickers and icons, drawn in millimetres on a {@link Canvas}. */
final class Emblems {

    static final Color EU_BLUE = new Color(0, 51, 153);
    static final Color EU_YELLOW = new Color(255, 204, 0);
    static final Color WHITE = Color.WHITE;

    private Emblems() {
    }

    // ---------------------------------------------------------------- flags

    static void flag(Canvas c, String code, double x, double y, double w, double h) {
        switch (code) {
            case "UZ" -> {
                Color blue = new Color(0, 153, 181);
                Color green = new Color(30, 181, 58);
                Color red = new Color(206, 17, 38);
                c.rect(x, y, w, h / 3, blue);
                c.rect(x, y + h / 3, w, h / 3, WHITE);
                c.rect(x, y + 2 * h / 3, w, h / 3, green);
                c.rect(x, y + h / 3 - h * 0.02, w, h * 0.04, red);
                c.rect(x, y + 2 * h / 3 - h * 0.02, w, h * 0.04, red);
                crescent(c, x + w * 0.12, y + h * 0.16, h * 0.12, blue, WHITE);
                for (int i = 0; i < 3; i++) {
                    c.ellipse(x + w * (0.24 + 0.07 * i), y + h * 0.16, h * 0.025, h * 0.025, WHITE);
                }
            }
            case "KZ" -> {
                Color sky = new Color(0, 175, 202);
                Color gold = new Color(254, 197, 14);
                c.rect(x, y, w, h, sky);
                c.ellipse(x + w * 0.5, y + h * 0.42, h * 0.2, h * 0.2, gold);
                c.ellipse(x + w * 0.5, y + h * 0.68, w * 0.2, h * 0.08, gold);
                c.rect(x + w * 0.04, y + h * 0.05, w * 0.06, h * 0.9, gold);
            }
            case "KG" -> {
                c.rect(x, y, w, h, new Color(232, 17, 45));
                c.ellipse(x + w / 2, y + h / 2, h * 0.32, h * 0.32, new Color(255, 224, 0));
                c.ellipse(x + w / 2, y + h / 2, h * 0.16, h * 0.16, new Color(232, 17, 45));
            }
            case "TJ" -> {
                c.rect(x, y, w, h * 0.29, new Color(204, 0, 0));
                c.rect(x, y + h * 0.29, w, h * 0.42, WHITE);
                c.rect(x, y + h * 0.71, w, h * 0.29, new Color(0, 102, 0));
                c.ellipse(x + w / 2, y + h / 2, h * 0.1, h * 0.06, new Color(248, 196, 0));
            }
            case "RU" -> {
                c.rect(x, y, w, h / 3, WHITE);
                c.rect(x, y + h / 3, w, h / 3, new Color(0, 57, 166));
                c.rect(x, y + 2 * h / 3, w, h / 3, new Color(213, 43, 30));
            }
            case "TM" -> {
                c.rect(x, y, w, h, new Color(0, 132, 61));
                c.rect(x + w * 0.12, y, w * 0.18, h, new Color(200, 30, 40));
                crescent(c, x + w * 0.55, y + h * 0.3, h * 0.16, new Color(0, 132, 61), WHITE);
            }
            case "UA" -> {
                c.rect(x, y, w, h / 2, new Color(0, 87, 183));
                c.rect(x, y + h / 2, w, h / 2, new Color(255, 215, 0));
            }
            case "GE" -> {
                Color red = new Color(255, 0, 0);
                c.rect(x, y, w, h, WHITE);
                c.rect(x + w * 0.43, y, w * 0.14, h, red);
                c.rect(x, y + h * 0.4, w, h * 0.2, red);
                for (int i = 0; i < 4; i++) {
                    double cx = x + w * (i % 2 == 0 ? 0.2 : 0.8);
                    double cy = y + h * (i < 2 ? 0.2 : 0.8);
                    c.rect(cx - w * 0.05, cy - h * 0.015, w * 0.1, h * 0.03, red);
                    c.rect(cx - w * 0.015, cy - h * 0.08, w * 0.03, h * 0.16, red);
                }
            }
            case "AZ" -> {
                c.rect(x, y, w, h / 3, new Color(0, 181, 226));
                c.rect(x, y + h / 3, w, h / 3, new Color(239, 51, 64));
                c.rect(x, y + 2 * h / 3, w, h / 3, new Color(80, 158, 47));
                crescent(c, x + w * 0.47, y + h * 0.5, h * 0.12, new Color(239, 51, 64), WHITE);
            }
            case "BR" -> {
                c.rect(x, y, w, h, new Color(0, 151, 57));
                c.fill(Canvas.poly(x + w * 0.08, y + h / 2, x + w / 2, y + h * 0.08, x + w * 0.92, y + h / 2, x + w / 2, y + h * 0.92),
                        new Color(254, 223, 0));
                c.ellipse(x + w / 2, y + h / 2, h * 0.25, h * 0.25, new Color(0, 39, 118));
            }
            case "TR" -> {
                c.rect(x, y, w, h, new Color(227, 10, 23));
                crescent(c, x + w * 0.38, y + h / 2, h * 0.25, new Color(227, 10, 23), WHITE);
            }
            case "GB" -> {
                Color blue = new Color(1, 33, 105);
                Color red = new Color(200, 16, 46);
                c.rect(x, y, w, h, blue);
                c.line(x, y, x + w, y + h, h * 0.2, WHITE);
                c.line(x, y + h, x + w, y, h * 0.2, WHITE);
                c.line(x, y, x + w, y + h, h * 0.07, red);
                c.line(x, y + h, x + w, y, h * 0.07, red);
                c.rect(x + w * 0.4, y, w * 0.2, h, WHITE);
                c.rect(x, y + h * 0.33, w, h * 0.34, WHITE);
                c.rect(x + w * 0.44, y, w * 0.12, h, red);
                c.rect(x, y + h * 0.4, w, h * 0.2, red);
            }
            case "EU" -> {
                c.rect(x, y, w, h, EU_BLUE);
                stars(c, x + w / 2, y + h / 2, h * 0.33, h * 0.05);
            }
            default -> c.rect(x, y, w, h, Color.GRAY);
        }
    }

    private static void crescent(Canvas c, double cx, double cy, double r, Color bg, Color fg) {
        c.ellipse(cx, cy, r, r, fg);
        c.ellipse(cx + r * 0.35, cy - r * 0.1, r * 0.85, r * 0.85, bg);
    }

    /** The EU circle of twelve stars. */
    static void stars(Canvas c, double cx, double cy, double r, double starR) {
        for (int i = 0; i < 12; i++) {
            double a = i * Math.PI / 6;
            star(c, cx + Math.cos(a) * r, cy + Math.sin(a) * r, starR, EU_YELLOW);
        }
    }

    static void star(Canvas c, double cx, double cy, double r, Color col) {
        var p = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double a = -Math.PI / 2 + i * Math.PI / 5;
            double rr = i % 2 == 0 ? r : r * 0.45;
            if (i == 0) {
                p.moveTo(cx + Math.cos(a) * rr, cy + Math.sin(a) * rr);
            } else {
                p.lineTo(cx + Math.cos(a) * rr, cy + Math.sin(a) * rr);
            }
        }
        p.closePath();
        c.fill(p, col);
    }

    /**
     * The blue EU identifier band on the left: stars (optional) above the country code.
     *
     * @param code  the distinguishing sign (D, HR, SK...); may be empty
     * @param stars whether to draw the star circle (Serbia, Turkey and pre-EU plates have none)
     */
    static void euBand(Canvas c, String code, double x, double y, double w, double h, boolean stars, Color bandColor) {
        c.rect(x, y, w, h, bandColor);
        if (stars) {
            stars(c, x + w / 2, y + h * 0.3, w * 0.3, w * 0.065);
        }
        if (!code.isEmpty()) {
            double cap = Math.min(h * 0.26, w * (code.length() > 2 ? 0.34 : 0.5));
            c.label(code, x + w * 0.06, x + w * 0.94, y + h * (stars ? 0.62 : 0.5 - 0.13), cap, Fonts.Kind.SANS, WHITE, 0.5);
        }
    }

    /** A band with a national flag above the country code (Ukraine, Georgia, Azerbaijan, CIS). */
    static void flagBand(Canvas c, String flag, String code, double x, double y, double w, double h, Color bg, Color text) {
        if (bg != null) {
            c.rect(x, y, w, h, bg);
        }
        double fw = w * 0.78;
        double fh = Math.min(fw * 0.6, h * 0.38);
        flag(c, flag, x + (w - fw) / 2, y + h * 0.14, fw, fh);
        c.label(code, x + w * 0.05, x + w * 0.95, y + h * 0.6, h * 0.24, Fonts.Kind.SANS, text, 0.5);
    }

    // ---------------------------------------------------------------- arms and seals

    /** A heater shield outline within the box. */
    static Path2D shield(double x, double y, double w, double h) {
        var p = new Path2D.Double();
        p.moveTo(x, y);
        p.lineTo(x + w, y);
        p.lineTo(x + w, y + h * 0.55);
        p.quadTo(x + w, y + h * 0.9, x + w / 2, y + h);
        p.quadTo(x, y + h * 0.9, x, y + h * 0.55);
        p.closePath();
        return p;
    }

    static void arms(Canvas c, String code, double x, double y, double w, double h) {
        var sh = shield(x, y, w, h);
        switch (code) {
            case "SK" -> {
                c.fill(sh, new Color(238, 28, 37));
                var clip = c.g.getClip();
                c.g.clip(sh);
                c.ellipse(x + w * 0.5, y + h * 1.02, w * 0.55, h * 0.28, new Color(11, 78, 162));
                c.g.setClip(clip);
                c.rect(x + w * 0.44, y + h * 0.12, w * 0.12, h * 0.62, WHITE);
                c.rect(x + w * 0.28, y + h * 0.25, w * 0.44, h * 0.08, WHITE);
                c.rect(x + w * 0.22, y + h * 0.42, w * 0.56, h * 0.09, WHITE);
                c.stroke(sh, w * 0.04, Color.WHITE);
            }
            case "HR" -> {
                var clip = c.g.getClip();
                c.fill(sh, WHITE);
                c.g.clip(sh);
                double s = w / 5;
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 6; j++) {
                        if ((i + j) % 2 == 0) {
                            c.rect(x + i * s, y + h * 0.22 + j * s, s, s, new Color(255, 0, 0));
                        }
                    }
                }
                c.g.setClip(clip);
                for (int i = 0; i < 5; i++) {
                    c.fill(shield(x + i * w / 5, y, w / 5, h * 0.2), i % 2 == 0 ? new Color(23, 23, 150) : new Color(80, 150, 220));
                }
                c.stroke(sh, w * 0.03, new Color(40, 40, 40));
            }
            case "RS" -> {
                c.fill(sh, new Color(198, 54, 60));
                c.ellipse(x + w / 2, y + h * 0.45, w * 0.3, h * 0.25, WHITE);
                c.ellipse(x + w * 0.3, y + h * 0.3, w * 0.14, h * 0.1, WHITE);
                c.ellipse(x + w * 0.7, y + h * 0.3, w * 0.14, h * 0.1, WHITE);
                c.rect(x + w * 0.25, y - h * 0.12, w * 0.5, h * 0.12, new Color(220, 170, 40));
            }
            case "SI" -> {
                c.fill(sh, new Color(0, 94, 184));
                c.fill(Canvas.poly(x + w * 0.15, y + h * 0.65, x + w * 0.5, y + h * 0.2, x + w * 0.85, y + h * 0.65), WHITE);
                c.rect(x + w * 0.2, y + h * 0.7, w * 0.6, h * 0.05, new Color(0, 94, 184).brighter());
                star(c, x + w * 0.5, y + h * 0.1, w * 0.08, EU_YELLOW);
                c.stroke(sh, w * 0.05, new Color(237, 28, 36));
            }
            case "CZ" -> {
                c.fill(sh, new Color(215, 20, 26));
                c.ellipse(x + w / 2, y + h * 0.45, w * 0.25, h * 0.25, WHITE);
            }
            default -> {
                c.fill(sh, Canvas.jitter(c.rnd, new Color(150, 40, 40), 60));
                c.ellipse(x + w / 2, y + h * 0.45, w * 0.2, h * 0.2, EU_YELLOW);
            }
        }
    }

    /** German registration seals: the round inspection sticker above the state seal. */
    static void germanSeals(Canvas c, double x, double y, double w, double h) {
        double r = Math.min(w * 0.46, h * 0.22);
        double cx = x + w / 2;
        // HU sticker: coloured hexagon ring with a year in the middle
        Color hu = Rnd.pick(c.rnd, new Color(230, 120, 40), new Color(60, 140, 220), new Color(240, 200, 40),
                new Color(120, 80, 60), new Color(230, 110, 160), new Color(80, 170, 80));
        double hy = y + h * 0.25;
        c.ellipse(cx, hy, r, r, hu);
        c.ellipse(cx, hy, r * 0.55, r * 0.55, WHITE);
        c.line(cx, hy - r, cx, hy - r * 0.55, r * 0.12, Color.BLACK);
        c.ellipse(cx, hy, r * 0.3, r * 0.2, Canvas.alpha(Color.BLACK, 150));
        // state seal: light disc with small coloured arms
        double sy = y + h * 0.72;
        c.ellipse(cx, sy, r, r, new Color(235, 235, 230));
        c.stroke(new Ellipse2D.Double(cx - r, sy - r, 2 * r, 2 * r), r * 0.08, new Color(120, 120, 120));
        c.fill(shield(cx - r * 0.35, sy - r * 0.45, r * 0.7, r * 0.85),
                Rnd.pick(c.rnd, new Color(200, 30, 30), new Color(30, 80, 180), new Color(240, 200, 30), new Color(40, 40, 40)));
    }

    /** A registration sticker (US): coloured rectangle with a tiny year or month. */
    static void sticker(Canvas c, double x, double y, double w, double h) {
        Color col = Rnd.pick(c.rnd, new Color(230, 60, 50), new Color(40, 120, 210), new Color(250, 200, 40),
                new Color(60, 170, 80), new Color(240, 130, 30), new Color(150, 80, 180), Color.WHITE);
        c.round(x, y, w, h, h * 0.12, col);
        Color ink = col.getRed() + col.getGreen() + col.getBlue() > 500 ? Color.BLACK : Color.WHITE;
        c.label(Rnd.chance(c.rnd, 0.5) ? Rnd.digits(c.rnd, 2) : Rnd.pick(c.rnd, "JAN", "FEB", "MAR", "APR", "JUN", "SEP", "OCT", "DEC"),
                x + w * 0.1, x + w * 0.9, y + h * 0.25, h * 0.5, Fonts.Kind.SANS, ink, 0.5);
    }

    /** Tractor silhouette (Uzbek tractor plates). */
    static void tractor(Canvas c, double x, double y, double w, double h, Color col) {
        c.ellipse(x + w * 0.3, y + h * 0.68, w * 0.26, h * 0.3, col);
        c.ellipse(x + w * 0.3, y + h * 0.68, w * 0.1, h * 0.12, WHITE);
        c.ellipse(x + w * 0.82, y + h * 0.8, w * 0.14, h * 0.18, col);
        c.rect(x + w * 0.15, y + h * 0.1, w * 0.35, h * 0.35, col);
        c.rect(x + w * 0.2, y + h * 0.15, w * 0.25, h * 0.2, WHITE);
        c.rect(x + w * 0.45, y + h * 0.4, w * 0.5, h * 0.2, col);
    }

    /** A pseudo-Hanzi province character (no CJK font is assumed): random strokes in a square. */
    static void pseudoHanzi(Canvas c, double x, double y, double s, Color col) {
        Random r = c.rnd;
        double sw = s * 0.09;
        int strokes = Rnd.range(r, 4, 8);
        for (int i = 0; i < strokes; i++) {
            if (r.nextBoolean()) {
                double yy = y + s * Rnd.uni(r, 0.05, 0.95);
                double a = x + s * Rnd.uni(r, 0.0, 0.4);
                c.line(a, yy, a + s * Rnd.uni(r, 0.3, 0.6), yy + Rnd.sym(r, s * 0.05), sw, col);
            } else {
                double xx = x + s * Rnd.uni(r, 0.05, 0.95);
                double a = y + s * Rnd.uni(r, 0.0, 0.4);
                c.line(xx, a, xx + Rnd.sym(r, s * 0.15), a + s * Rnd.uni(r, 0.3, 0.6), sw, col);
            }
        }
    }

    /** A faint circular hologram / emblem (India IND, Brazil Mercosur, watermarks). */
    static void hologram(Canvas c, double cx, double cy, double r, Color col) {
        c.stroke(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r), r * 0.15, col);
        for (int i = 0; i < 8; i++) {
            double a = i * Math.PI / 4;
            c.line(cx, cy, cx + Math.cos(a) * r, cy + Math.sin(a) * r, r * 0.08, col);
        }
    }

    /** A soft background graphic: vertical gradient. */
    static void vgradient(Canvas c, double x, double y, double w, double h, Color top, Color bottom) {
        c.fill(new java.awt.geom.Rectangle2D.Double(x, y, w, h),
                new GradientPaint((float) x, (float) y, top, (float) x, (float) (y + h), bottom));
    }

    /** Mountains silhouette along a baseline. */
    static void mountains(Canvas c, double x, double base, double w, double height, Color col) {
        var p = new Path2D.Double();
        p.moveTo(x, base);
        int peaks = Rnd.range(c.rnd, 2, 5);
        for (int i = 0; i <= peaks * 2; i++) {
            double px = x + w * i / (peaks * 2.0);
            double py = i % 2 == 1 ? base - height * Rnd.uni(c.rnd, 0.5, 1.0) : base - height * Rnd.uni(c.rnd, 0.0, 0.3);
            p.lineTo(px, py);
        }
        p.lineTo(x + w, base);
        p.closePath();
        c.fill(p, col);
    }

    /** A filled area made of random ellipses (foliage, fruit, clouds). */
    static void blob(Canvas c, double cx, double cy, double rx, double ry, int n, Color col) {
        // overlapping ellipses (a union would be exact for opaque colours, but Area operations are slow)
        var p = new Path2D.Double(Path2D.WIND_NON_ZERO);
        for (int i = 0; i < n; i++) {
            double ex = cx + Rnd.sym(c.rnd, rx * 0.6);
            double ey = cy + Rnd.sym(c.rnd, ry * 0.6);
            double r1 = rx * Rnd.uni(c.rnd, 0.3, 0.6);
            double r2 = ry * Rnd.uni(c.rnd, 0.3, 0.6);
            p.append(new Ellipse2D.Double(ex - r1, ey - r2, 2 * r1, 2 * r2), false);
        }
        c.fill(p, col);
    }
}
