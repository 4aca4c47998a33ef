package dev.plateguard.anpr.synth;

import dev.plateguard.plates.PlateFormat;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Renders flat licence plates of many countries and styles, deterministically per seed.
 *
 * <p>Every style draws in millimetres at its real size, so one plate can be rendered at any resolution. The look
 * (glyph size, spacing, width, stroke weight, embossing, font choice, wear, screws, dealer frames) varies per plate
 * within the ranges of {@link SceneRenderer.Settings.Look}. Not thread-safe: use one renderer per thread.
 */
public final class PlateRenderer {

    /** Resolution of {@link #render()} and {@link #render(String)}: 0.6 px/mm, e.g. 312 × 66 px for a 520 × 110 mm plate. */
    public static final double DEFAULT_PX_PER_MM = 0.6;

    private static final List<Style> ALL;
    private static final Map<String, Style> BY_NAME;

    static {
        var all = new ArrayList<Style>();
        all.addAll(CisStyles.all());
        all.addAll(EuStyles.all());
        all.addAll(UsStyles.all());
        all.addAll(OtherStyles.all());
        ALL = List.copyOf(all);
        var by = new LinkedHashMap<String, Style>();
        for (Style s : ALL) {
            if (by.put(s.name(), s) != null) {
                throw new IllegalStateException("duplicate style " + s.name());
            }
        }
        BY_NAME = Collections.unmodifiableMap(by);
    }

    private final Random rnd;
    private final SceneRenderer.Settings settings;
    private final List<Style> pool;
    private final double[] weights;

    /** A renderer with {@link SceneRenderer.Settings#training()} looks. */
    public PlateRenderer(long seed) {
        this(seed, SceneRenderer.Settings.training());
    }

    public PlateRenderer(long seed, SceneRenderer.Settings settings) {
        this(new Random(seed), settings);
    }

    PlateRenderer(Random rnd, SceneRenderer.Settings settings) {
        this.rnd = rnd;
        this.settings = settings;
        var p = new ArrayList<Style>();
        for (Style s : ALL) {
            if (settings.styles().isEmpty() || settings.styles().contains(s.name())) {
                p.add(s);
            }
        }
        if (p.isEmpty()) {
            throw new IllegalArgumentException("settings name no known style: " + settings.styles());
        }
        this.pool = List.copyOf(p);
        this.weights = pool.stream().mapToDouble(Style::weight).toArray();
    }

    /** Every style's name, Uzbek first, then neighbours, EU, US, Brazil and others. */
    public static List<String> styles() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The styles of a group: {@code uz}, {@code neighbour}, {@code eu}, {@code us}, {@code br} or {@code other}. */
    public static List<String> styles(String group) {
        return ALL.stream().filter(s -> s.group().equals(group)).map(Style::name).toList();
    }

    /** The {@link PlateFormat} a style's text always matches, if {@code plates} defines one for it. */
    public static Optional<PlateFormat> format(String style) {
        return Optional.ofNullable(style(style).format());
    }

    /** ISO 3166 alpha-2 code of a style's country ({@code EU} for generic European styles). */
    public static String country(String style) {
        return style(style).country();
    }

