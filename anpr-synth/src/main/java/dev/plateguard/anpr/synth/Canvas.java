package dev.plateguard.anpr.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Draws a plate in millimetres: the {@link Graphics2D} is scaled by pixels per millimetre, so styles describe plates
 * in their physical units. Holds the per-plate random "look" (glyph size, spacing, width, weight, embossing, font
 * choice), drawn once from {@link SceneRenderer.Settings.Look} when the canvas is made.
 */
final class Canvas {

    final Graphics2D g;
    final Random rnd;
    final double w;
    final double h;
    final double ppm;

    final double glyphScale;
    final double tracking;
    final double condense;
    final double weight;
    final boolean emboss;
    final double embossDepth;
    private final Map<Fonts.Kind, Fonts.Face> faces = new EnumMap<>(Fonts.Kind.class);

    Canvas(Graphics2D g, Random rnd, double wMm, double hMm, double ppm, SceneRenderer.Settings.Look look) {
        this.g = g;
        this.rnd = rnd;
        this.w = wMm;
        this.h = hMm;
        this.ppm = ppm;
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
        g.scale(ppm, ppm);
        this.glyphScale = Rnd.uni(rnd, look.glyphScaleMin(), look.glyphScaleMax());
        this.tracking = Rnd.uni(rnd, look.trackingMin(), look.trackingMax());
        this.condense = Rnd.uni(rnd, look.condenseMin(), look.condenseMax());
        this.weight = Rnd.uni(rnd, look.weightMin(), look.weightMax());
        this.emboss = Rnd.chance(rnd, look.embossProb());
        this.embossDepth = Rnd.uni(rnd, 0.02, 0.05);
    }

    /** The face used for a kind on this plate (drawn once per plate). */
    Fonts.Face face(Fonts.Kind kind) {
        return faces.computeIfAbsent(kind, k -> Rnd.pick(rnd, Fonts.faces(k)));
    }

    // ---------------------------------------------------------------- shapes

    void fill(Shape s, Paint p) {
        g.setPaint(p);
        g.fill(s);
    }

    void rect(double x, double y, double rw, double rh, Paint p) {
        fill(new Rectangle2D.Double(x, y, rw, rh), p);
    }

    void round(double x, double y, double rw, double rh, double r, Paint p) {
        fill(new RoundRectangle2D.Double(x, y, rw, rh, 2 * r, 2 * r), p);
    }

