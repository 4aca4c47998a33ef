package dev.plateguard.anpr.synth;

import static dev.plateguard.anpr.synth.Canvas.chars;
import static dev.plateguard.anpr.synth.Canvas.gap;
import static dev.plateguard.anpr.synth.Canvas.main;

import dev.plateguard.plates.PlateClassifier;
import dev.plateguard.plates.PlateFormat;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/** Uzbek plates (every {@link PlateFormat} of Uzbekistan) and the neighbours' private plates. */
final class CisStyles {

    static final double W = 520;
    static final double H = 112;
    static final Color BLACK = new Color(20, 20, 22);
    static final Color WHITE = new Color(246, 246, 242);
    static final Color YELLOW = new Color(250, 205, 20);
    static final Color GREEN = new Color(0, 122, 61);
    static final Color UZ_BLUE = new Color(0, 150, 210);
    static final Color EV_GREEN = new Color(0, 150, 70);

    /** Uzbek base region codes with their share of 5,146 labelled private plates (domain-uz.md §1.2). */
    private static final String[] UZ_REGIONS = {"01", "10", "40", "50", "80", "30", "90", "60", "75", "70", "95", "85", "25", "20"};
    private static final double[] UZ_REGION_WEIGHTS = {1696, 987, 512, 404, 285, 274, 268, 190, 165, 137, 82, 55, 49, 42};
    private static final String[] UZ_NAMES = {"SARVAR", "AZIZA", "JASUR", "BOBUR", "MALIKA", "NODIRA", "AKMAL", "FARRUX", "OYBEK",
        "TIMUR", "ZAFAR", "KAMOLA", "LOLA", "AMIR", "SHOXA", "BEK", "DILNOZ", "ANVAR", "RUSTAM", "ULUGBK", "SABINA", "BOSS", "KING",
        "TOSHK", "SAMARQ", "UZB", "AKA", "DOST", "SULTON", "XON", "AZIZ", "OTABEK", "SEVARA", "NIGORA", "JAVLON", "ISLOM"};

    private CisStyles() {
    }

    static List<Style> all() {
        var s = new ArrayList<Style>();
        s.add(new Style("uz-private", "UZ", PlateFormat.UZ_PRIVATE, 6, "uz", r -> uzPrivate(r, false)));
        s.add(new Style("uz-private-ev", "UZ", PlateFormat.UZ_PRIVATE, 1.5, "uz", r -> uzPrivate(r, true)));
        s.add(new Style("uz-legal", "UZ", PlateFormat.UZ_LEGAL_ENTITY, 4, "uz", CisStyles::uzLegal));
        s.add(new Style("uz-foreign-resident", "UZ", PlateFormat.UZ_FOREIGN_RESIDENT, 1.5, "uz",
                r -> uzForeign(r, "H", YELLOW, BLACK)));
        s.add(new Style("uz-foreign-company", "UZ", PlateFormat.UZ_FOREIGN_COMPANY, 1.5, "uz",
                r -> uzForeign(r, "M", GREEN, WHITE)));
        s.add(new Style("uz-diplomatic", "UZ", PlateFormat.UZ_DIPLOMATIC, 1.5, "uz", CisStyles::uzDiplomatic));
        s.add(new Style("uz-head-of-mission", "UZ", PlateFormat.UZ_HEAD_OF_MISSION, 0.8, "uz", CisStyles::uzHeadOfMission));
        s.add(new Style("uz-temporary", "UZ", PlateFormat.UZ_TEMPORARY, 1.2, "uz", CisStyles::uzTemporary));
        s.add(new Style("uz-trailer", "UZ", PlateFormat.UZ_TRAILER, 1.2, "uz", CisStyles::uzTrailer));
        s.add(new Style("uz-tractor", "UZ", PlateFormat.UZ_TRACTOR, 1.0, "uz", CisStyles::uzTractor));
        s.add(new Style("uz-motorcycle", "UZ", PlateFormat.UZ_MOTORCYCLE, 1.2, "uz", CisStyles::uzMotorcycle));
        s.add(new Style("uz-legacy", "UZ", PlateFormat.UZ_LEGACY, 1.0, "uz", CisStyles::uzLegacy));
        s.add(new Style("uz-vanity", "UZ", PlateFormat.UZ_VANITY, 1.6, "uz", CisStyles::uzVanity));
        s.add(new Style("kz", "KZ", PlateFormat.KZ_PRIVATE, 1.5, "neighbour", r -> kz(r, false)));
        s.add(new Style("kz-legal", "KZ", PlateFormat.KZ_LEGAL_ENTITY, 0.6, "neighbour", r -> kz(r, true)));
        s.add(new Style("kg", "KG", PlateFormat.KG_PRIVATE, 2, "neighbour", CisStyles::kg));
        s.add(new Style("kg-legacy", "KG", PlateFormat.KG_LEGACY, 0.5, "neighbour", CisStyles::kgLegacy));
        s.add(new Style("tj", "TJ", PlateFormat.TJ_PRIVATE, 1.5, "neighbour", CisStyles::tj));
        s.add(new Style("ru", "RU", PlateFormat.RU_PRIVATE, 3, "neighbour", CisStyles::ru));
        s.add(new Style("tm", "TM", PlateFormat.TM_PRIVATE, 1.5, "neighbour", CisStyles::tm));
        return s;
    }