    static Style style(String name) {
        Style s = BY_NAME.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown plate style: " + name);
        }
        return s;
    }

    /** A plate of a style drawn from the settings' styles, weighted by how common each is. */
    public PlateSample render() {
        return render(pick().name());
    }

    /** A plate of the named style at {@link #DEFAULT_PX_PER_MM}. */
    public PlateSample render(String style) {
        return render(style, DEFAULT_PX_PER_MM);
    }

    /** A plate of the named style at the given resolution in pixels per millimetre (0.05 to 8). */
    public PlateSample render(String style, double pxPerMm) {
        Flat f = flat(style(style), (w, h) -> pxPerMm);
        return f.toSample();
    }

    Style pick() {
        return pool.get(Rnd.weighted(rnd, weights));
    }

    /** Resolution chooser: pixels per millimetre for a plate of the given width in millimetres. */
    @FunctionalInterface
    interface Resolution {
        double ppm(double widthMm, double heightMm);
    }

    /**
     * A flat plate with its physical size, for warping into scenes.
     *
     * @param image  TYPE_INT_RGB, {@code round(wMm * ppm)} × {@code round(hMm * ppm)}
     * @param radius corner radius in mm
     */
    record Flat(BufferedImage image, String text, String country, String style, double wMm, double hMm, double radius, double ppm,
                Color bg) {

        PlateSample toSample() {
            BufferedImage out = image;
            double rp = radius * ppm;
            if (rp >= 0.5) {
                out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
                Graphics2D g = out.createGraphics();
                g.drawImage(image, 0, 0, null);
                var a = new java.awt.geom.Path2D.Double(java.awt.geom.Path2D.WIND_EVEN_ODD);
                a.append(new Rectangle2D.Double(0, 0, image.getWidth(), image.getHeight()), false);
                a.append(new RoundRectangle2D.Double(0, 0, image.getWidth(), image.getHeight(), 2 * rp, 2 * rp), false);
                g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
                g.setColor(new Color(40, 40, 40));
                g.fill(a);
                g.dispose();
            }
            return new PlateSample(out, text, country, style);
        }
    }

    Flat flat(Style style, Resolution res) {
        Style.Plan plan = style.planner().apply(rnd);
        double ppm = Math.max(0.05, Math.min(8, res.ppm(plan.w(), plan.h())));
        int pw = Math.max(4, (int) Math.round(plan.w() * ppm));
        int ph = Math.max(2, (int) Math.round(plan.h() * ppm));
        var img = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        // exact fit: scale so that the plan's millimetres span the integer image
        double ppmX = pw / plan.w();
        var c = new Canvas(g, rnd, plan.w(), plan.h(), ppmX, settings.look());
        if (Math.abs(ph / plan.h() - ppmX) > 1e-9) {
            g.scale(1, (ph / plan.h()) / ppmX);
        }
        plan.painter().paint(c);
        finish(c, plan);
        g.dispose();
        return new Flat(img, plan.text(), style.country(), style.name(), plan.w(), plan.h(), plan.radius(), ppmX, plan.bg());
    }

    /** Screws, wear and dealer frames on top of the style's drawing. */
    private void finish(Canvas c, Style.Plan plan) {
        SceneRenderer.Settings.Look look = settings.look();
        Random r = c.rnd;
        double w = plan.w();
        double h = plan.h();
        if (Rnd.chance(r, look.screwProb()) && plan.screws().length > 0) {
            double sr = Math.min(w, h) * Rnd.uni(r, 0.03, 0.045);
            boolean pairOnly = r.nextBoolean();
            for (int i = 0; i < plan.screws().length; i += 2) {
                if (pairOnly && i >= 4) {
                    break;
                }
                c.screw(plan.screws()[i] + Rnd.sym(r, w * 0.01), plan.screws()[i + 1] + Rnd.sym(r, h * 0.02), sr);
            }
        }
        if (Rnd.chance(r, look.wearProb())) {
            wear(c, plan);
        }
        boolean us = plan.w() < 330 && plan.h() > 140;
        if (Rnd.chance(r, us ? look.frameProb() * 1.8 : look.frameProb())) {
            frame(c, plan);
        }
        if (Rnd.chance(r, 0.5)) { // uneven light across the plate
            Color a = new Color(0, 0, 0, Rnd.range(r, 0, 50));
            Color b = new Color(255, 255, 255, Rnd.range(r, 0, 40));
            double ang = r.nextDouble() * Math.PI * 2;
            double cx = w / 2;
            double cy = h / 2;
            c.rect(0, 0, w, h, new GradientPaint((float) (cx - Math.cos(ang) * w / 2), (float) (cy - Math.sin(ang) * h / 2), a,
                    (float) (cx + Math.cos(ang) * w / 2), (float) (cy + Math.sin(ang) * h / 2), b));
        }
    }

    private static void wear(Canvas c, Style.Plan plan) {
        Random r = c.rnd;
        double w = plan.w();
        double h = plan.h();
        int kind = r.nextInt(4);
        if (kind == 0 || kind == 3) { // faded / sun-bleached
            c.rect(0, 0, w, h, new Color(255, 255, 250, Rnd.range(r, 20, 70)));
        }
        if (kind >= 1) { // dirt: brownish soft blobs, mostly low on the plate
            int n = Rnd.range(r, 2, 8);
            for (int i = 0; i < n; i++) {
                double bx = Rnd.uni(r, 0, w);
                double by = h * Math.sqrt(r.nextDouble());
                double rx = Rnd.uni(r, 0.02, 0.1) * w;
                double ry = Rnd.uni(r, 0.05, 0.25) * h;
                Emblems.blob(c, bx, by, rx, ry, 4,
                        new Color(Rnd.range(r, 60, 120), Rnd.range(r, 50, 90), Rnd.range(r, 30, 60), Rnd.range(r, 10, 40)));
            }
        }
        if (kind == 2 || kind == 3) { // scratches and specks
            int n = Rnd.range(r, 3, 15);
            for (int i = 0; i < n; i++) {
                double x0 = Rnd.uni(r, 0, w);
                double y0 = Rnd.uni(r, 0, h);
                Color col = r.nextBoolean() ? new Color(255, 255, 255, 90) : new Color(0, 0, 0, 70);
                if (r.nextBoolean()) {
                    c.line(x0, y0, x0 + Rnd.sym(r, w * 0.15), y0 + Rnd.sym(r, h * 0.2), Rnd.uni(r, 0.3, 1.0), col);
                } else {
                    c.ellipse(x0, y0, Rnd.uni(r, 0.5, 2), Rnd.uni(r, 0.5, 2), col);
                }
            }
        }
    }

    private static final String[] DEALERS = {"AUTO MODEL", "CITY MOTORS", "TOYOTA OF DALLAS", "HONDA WORLD", "AUTONATION",
        "BEST CARS", "PREMIUM AUTO", "CARMAX", "FORD", "SUBARU OF AMERICA", "VW ZENTRUM", "AUTOHAUS", "CHEVROLET", "KIA MOTORS"};

    private static void frame(Canvas c, Style.Plan plan) {
        Random r = c.rnd;
        double w = plan.w();
        double h = plan.h();
        Color col = switch (r.nextInt(4)) {
            case 0, 1 -> new Color(Rnd.range(r, 10, 40), Rnd.range(r, 10, 40), Rnd.range(r, 10, 40));
            case 2 -> new Color(Rnd.range(r, 170, 210), Rnd.range(r, 170, 210), Rnd.range(r, 170, 215));
            default -> Canvas.jitter(r, new Color(120, 30, 30), 60);
        };
        double top = plan.textTop() * Rnd.uni(r, 0.15, 0.85);
        double bottom = (h - plan.textBottom()) * Rnd.uni(r, 0.2, 1.0);
        double side = Math.min(w, h) * Rnd.uni(r, 0.01, 0.05);
        var a = new java.awt.geom.Path2D.Double(java.awt.geom.Path2D.WIND_EVEN_ODD);
        a.append(new Rectangle2D.Double(0, 0, w, h), false);
        a.append(new RoundRectangle2D.Double(side, top, w - 2 * side, h - top - bottom, h * 0.1, h * 0.1), false);
        c.fill(a, col);
        c.g.setStroke(new BasicStroke((float) (h * 0.01)));
        Color ink = col.getRed() > 150 ? new Color(30, 30, 30) : new Color(225, 225, 225);
        if (bottom > h * 0.07) {
            c.label(Rnd.pick(r, DEALERS), w * 0.2, w * 0.8, h - bottom + bottom * 0.2, bottom * 0.55, Fonts.Kind.SANS, ink, 0.5);
        }
        if (top > h * 0.09 && Rnd.chance(r, 0.5)) {
            c.label(Rnd.pick(r, DEALERS), w * 0.2, w * 0.8, top * 0.2, top * 0.55, Fonts.Kind.SANS, ink, 0.5);
        }
    }
}
