package dev.plateguard.anpr.synth;

import java.awt.BasicStroke;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.HashMap;
import java.util.Map;

/**
 * The registration characters 0-9 and A-Z drawn the way the German FE-Schrift (DIN 74-2, "fälschungserschwerende
 * Schrift") draws them, which is the font of Uzbek, German and Mercosur plates (docs/anpr-synth.md).
 *
 * <p>No installed font has these shapes, and the ones the synthesis used before (DIN-like) differ exactly where real
 * Uzbek plates fool a reader: FE's digit 0 is a narrow stadium with straight sides, close to D (which only has square
 * left corners), while the letter O is wider and rounder; its 3 has a flat top and a straight diagonal; 6 and 9 have
 * straight stems; 1 has a long flag and no foot. Each character is a centre line stroked at a constant width and
 * clipped to its box, as FE is constructed: cap height 75 mm, stroke about 9.5 mm, letters 47.5 mm and digits
 * 44.5 mm wide (Mittelschrift). Here the cap height is 100 units, baseline at y = 0, y pointing down.
 */
final class FeSchrift {

    /** Stroke width at cap height 100 (9.5 / 75). */
    static final double STROKE = 12.7;
    /** Outline widths: digits 44.5 / 75, letters 47.5 / 75 of the cap height. */
    static final double DIGIT_WIDTH = 59;
    static final double LETTER_WIDTH = 63;
    /** Space after each character, in the same units (FE's spacing is part of the character cell). */
    static final double SIDE_BEARING = 8;

    private FeSchrift() {
    }

    /** Outlines of 0-9 and A-Z at cap height 100. */
    static Map<Character, Fonts.Glyph> glyphs() {
        var out = new HashMap<Character, Fonts.Glyph>();
        for (char c = '0'; c <= '9'; c++) {
            out.put(c, glyph(c));
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            out.put(c, glyph(c));
        }
        return out;
    }

    static Fonts.Glyph glyph(char c) {
        double w = width(c);
        Shape line = centreLine(c, w);
        Area a = new Area(new BasicStroke((float) STROKE, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 2.5f)
                .createStrokedShape(line));
        a.intersect(new Area(new Rectangle2D.Double(0, -100, w, 100)));
        return new Fonts.Glyph(a, w + SIDE_BEARING, a.getBounds2D());
    }

    static double width(char c) {
        if (c == '1') {
            return DIGIT_WIDTH * 0.8;
        }
        if (c == 'I') {
            return STROKE + 6;
        }
        if (c == 'J') {
            return LETTER_WIDTH * 0.85;
        }
        if (c == 'O' || c == 'Q' || c == 'M' || c == 'W') {
            return LETTER_WIDTH * 1.06;
        }
        return Character.isDigit(c) ? DIGIT_WIDTH : LETTER_WIDTH;
    }