    void ellipse(double cx, double cy, double rx, double ry, Paint p) {
        fill(new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry), p);
    }

    void stroke(Shape s, double widthMm, Paint p) {
        g.setPaint(p);
        g.setStroke(new BasicStroke((float) widthMm, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(s);
    }

    void line(double x0, double y0, double x1, double y1, double widthMm, Paint p) {
        stroke(new Line2D.Double(x0, y0, x1, y1), widthMm, p);
    }

    /** A border line inset from the plate edge. */
    void border(double inset, double width, double radius, Color c) {
        double i = inset + width / 2;
        stroke(new RoundRectangle2D.Double(i, i, w - 2 * i, h - 2 * i, 2 * radius, 2 * radius), width, c);
    }

    /** A screw or rivet head. */
    void screw(double cx, double cy, double r) {
        Color base = Rnd.chance(rnd, 0.5) ? new Color(190, 190, 185) : new Color(120, 120, 118);
        ellipse(cx + r * 0.15, cy + r * 0.2, r, r, new Color(0, 0, 0, 70));
        ellipse(cx, cy, r, r, base);
        ellipse(cx - r * 0.3, cy - r * 0.3, r * 0.45, r * 0.45, new Color(255, 255, 255, 90));
        double a = rnd.nextDouble() * Math.PI;
        double dx = Math.cos(a) * r * 0.75;
        double dy = Math.sin(a) * r * 0.75;
        line(cx - dx, cy - dy, cx + dx, cy + dy, r * 0.28, new Color(40, 40, 40));
    }

    // ---------------------------------------------------------------- text

    /** Something in a text row: a group of characters, a fixed gap, or a drawn separator. */
    sealed interface Item permits Chars, Gap, Sep {
    }

    /** Characters of the registration, drawn at {@code scale} times the row's cap height on the same baseline. */
    record Chars(String s, double scale) implements Item {
        Chars(String s) {
            this(s, 1.0);
        }

        Chars withScale(double f) {
            return new Chars(s, f);
        }
    }

    /** A gap, in units of the row's cap height. */
    record Gap(double em) implements Item {
    }

    /** A drawn separator (dash, seal, coat of arms) of a given width in cap heights. */
    record Sep(double em, SepPainter painter) implements Item {
    }

    @FunctionalInterface
    interface SepPainter {
        /** Paints within x..x+width, cap top at y, of cap height capH. */
        void paint(Canvas c, double x, double y, double width, double capH);
    }

    static Chars chars(String s) {
        return new Chars(s);
    }

    static Gap gap(double em) {
        return new Gap(em);
    }

    static final Sep DASH = new Sep(0.42, (c, x, y, wd, capH) -> c.rect(x + wd * 0.18, y + capH * 0.44, wd * 0.64, capH * 0.12,
            c.g.getPaint()));
    static final Sep DOT = new Sep(0.30, (c, x, y, wd, capH) -> c.ellipse(x + wd / 2, y + capH * 0.5, capH * 0.07, capH * 0.07,
            c.g.getPaint()));

    /** Parses "AB 123-CD" into groups, gaps (space) and dashes ('-'); '.' becomes a dot, '|' a wide gap. */
    static List<Item> parse(String display) {
        var items = new ArrayList<Item>();
        var cur = new StringBuilder();
        for (int i = 0; i < display.length(); i++) {
            char ch = display.charAt(i);
            if (ch == ' ' || ch == '-' || ch == '.' || ch == '|') {
                if (!cur.isEmpty()) {
                    items.add(chars(cur.toString()));
                    cur.setLength(0);
                }
                items.add(switch (ch) {
                    case ' ' -> gap(0.32);
                    case '-' -> DASH;
                    case '.' -> DOT;
                    default -> gap(0.7);
                });
            } else {
                cur.append(ch);
            }
        }
        if (!cur.isEmpty()) {
            items.add(chars(cur.toString()));
        }
        return items;
    }

    /** Row options: alignment and how much of the look's randomisation applies. */
    record RowStyle(Fonts.Kind kind, Color color, Color bg, double align, boolean main) {
        RowStyle withAlign(double a) {
            return new RowStyle(kind, color, bg, a, main);
        }
    }

    static RowStyle main(Fonts.Kind kind, Color color, Color bg) {
        return new RowStyle(kind, color, bg, 0.5, true);
    }

    static RowStyle small(Fonts.Kind kind, Color color) {
        return new RowStyle(kind, color, null, 0.5, false);
    }

    /** Draws the main registration characters, parsed from a display string; see {@link #row(List, double, double, double, double, RowStyle)}. */
    double text(String display, double x0, double x1, double yTop, double capH, RowStyle st) {
        return row(parse(display), x0, x1, yTop, capH, st);
    }

    /**
     * Lays out a row of items between x0 and x1 with cap tops at yTop (for the nominal cap height capH), applying
     * this plate's look for main rows; squeezes horizontally when the row would not fit, otherwise places it by
     * {@code st.align} (0 left, 0.5 centre, 1 right).
     *
     * @return the x where the row ended
     */
    double row(List<Item> items, double x0, double x1, double yTop, double capH, RowStyle st) {
        Fonts.Face face = face(st.kind());
        double cap = st.main() ? capH * glyphScale : capH;
        double y = yTop + (capH - cap) / 2;
        double k = cap / face.capHeight;
        double sx = k * face.condense * (st.main() ? condense : 1.0);
        double track = st.main() ? tracking * cap : 0.04 * cap;
        // natural width
        double natural = 0;
        int n = 0;
        for (Item it : items) {
            switch (it) {
                case Chars c -> {
                    for (int i = 0; i < c.s().length(); i++) {
                        natural += face.glyph(c.s().charAt(i)).advance() * sx * c.scale() + (n++ > 0 ? track : 0);
                    }
                }
                case Gap gp -> natural += gp.em() * cap;
                case Sep sp -> natural += sp.em() * cap + track;
            }
        }
        double avail = x1 - x0;
        double squeeze = natural > avail ? avail / natural : 1.0;
        double x = natural > avail ? x0 : x0 + (avail - natural) * st.align();
        double wgt = (st.main() ? weight : 0) + face.weight;
        boolean first = true;
        for (Item it : items) {
            switch (it) {
                case Chars c -> {
                    for (int i = 0; i < c.s().length(); i++) {
                        if (!first) {
                            x += track * squeeze;
                        }
                        first = false;
                        Fonts.Glyph gl = face.glyph(c.s().charAt(i));
                        glyph(gl, x, y + cap, sx * squeeze * c.scale(), k * c.scale(), cap * c.scale(), wgt, st);
                        x += gl.advance() * sx * squeeze * c.scale();
                    }
                }
                case Gap gp -> x += gp.em() * cap * squeeze;
                case Sep sp -> {
                    g.setPaint(st.color());
                    double sw = sp.em() * cap * squeeze;
                    sp.painter().paint(this, x + track * squeeze / 2, y, sw, cap);
                    x += sw + track * squeeze;
                }
            }
        }
        return x;
    }

    /** Width of a row of items at a cap height (natural, before squeezing), for layouts that need it. */
    double width(String display, double capH, RowStyle st) {
        Fonts.Face face = face(st.kind());
        double cap = st.main() ? capH * glyphScale : capH;
        double sx = cap / face.capHeight * face.condense * (st.main() ? condense : 1.0);
        double track = st.main() ? tracking * cap : 0.04 * cap;
        double natural = 0;
        int n = 0;
        for (Item it : parse(display)) {
            switch (it) {
                case Chars c -> {
                    for (int i = 0; i < c.s().length(); i++) {
                        natural += face.glyph(c.s().charAt(i)).advance() * sx * c.scale() + (n++ > 0 ? track : 0);
                    }
                }
                case Gap gp -> natural += gp.em() * cap;
                case Sep sp -> natural += sp.em() * cap + track;
            }
        }
        return natural;
    }

    private void glyph(Fonts.Glyph gl, double x, double baseline, double sx, double sy, double cap, double wgt, RowStyle st) {
        AffineTransform at = new AffineTransform(sx, 0, 0, sy, x, baseline);
        Shape s = at.createTransformedShape(gl.outline());
        if (st.main() && emboss && st.bg() != null) {
            double d = embossDepth * cap;
            Color bg = st.bg();
            g.setPaint(shade(bg, 0.55));
            g.fill(AffineTransform.getTranslateInstance(d * 0.8, d).createTransformedShape(s));
            g.setPaint(shade(bg, 1.25));
            g.fill(AffineTransform.getTranslateInstance(-d * 0.5, -d * 0.6).createTransformedShape(s));
        }
        g.setPaint(st.color());
        g.fill(s);
        if (wgt > 0.002) {
            g.setStroke(new BasicStroke((float) (wgt * cap), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(s);
        } else if (wgt < -0.002 && st.bg() != null) {
            g.setPaint(st.bg());
            g.setStroke(new BasicStroke((float) (-wgt * cap), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(s);
        }
    }

    /** Small print that is not part of the registration (state names, slogans, codes). */
    void label(String s, double x0, double x1, double yTop, double capH, Fonts.Kind kind, Color color, double align) {
        row(List.of(chars(s)), x0, x1, yTop, capH, new RowStyle(kind, color, null, align, false));
    }

    /** Small print with lower-case letters: the cap height is the height of capitals. */
    void words(String s, double x0, double x1, double yTop, double capH, Fonts.Kind kind, Color color, double align) {
        // spaces become real gaps; lower case is drawn as is
        var items = new ArrayList<Item>();
        for (String part : s.split(" ")) {
            if (!items.isEmpty()) {
                items.add(gap(0.3));
            }
            if (!part.isEmpty()) {
                items.add(chars(part));
            }
        }
        row(items, x0, x1, yTop, capH, new RowStyle(kind, color, null, align, false));
    }

    // ---------------------------------------------------------------- colour helpers

    static Color shade(Color c, double f) {
        return new Color(clamp(c.getRed() * f), clamp(c.getGreen() * f), clamp(c.getBlue() * f), c.getAlpha());
    }

    static Color alpha(Color c, int a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), a);
    }

    static Color mix(Color a, Color b, double t) {
        return new Color(clamp(a.getRed() + (b.getRed() - a.getRed()) * t),
                clamp(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                clamp(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    /** A colour varied by up to ±amount per channel (aged paint, print tolerance). */
    static Color jitter(Random r, Color c, int amount) {
        int d = Rnd.range(r, -amount, amount);
        return new Color(clamp(c.getRed() + d + Rnd.range(r, -amount / 2, amount / 2)),
                clamp(c.getGreen() + d + Rnd.range(r, -amount / 2, amount / 2)),
                clamp(c.getBlue() + d + Rnd.range(r, -amount / 2, amount / 2)));
    }

    static int clamp(double v) {
        return v < 0 ? 0 : v > 255 ? 255 : (int) v;
    }

    /** A closed polygon from x,y pairs. */
    static Path2D poly(double... xy) {
        var p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        p.closePath();
        return p;
    }
}
