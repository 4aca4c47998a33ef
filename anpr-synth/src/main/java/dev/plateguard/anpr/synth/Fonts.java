package dev.plateguard.anpr.synth;

import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Installed fonts, chosen by family name with graceful fallback, and a cache of glyph outlines.
 *
 * <p>Every {@link Kind} lists candidate faces, best first; only installed ones are kept, and when none is installed
 * the kind falls back to DejaVu Sans Bold, then to Java's logical {@code SansSerif} (always present), so a fresh
 * machine with DejaVu only still renders every style. Glyphs are cached as outlines at 100 units and filled with a
 * transform, which keeps rendering fast at any size and lets a plate vary width and weight freely.
 */
final class Fonts {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** What a face is used for. */
    enum Kind {
        /** German FE-Schrift look-alike (narrow DIN): Germany, Uzbekistan, Mercosur, many others. */
        FE,
        /** DIN-like plate font, normal width: most EU plates. */
        DIN,
        /** US highway / plate fonts. */
        US,
        /** Russian GOST-like and other CIS plates. */
        GOST,
        /** UK Charles Wright look-alike: bold, narrow. */
        UK,
        /** Bold sans for small print (state names, country codes, signs). */
        SANS,
        /** Regular sans for small print (slogans, dealer text). */
        SANS_PLAIN,
        /** Script-like italic serif (California, Illinois...). */
        SCRIPT,
        /** Monospaced (camera timestamps, phone numbers). */
        MONO
    }

    /** A candidate face: family, AWT style, extra horizontal scale, extra weight (fraction of cap height). */
    record Candidate(String family, int style, double condense, double weight) {
    }

    private static final Map<Kind, List<Candidate>> CANDIDATES = new EnumMap<>(Kind.class);

    static {
        CANDIDATES.put(Kind.FE, List.of(
                new Candidate("OSP-DIN", Font.PLAIN, 0.93, 0.0),
                new Candidate("OSP-DIN", Font.PLAIN, 0.86, 0.02),
                new Candidate("DejaVu Sans Condensed", Font.BOLD, 0.80, 0.0),
                new Candidate("Liberation Sans Narrow", Font.BOLD, 0.92, 0.02)));
        CANDIDATES.put(Kind.DIN, List.of(
                new Candidate("OSP-DIN", Font.PLAIN, 1.0, 0.0),
                new Candidate("OSP-DIN", Font.PLAIN, 1.08, 0.015),
                new Candidate("DejaVu Sans Condensed", Font.BOLD, 0.90, 0.0),
                new Candidate("Liberation Sans Narrow", Font.BOLD, 1.0, 0.02),
                new Candidate("Roadgeek 2014 Series C", Font.PLAIN, 1.0, 0.01)));
        CANDIDATES.put(Kind.US, List.of(
                new Candidate("Roadgeek 2014 Series C", Font.PLAIN, 1.0, 0.01),
                new Candidate("Roadgeek 2014 Series D", Font.PLAIN, 0.9, 0.0),
                new Candidate("Roadgeek 2014 Series E", Font.PLAIN, 0.8, 0.0),
                new Candidate("Roadgeek 2014 Series EM", Font.PLAIN, 0.75, 0.0),
                new Candidate("OSP-DIN", Font.PLAIN, 1.05, 0.0),
                new Candidate("Liberation Sans Narrow", Font.BOLD, 1.0, 0.02),
                new Candidate("DejaVu Sans Condensed", Font.BOLD, 0.85, 0.0)));
        CANDIDATES.put(Kind.GOST, List.of(
                new Candidate("DejaVu Sans Condensed", Font.BOLD, 0.95, 0.0),
                new Candidate("Liberation Sans Narrow", Font.BOLD, 1.05, 0.02),
                new Candidate("OSP-DIN", Font.PLAIN, 1.05, 0.0),
                new Candidate("DejaVu Sans", Font.BOLD, 0.85, 0.0)));
        CANDIDATES.put(Kind.UK, List.of(
                new Candidate("OSP-DIN", Font.PLAIN, 1.02, 0.03),
                new Candidate("Liberation Sans Narrow", Font.BOLD, 1.0, 0.04),
                new Candidate("DejaVu Sans Condensed", Font.BOLD, 0.9, 0.02)));
        CANDIDATES.put(Kind.SANS, List.of(
                new Candidate("Liberation Sans", Font.BOLD, 1.0, 0.0),
                new Candidate("DejaVu Sans", Font.BOLD, 0.95, 0.0),
                new Candidate("DejaVu Sans Condensed", Font.BOLD, 1.0, 0.0)));
        CANDIDATES.put(Kind.SANS_PLAIN, List.of(
                new Candidate("Liberation Sans", Font.PLAIN, 1.0, 0.0),
                new Candidate("DejaVu Sans", Font.PLAIN, 0.95, 0.0),
                new Candidate("Liberation Sans Narrow", Font.PLAIN, 1.0, 0.0)));
        CANDIDATES.put(Kind.SCRIPT, List.of(
                new Candidate("Liberation Serif", Font.BOLD | Font.ITALIC, 1.0, 0.0),
                new Candidate("DejaVu Serif", Font.BOLD | Font.ITALIC, 0.9, 0.0),
                new Candidate("DejaVu Serif Condensed", Font.BOLD | Font.ITALIC, 1.0, 0.0)));
        CANDIDATES.put(Kind.MONO, List.of(
                new Candidate("Liberation Mono", Font.BOLD, 1.0, 0.0),
                new Candidate("DejaVu Sans Mono", Font.BOLD, 1.0, 0.0)));
    }