    private static Shape centreLine(char c, double w) {
        double h = STROKE / 2;
        double x0 = h;
        double x1 = w - h;
        double yT = -100 + h;
        double yB = -h;
        double cx = w / 2;
        double bw = x1 - x0;
        double r = bw / 2;
        var p = new Pen();
        switch (c) {
            // ---------------------------------------------------------------- digits
            case '0' -> p.add(new RoundRectangle2D.Double(x0, yT, bw, yB - yT, bw, bw * 1.1));
            case '1' -> {
                double xs = x1 - 4;
                p.m(x0, yT + 30).l(xs, yT - 4).l(xs, 4);
            }
            case '2' -> {
                p.arc(cx, yT + r, r, r, 165, -205).l(x0, yB).l(x1 + h, yB);
            }
            case '3' -> {
                double ym = -58;
                p.m(x0 - h, yT).l(x1, yT).l(cx - 3, ym);
                p.arc(cx, (ym + yB) / 2, r, (yB - ym) / 2, 105, -270);
            }
            case '4' -> {
                double xs = x1 - 10;
                p.m(xs, 4).l(xs, yT).l(x0, -34).l(x1 + h, -34);
            }
            case '5' -> {
                double ym = -60;
                p.m(x1, yT).l(x0, yT).l(x0, ym - 2).l(cx - 4, ym);
                p.arc(cx - 1, (ym + yB) / 2, r + 1, (yB - ym) / 2, 90, -255);
            }
            case '6' -> {
                double ym = -62;
                p.add(new Arc2D.Double(x0, ym, bw, yB - ym, 0, 360, Arc2D.OPEN));
                p.m(x1 - 2, yT - 4).l(x0 + 1, (ym + yB) / 2 - 2);
            }
            case '9' -> {
                // the 6 turned by half a turn about the cell's centre
                double ym = -62;
                var six = new Pen();
                six.add(new Arc2D.Double(x0, ym, bw, yB - ym, 0, 360, Arc2D.OPEN));
                six.m(x1 - 2, yT - 4).l(x0 + 1, (ym + yB) / 2 - 2);
                return AffineTransform.getRotateInstance(Math.PI, w / 2, -50).createTransformedShape(six.path);
            }
            case '7' -> p.m(x0 - h, yT).l(x1, yT).l(x0 + bw * 0.22, 4);
            case '8' -> {
                double ym = -54;
                p.add(new RoundRectangle2D.Double(x0 + 3, yT, bw - 6, ym - yT, bw - 6, ym - yT));
                p.add(new RoundRectangle2D.Double(x0, ym, bw, yB - ym, bw, yB - ym));
            }
            // ---------------------------------------------------------------- letters
            case 'A' -> {
                p.m(x0 - 2, 4).l(cx - 6, yT).l(cx + 6, yT).l(x1 + 2, 4);
                p.m(x0 + 6, -32).l(x1 - 6, -32);
            }
            case 'B' -> {
                double ym = -53;
                double rt = (ym - yT) / 2;
                double rb = (yB - ym) / 2;
                p.m(x0, 4).l(x0, yT).l(x1 - 4 - rt, yT).arc(x1 - 4 - rt, yT + rt, rt, rt, 90, -180).l(x0, ym);
                p.m(x0, ym).l(x1 - rb, ym).arc(x1 - rb, ym + rb, rb, rb, 90, -180).l(x0 - h, yB);
            }
            case 'C' -> p.arc(cx, yT + r, r, r, 25, 155).l(x0, yB - r).arc(cx, yB - r, r, r, 180, 155);
            case 'D' -> {
                double rd = bw * 0.5;
                p.m(x0, yT).l(x1 - rd, yT).arc(x1 - rd, yT + rd, rd, rd, 90, -90).l(x1, yB - rd)
                        .arc(x1 - rd, yB - rd, rd, rd, 0, -90).l(x0, yB).close();
            }
            case 'E' -> {
                p.m(x1, yT).l(x0, yT).l(x0, yB).l(x1, yB);
                p.m(x0, -50).l(x1 - 6, -50);
            }
            case 'F' -> {
                p.m(x1, yT).l(x0, yT).l(x0, 4);
                p.m(x0, -48).l(x1 - 8, -48);
            }
            case 'G' -> {
                p.arc(cx, yT + r, r, r, 25, 155).l(x0, yB - r).arc(cx, yB - r, r, r, 180, 180).l(x1, -46).l(cx, -46);
            }
            case 'H' -> {
                p.m(x0, -104).l(x0, 4);
                p.m(x1, -104).l(x1, 4);
                p.m(x0, -51).l(x1, -51);
            }
            case 'I' -> p.m(cx, -104).l(cx, 4);
            case 'J' -> p.m(x1, -104).l(x1, yB - r).arc(cx, yB - r, r, r, 0, -165);
            case 'K' -> {
                p.m(x0, -104).l(x0, 4);
                p.m(x1 + 2, yT - 4).l(x0 + 2, -40);
                p.m(x0 + bw * 0.3, -56).l(x1 + 3, 4);
            }
            case 'L' -> p.m(x0, -104).l(x0, yB).l(x1 + h, yB);
            case 'M' -> p.m(x0, 4).l(x0, yT).l(cx, -36).l(x1, yT).l(x1, 4);
            case 'N' -> p.m(x0, 4).l(x0, yT).l(x1, yB).l(x1, -104);
            case 'O' -> p.add(new RoundRectangle2D.Double(x0, yT, bw, yB - yT, bw, (yB - yT) * 0.8));
            case 'P' -> {
                double ym = -44;
                double rp = (ym - yT) / 2;
                p.m(x0, 4).l(x0, yT).l(x1 - rp, yT).arc(x1 - rp, yT + rp, rp, rp, 90, -180).l(x0, ym);
            }
            case 'Q' -> {
                p.add(new RoundRectangle2D.Double(x0, yT, bw, yB - yT, bw, (yB - yT) * 0.8));
                p.m(cx + 4, -30).l(x1 + 4, 4);
            }
            case 'R' -> {
                double ym = -46;
                double rp = (ym - yT) / 2;
                p.m(x0, 4).l(x0, yT).l(x1 - rp, yT).arc(x1 - rp, yT + rp, rp, rp, 90, -180).l(x0, ym);
                p.m(x1 - rp - 4, ym).l(x1 + 3, 4);
            }
            case 'S' -> {
                double ym = -53;
                double rt = (ym - yT) / 2;
                double rb = (yB - ym) / 2;
                p.arc(cx, yT + rt, r - 1, rt, 20, 250).arc(cx, ym + rb, r, rb, 90, -255);
            }
            case 'T' -> {
                p.m(x0 - h, yT).l(x1 + h, yT);
                p.m(cx, yT).l(cx, 4);
            }
            case 'U' -> p.m(x0, -104).l(x0, yB - r).arc(cx, yB - r, r, r, 180, 180).l(x1, -104);
            case 'V' -> p.m(x0 - 1, -104).l(cx, yB).l(x1 + 1, -104);
            case 'W' -> p.m(x0 - 2, -104).l(x0 + bw * 0.22, yB).l(cx, -64).l(x1 - bw * 0.22, yB).l(x1 + 2, -104);
            case 'X' -> {
                p.m(x0, -104).l(x1, 4);
                p.m(x1, -104).l(x0, 4);
            }
            case 'Y' -> {
                p.m(x0 - 1, -104).l(cx, -46).l(x1 + 1, -104);
                p.m(cx, -46).l(cx, 4);
            }
            case 'Z' -> p.m(x0 - h, yT).l(x1, yT).l(x0, yB).l(x1 + h, yB);
            default -> throw new IllegalArgumentException("not an FE-Schrift registration character: " + c);
        }
        return p.path;
    }

    /** A small path builder: m(ove), l(ine), arc (Java2D angles: 0 = right, 90 = up, positive = anticlockwise). */
    private static final class Pen {
        final Path2D.Double path = new Path2D.Double();

        Pen m(double x, double y) {
            path.moveTo(x, y);
            return this;
        }

        Pen l(double x, double y) {
            path.lineTo(x, y);
            return this;
        }

        Pen arc(double cx, double cy, double rx, double ry, double start, double extent) {
            path.append(new Arc2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry, start, extent, Arc2D.OPEN),
                    path.getCurrentPoint() != null);
            return this;
        }

        Pen close() {
            path.closePath();
            return this;
        }

        void add(Shape s) {
            path.append(s, false);
        }
    }
}