    // ---------------------------------------------------------------- text

    static String uzRegion(Random r) {
        return UZ_REGIONS[Rnd.weighted(r, UZ_REGION_WEIGHTS)];
    }

    private static char uzLetter(Random r) {
        return Rnd.pick(r, Rnd.UZ_LETTERS);
    }

    /** Suffix letters are skewed towards A and B in real plates (domain-uz.md §1.3). */
    private static String uzSuffix(Random r, int n) {
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i == n - 1 && Rnd.chance(r, 0.55)) {
                sb.append(r.nextInt(6) == 0 ? 'B' : 'A');
            } else {
                sb.append(uzLetter(r));
            }
        }
        return sb.toString();
    }

    /** Regenerates until the classifier's best reading is the intended format (guards against accidental overlaps). */
    static String until(PlateFormat format, Supplier<String> gen) {
        for (int i = 0; i < 50; i++) {
            String t = gen.get();
            if (PlateClassifier.best(Rnd.norm(t)).format() == format) {
                return t;
            }
        }
        throw new IllegalStateException("cannot generate " + format);
    }

    /** Like {@link #until} but only requires the format's regex to match (neighbours overlap Uzbek formats). */
    static String matching(PlateFormat format, Supplier<String> gen) {
        for (int i = 0; i < 50; i++) {
            String t = gen.get();
            if (format.matches(Rnd.norm(t))) {
                return t;
            }
        }
        throw new IllegalStateException("cannot generate " + format);
    }

    // ---------------------------------------------------------------- Uzbek single-line parts

    private static double[] screws(Random r, double w, double h) {
        return new double[] {w * 0.2, h * 0.5, w * 0.8, h * 0.5};
    }

    private static void base(Canvas c, Color bg, Color line) {
        c.rect(0, 0, c.w, c.h, bg);
        c.border(1.5, 2.4, 6, line);
    }

    /** Region code box on the left with its separator line. */
    private static void regionLeft(Canvas c, String region, Color fg, Color bg, Color fieldBg) {
        if (fieldBg != null) {
            c.round(4.5, 4.5, 84, H - 9, 4, fieldBg);
        }
        Color ink = fieldBg != null && fieldBg != bg ? WHITE : fg;
        c.text(region, 9, 85, 30, 54, main(Fonts.Kind.FE, ink, fieldBg != null ? fieldBg : bg));
        c.line(90, 4, 90, H - 4, 2.4, fg);
    }

    private static void flagUz(Canvas c, double x) {
        Emblems.flag(c, "UZ", x, 15, 50, 25);
        c.label("UZ", x, x + 50, 50, 26, Fonts.Kind.SANS, UZ_BLUE, 0.5);
    }

    private static Style.Plan single(String text, Color bg, Style.Painter p, Random r) {
        return new Style.Plan(Rnd.norm(text), W, H, 6, bg, 26, 86, screws(r, W, H), p);
    }

    // ---------------------------------------------------------------- Uzbek styles

    private static Style.Plan uzPrivate(Random r, boolean ev) {
        String region = uzRegion(r);
        String body = until(PlateFormat.UZ_PRIVATE, () -> region + uzLetter(r) + Rnd.digits(r, 3) + uzSuffix(r, 2)).substring(2);
        String display = body.charAt(0) + " " + body.substring(1, 4) + " " + body.substring(4);
        return single(region + body, WHITE, c -> {
            base(c, WHITE, BLACK);
            regionLeft(c, region, BLACK, WHITE, ev ? EV_GREEN : null);
            c.text(display, 97, 448, 26, 60, main(Fonts.Kind.FE, BLACK, WHITE));
            flagUz(c, 457);
        }, r);
    }

    private static Style.Plan uzLegal(Random r) {
        String region = uzRegion(r);
        String letters = Rnd.chance(r, 0.1) ? "DAV" : uzSuffix(r, 3);
        String body = until(PlateFormat.UZ_LEGAL_ENTITY, () -> region + Rnd.digits(r, 3) + letters).substring(2);
        return single(region + body, WHITE, c -> {
            base(c, WHITE, BLACK);
            regionLeft(c, region, BLACK, WHITE, null);
            c.text(body.substring(0, 3) + " " + body.substring(3), 97, 448, 26, 60, main(Fonts.Kind.FE, BLACK, WHITE));
            flagUz(c, 457);
        }, r);
    }

    private static Style.Plan uzForeign(Random r, String letter, Color bg, Color fg) {
        String region = uzRegion(r);
        String digits = Rnd.digits(r, 6);
        PlateFormat f = letter.equals("H") ? PlateFormat.UZ_FOREIGN_RESIDENT : PlateFormat.UZ_FOREIGN_COMPANY;
        String text = until(f, () -> region + letter + digits);
        return single(text, bg, c -> {
            base(c, bg, fg);
            regionLeft(c, region, fg, bg, null);
            c.text(letter + " " + digits, 97, 448, 26, 60, main(Fonts.Kind.FE, fg, bg));
            flagUz(c, 457);
        }, r);
    }

    private static Style.Plan uzDiplomatic(Random r) {
        String kind = Rnd.pick(r, "D", "D", "T", "X");
        String mission = String.format("%03d", Rnd.range(r, 1, 160));
        String serial = Rnd.digits(r, 3);
        String text = until(PlateFormat.UZ_DIPLOMATIC, () -> kind + mission + serial);
        return single(text, GREEN, c -> {
            base(c, GREEN, WHITE);
            c.text(kind + " " + mission + " " + serial, 14, 446, 26, 60, main(Fonts.Kind.FE, WHITE, GREEN));
            flagUz(c, 457);
        }, r);
    }

    private static Style.Plan uzHeadOfMission(Random r) {
        String digits = String.format("%0" + Rnd.range(r, 2, 3) + "d", Rnd.range(r, 1, 160));
        String text = until(PlateFormat.UZ_HEAD_OF_MISSION, () -> "CMD" + digits);
        return single(text, GREEN, c -> {
            base(c, GREEN, WHITE);
            c.text("CMD " + digits, 14, 446, 26, 60, main(Fonts.Kind.FE, WHITE, GREEN));
            flagUz(c, 457);
        }, r);
    }

    private static Style.Plan uzTemporary(Random r) {
        String region = uzRegion(r);
        String digits = Rnd.digits(r, 6);
        String text = until(PlateFormat.UZ_TEMPORARY, () -> "T" + digits + region);
        return single(text, WHITE, c -> {
            base(c, WHITE, BLACK);
            c.text("T " + digits, 12, 422, 26, 60, main(Fonts.Kind.FE, BLACK, WHITE));
            c.line(428, 4, 428, H - 4, 2.4, BLACK);
            c.text(region, 434, 512, 30, 54, main(Fonts.Kind.FE, BLACK, WHITE));
        }, r);
    }

    private static Style.Plan uzLegacy(Random r) {
        String region = String.format("%02d", Rnd.range(r, 10, 99));
        char letter = Rnd.pick(r, Rnd.LATIN);
        String digits = Rnd.digits(r, 4);
        String text = until(PlateFormat.UZ_LEGACY, () -> region + letter + digits);
        return single(text, WHITE, c -> {
            base(c, WHITE, BLACK);
            Emblems.flag(c, "UZ", 24, 9, 40, 20);
            c.text(region, 10, 86, 36, 50, main(Fonts.Kind.GOST, BLACK, WHITE));
            c.line(92, 4, 92, H - 4, 2.4, BLACK);
            c.text(letter + " " + digits, 100, 508, 26, 60, main(Fonts.Kind.GOST, BLACK, WHITE));
        }, r);
    }

    private static Style.Plan uzVanity(Random r) {
        boolean withRegion = Rnd.chance(r, 0.6);
        String region = uzRegion(r);
        String text = until(PlateFormat.UZ_VANITY, () -> {
            String name = Rnd.chance(r, 0.6) ? Rnd.pick(r, UZ_NAMES)
                    : Rnd.chars(r, Rnd.chance(r, 0.7) ? Rnd.LATIN : Rnd.LATIN + Rnd.DIGITS, Rnd.range(r, 3, 6));
            // a leading region is only read as one when the rest has 5-6 characters (PlateFormat.UZ_VANITY)
            return (withRegion && name.length() >= 5 ? region : "") + name;
        });
        boolean hasRegion = text.length() > 6;
        String name = hasRegion ? text.substring(2) : text;
        return single(text, WHITE, c -> {
            base(c, WHITE, BLACK);
            if (hasRegion) {
                regionLeft(c, region, BLACK, WHITE, null);
                c.text(name, 97, 448, 26, 60, main(Fonts.Kind.FE, BLACK, WHITE));
            } else {
                c.text(name, 14, 446, 26, 60, main(Fonts.Kind.FE, BLACK, WHITE));
            }
            flagUz(c, 457);
        }, r);
    }

    // ---------------------------------------------------------------- Uzbek two-line styles

    private static Style.Plan twoLine(String text, double w, double h, Style.Painter p) {
        return new Style.Plan(Rnd.norm(text), w, h, 6, WHITE, h * 0.08, h * 0.92, new double[] {w * 0.5, h * 0.06}, p);
    }

    private static Style.Plan uzMotorcycle(Random r) {
        String region = uzRegion(r);
        int variant = r.nextInt(10);
        String digits = Rnd.digits(r, 3);
        String letters = uzSuffix(r, 2);
        String text = until(PlateFormat.UZ_MOTORCYCLE, () -> (variant < 9 ? region : "") + digits + letters);
        double w = 190;
        double h = 145;
        return twoLine(text, w, h, c -> {
            base(c, WHITE, BLACK);
            var st = main(Fonts.Kind.FE, BLACK, WHITE);
            if (variant < 5) { // region + flag on top, number below
                c.text(region, 10, 100, 12, 48, st);
                Emblems.flag(c, "UZ", 118, 12, 56, 26);
                c.label("UZ", 118, 174, 44, 18, Fonts.Kind.SANS, UZ_BLUE, 0.5);
                c.line(6, 70, w - 6, 70, 2, BLACK);
                c.text(digits + " " + letters, 8, w - 8, 80, 54, st);
            } else if (variant < 9) { // region and digits on top, letters and flag below
                c.text(region + " " + digits, 8, w - 8, 10, 54, st);
                c.text(letters, 12, 120, 80, 54, st.withAlign(0.3));
                Emblems.flag(c, "UZ", 128, 84, 46, 22);
                c.label("UZ", 128, 174, 110, 18, Fonts.Kind.SANS, UZ_BLUE, 0.5);
            } else {
                c.text(digits, 8, w - 8, 10, 56, st);
                c.text(letters, 12, 120, 80, 54, st.withAlign(0.3));
                Emblems.flag(c, "UZ", 128, 84, 46, 22);
                c.label("UZ", 128, 174, 110, 18, Fonts.Kind.SANS, UZ_BLUE, 0.5);
            }
        });
    }

    private static Style.Plan uzTrailer(Random r) {
        String region = uzRegion(r);
        boolean regionFirst = r.nextBoolean();
        String digits = Rnd.digits(r, 4);
        String letters = uzSuffix(r, 2);
        String text = until(PlateFormat.UZ_TRAILER, () -> regionFirst ? region + digits + letters : digits + letters + region);
        double w = 250;
        double h = 160;
        return twoLine(text, w, h, c -> {
            base(c, WHITE, BLACK);
            var st = main(Fonts.Kind.FE, BLACK, WHITE);
            if (regionFirst) {
                c.text(region, 8, 70, 18, 48, st);
                c.line(76, 6, 76, 74, 2.2, BLACK);
                c.text(digits, 82, w - 8, 14, 58, st);
                c.text(letters, 10, 170, 88, 58, st.withAlign(0.4));
                Emblems.flag(c, "UZ", 184, 92, 52, 24);
                c.label("UZ", 184, 236, 120, 20, Fonts.Kind.SANS, UZ_BLUE, 0.5);
            } else {
                c.text(digits, 10, w - 10, 14, 58, st);
                c.text(letters, 10, 160, 88, 58, st);
                c.line(166, 82, 166, h - 6, 2.2, BLACK);
                c.text(region, 172, w - 8, 92, 50, st);
            }
        });
    }

    private static Style.Plan uzTractor(Random r) {
        String region = uzRegion(r);
        String digits = Rnd.digits(r, 3);
        String letters = uzSuffix(r, 2);
        String text = until(PlateFormat.UZ_TRACTOR, () -> digits + letters + region);
        double w = 250;
        double h = 160;
        return twoLine(text, w, h, c -> {
            base(c, WHITE, BLACK);
            var st = main(Fonts.Kind.FE, BLACK, WHITE);
            Emblems.tractor(c, 12, 14, 62, 52, BLACK);
            c.text(digits, 84, w - 10, 14, 58, st);
            c.text(letters, 10, 160, 88, 58, st);
            c.line(166, 82, 166, h - 6, 2.2, BLACK);
            c.text(region, 172, w - 8, 92, 50, st);
        });
    }

    // ---------------------------------------------------------------- neighbours

    private static Style.Plan kz(Random r, boolean legal) {
        PlateFormat f = legal ? PlateFormat.KZ_LEGAL_ENTITY : PlateFormat.KZ_PRIVATE;
        String region = String.format("%02d", Rnd.range(r, 1, 20));
        String digits = Rnd.digits(r, 3);
        String letters = Rnd.chars(r, Rnd.LATIN, legal ? 2 : 3);
        String text = matching(f, () -> digits + letters + region);
        return single(text, WHITE, c -> {
            base(c, WHITE, BLACK);
            Emblems.flag(c, "KZ", 10, 12, 48, 26);
            c.label("KZ", 8, 60, 50, 26, Fonts.Kind.SANS, new Color(0, 120, 170), 0.5);
            c.text(digits + " " + letters, 68, 426, 26, 60, main(Fonts.Kind.GOST, BLACK, WHITE));
            c.line(432, 4, 432, H - 4, 2.4, BLACK);
            c.text(region, 438, 512, 30, 54, main(Fonts.Kind.GOST, BLACK, WHITE));
        }, r);
    }

    private static Style.Plan kg(Random r) {
        String region = "0" + Rnd.range(r, 1, 9);
        String digits = Rnd.digits(r, 3);
        String letters = Rnd.chars(r, Rnd.LATIN, 3);
        String text = matching(PlateFormat.KG_PRIVATE, () -> region + digits + letters);
        return single(text, WHITE, c -> {
            base(c, WHITE, BLACK);
            c.text(region, 8, 82, 28, 56, main(Fonts.Kind.GOST, BLACK, WHITE));
            Emblems.flag(c, "KG", 88, 18, 38, 24);
            c.label("KG", 86, 128, 52, 24, Fonts.Kind.SANS, new Color(200, 20, 40), 0.5);
            c.line(134, 4, 134, H - 4, 2.4, BLACK);
            c.text(digits + " " + letters, 140, 512, 26, 60, main(Fonts.Kind.GOST, BLACK, WHITE));
        }, r);
    }

    /** Kyrgyz pre-2015 plate: {@code A 1234 AB}, a small flag and KG on the left. */
    private static Style.Plan kgLegacy(Random r) {
        char a = Rnd.pick(r, Rnd.LATIN);
        String digits = Rnd.digits(r, 4);
        String bc = Rnd.chars(r, Rnd.LATIN, 2);
        String text = matching(PlateFormat.KG_LEGACY, () -> a + digits + bc);
        return single(text, WHITE, c -> {
            base(c, WHITE, BLACK);
            Emblems.flag(c, "KG", 10, 16, 40, 24);
            c.label("KG", 8, 52, 50, 24, Fonts.Kind.SANS, BLACK, 0.5);
            c.text(a + " " + digits + " " + bc, 60, 512, 26, 60, main(Fonts.Kind.GOST, BLACK, WHITE));
        }, r);
    }

    private static Style.Plan tj(Random r) {
        String region = "0" + Rnd.range(r, 1, 8);
        String digits = Rnd.digits(r, 4);
        String letters = Rnd.chars(r, Rnd.CYR12, Rnd.chance(r, 0.8) ? 2 : 1);
        String text = matching(PlateFormat.TJ_PRIVATE, () -> digits + letters + region);
        return single(text, WHITE, c -> {
            base(c, WHITE, BLACK);
            c.text(digits + " " + letters, 12, 414, 26, 60, main(Fonts.Kind.GOST, BLACK, WHITE));
            c.line(420, 4, 420, H - 4, 2.4, BLACK);
            c.text(region, 426, 512, 8, 46, main(Fonts.Kind.GOST, BLACK, WHITE));
            Emblems.flag(c, "TJ", 430, 66, 36, 22);
            c.label("TJ", 470, 512, 68, 20, Fonts.Kind.SANS, BLACK, 0.5);
        }, r);
    }

    private static Style.Plan ru(Random r) {
        String region = Rnd.chance(r, 0.75) ? String.format("%02d", Rnd.range(r, 1, 99))
                : Rnd.pick(r, "1", "7") + Rnd.pick(r, "0", "2", "5", "6", "7", "9") + Rnd.digits(r, 1);
        String a = String.valueOf(Rnd.pick(r, Rnd.CYR12));
        String digits = Rnd.digits(r, 3);
        String bc = Rnd.chars(r, Rnd.CYR12, 2);
        String text = matching(PlateFormat.RU_PRIVATE, () -> a + digits + bc + region);
        return single(text, WHITE, c -> {
            base(c, WHITE, BLACK);
            var st = main(Fonts.Kind.GOST, BLACK, WHITE);
            c.row(List.of(chars(a).withScale(0.77), gap(0.18), chars(digits), gap(0.18), chars(bc).withScale(0.77)), 12, 398, 24, 64, st);
            c.line(404, 4, 404, H - 4, 2.4, BLACK);
            c.text(region, 410, 512, 8, 48, st);
            c.label("RUS", 412, 468, 80, 18, Fonts.Kind.SANS, BLACK, 0.5);
            Emblems.flag(c, "RU", 472, 80, 34, 19);
        }, r);
    }

    private static Style.Plan tm(Random r) {
        String prov = Rnd.pick(r, "AG", "AH", "AK", "BN", "DZ", "LB", "MR");
        String lead = Rnd.chars(r, Rnd.LATIN, Rnd.chance(r, 0.8) ? 2 : 1);
        String digits = Rnd.digits(r, 4);
        String text = matching(PlateFormat.TM_PRIVATE, () -> lead + digits + prov);
        return single(text, WHITE, c -> {
            base(c, WHITE, BLACK);
            c.rect(4, 4, 58, H - 8, new Color(0, 132, 61));
            Emblems.flag(c, "TM", 10, 16, 46, 28);
            c.label("TM", 8, 58, 56, 26, Fonts.Kind.SANS, WHITE, 0.5);
            c.text(lead + " " + digits + " " + prov, 70, 512, 26, 60, main(Fonts.Kind.GOST, BLACK, WHITE));
        }, r);
    }
}