    private static final Set<String> INSTALLED = installed();
    private static final Map<Character, Glyph> FE_SCHRIFT = Map.copyOf(FeSchrift.glyphs());
    private static final Map<Kind, List<Face>> FACES = new EnumMap<>(Kind.class);
    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);
    /** The face used for characters a chosen face cannot display. */
    static final Face FALLBACK;

    static {
        FALLBACK = new Face(fallbackFont(), 1.0, 0.0);
        for (Kind kind : Kind.values()) {
            var faces = new ArrayList<Face>();
            for (Candidate c : CANDIDATES.get(kind)) {
                if (INSTALLED.contains(c.family())) {
                    faces.add(new Face(new Font(c.family(), c.style(), 100), c.condense(), c.weight()));
                }
            }
            if (kind == Kind.FE) {
                // the standard's own shapes first and most often: real FE plates (Uzbek, German) look like these
                faces.add(0, new Face("FE-Schrift", FE_SCHRIFT, 1.0, 0.0));
                faces.add(1, new Face("FE-Schrift", FE_SCHRIFT, 0.93, 0.01));
                faces.add(2, new Face("FE-Schrift", FE_SCHRIFT, 1.05, -0.01));
            }
            if (faces.isEmpty()) {
                faces.add(new Face(fallbackFont(), kind == Kind.FE ? 0.8 : 0.9, 0.0));
            }
            FACES.put(kind, List.copyOf(faces));
        }
    }

    private Fonts() {
    }

    /** The installed faces of a kind, best first; never empty. */
    static List<Face> faces(Kind kind) {
        return FACES.get(kind);
    }

    /** Installed font family names (for the docs and tests). */
    static Set<String> installedFamilies() {
        return INSTALLED;
    }

    private static Font fallbackFont() {
        String family = INSTALLED.contains("DejaVu Sans") ? "DejaVu Sans" : Font.SANS_SERIF;
        return new Font(family, Font.BOLD, 100);
    }

    /**
     * Installed families, optionally restricted by the system property {@value #ONLY_PROPERTY} (comma-separated family
     * prefixes, e.g. {@code DejaVu}): to render the same pixels on machines with different fonts, or to test the
     * fallbacks.
     */
    private static Set<String> installed() {
        try {
            var all = Arrays.asList(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames(java.util.Locale.ROOT));
            String only = System.getProperty(ONLY_PROPERTY, "").trim();
            if (only.isEmpty()) {
                return Set.copyOf(all);
            }
            var prefixes = Arrays.stream(only.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
            var kept = new HashSet<String>();
            for (String f : all) {
                if (prefixes.stream().anyMatch(f::startsWith)) {
                    kept.add(f);
                }
            }
            return Set.copyOf(kept);
        } catch (RuntimeException | Error e) {
            return new HashSet<>();
        }
    }

    /** System property restricting the fonts used (see {@link #installed()}). */
    static final String ONLY_PROPERTY = "anpr.synth.fonts";

    /** A glyph outline at 100 units (y down, baseline at 0) with its advance. */
    record Glyph(Shape outline, double advance, Rectangle2D bounds) {
    }

    /**
     * A font at 100 units with its cap height and a glyph cache; or a set of drawn outlines (cap height 100) whose
     * missing characters come from {@link #FALLBACK}.
     */
    static final class Face {
        final Font font;
        final double condense;
        final double weight;
        final double capHeight;
        private final String name;
        private final Map<Character, Glyph> drawn;
        private final Map<Character, Glyph> cache = new ConcurrentHashMap<>();

        Face(Font font, double condense, double weight) {
            this.font = font;
            this.name = font.getFontName();
            this.drawn = Map.of();
            this.condense = condense;
            this.weight = weight;
            Rectangle2D h = font.createGlyphVector(FRC, "H").getOutline().getBounds2D();
            this.capHeight = h.getHeight() > 1 ? h.getHeight() : 70;
        }

        Face(String name, Map<Character, Glyph> drawn, double condense, double weight) {
            this.font = FALLBACK.font;
            this.name = name;
            this.drawn = drawn;
            this.condense = condense;
            this.weight = weight;
            this.capHeight = 100;
        }

        Glyph glyph(char c) {
            Glyph g = cache.get(c);
            if (g == null) {
                g = make(c);
                cache.putIfAbsent(c, g);
            }
            return g;
        }

        private Glyph make(char c) {
            Glyph own = drawn.get(c);
            if (own != null) {
                return own;
            }
            if ((!drawn.isEmpty() || !font.canDisplay(c)) && this != FALLBACK) {
                Glyph f = FALLBACK.glyph(c);
                double s = capHeight / FALLBACK.capHeight;
                var at = java.awt.geom.AffineTransform.getScaleInstance(s, s);
                Shape o = at.createTransformedShape(f.outline());
                return new Glyph(o, f.advance() * s, o.getBounds2D());
            }
            GlyphVector gv = font.createGlyphVector(FRC, String.valueOf(c));
            Shape o = gv.getOutline();
            return new Glyph(o, gv.getGlyphMetrics(0).getAdvance(), o.getBounds2D());
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
