package dev.plateguard.anpr.synth;

import static dev.plateguard.anpr.synth.Canvas.DASH;
import static dev.plateguard.anpr.synth.Canvas.chars;
import static dev.plateguard.anpr.synth.Canvas.gap;
import static dev.plateguard.anpr.synth.Canvas.main;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.plateguard.plates.PlateFormat;

/** European plates: the blue EU band, national layouts, the UK and vanity texts. */
final class EuStyles {

    static final Color BLACK = new Color(18, 18, 20);
    static final Color WHITE = new Color(247, 247, 244);
    static final Color NL_YELLOW = new Color(247, 198, 0);
    static final Color UK_YELLOW = new Color(252, 208, 22);

    private static final String[] DE_CITIES = {"B", "M", "HH", "K", "F", "S", "D", "HB", "BN", "DO", "E", "DU", "MS", "KA", "WI",
        "MZ", "A", "N", "LB", "ES", "BB", "RT", "GI", "LU", "MA", "HD", "KS", "OF", "AC", "EN", "ME", "RE", "GE", "BO", "HAM", "HER",
        "WES", "STA", "FFB", "LDS", "PAF", "NEA", "MOL", "TBB", "H", "L", "DD", "C", "HL", "KI", "OS", "UL", "W", "AB"};
    private static final String[] SK_DISTRICTS = {"BA", "BB", "BJ", "BN", "BR", "BS", "BY", "CA", "DK", "DS", "DT", "GA", "GL",
        "HC", "HE", "IL", "KA", "KE", "KK", "KM", "KN", "KS", "LC", "LE", "LM", "LV", "MA", "MI", "ML", "MT", "MY", "NM", "NO", "NR",
        "NZ", "PB", "PD", "PE", "PK", "PN", "PO", "PP", "PT", "PU", "RA", "RK", "RS", "RV", "SA", "SB", "SC", "SE", "SI", "SK", "SL",
        "SN", "SO", "SP", "SV", "TN", "TO", "TR", "TS", "TT", "TV", "VK", "VT", "ZA", "ZC", "ZH", "ZM", "ZV"};
    private static final String[] HR_CITIES = {"ZG", "ST", "RI", "OS", "DU", "ZD", "PU", "KA", "SB", "VZ", "VU", "SK", "BJ", "CK",
        "DA", "GS", "IM", "KC", "KR", "KT", "KZ", "MA", "NA", "NG", "OG", "PS", "PZ", "SI", "SL", "VK", "VT", "ZU"};
    private static final String[] RS_CITIES = {"BG", "NS", "NI", "KG", "SU", "CA", "PA", "ZR", "SM", "VA", "UE", "KV", "LE", "PO",
        "JA", "SO", "SA", "KS", "VR", "PI", "AR", "SD"};
    private static final String[] SI_REGIONS = {"LJ", "MB", "CE", "KR", "KP", "NM", "MS", "KK", "GO", "PO", "SG"};
    private static final String[] GENERIC_CODES = {"A", "B", "BG", "CY", "DK", "EST", "FIN", "GR", "H", "IRL", "L", "LT", "LV", "M",
        "P", "RO", "S", "CH", "N", "IS", "FL", "MD", "BIH", "MNE", "AL", "NMK"};
    private static final String[] GENERIC_PATTERNS = {"LL NNNN", "LLL NNN", "LL-NNN-LL", "L NNNN LL", "NNN LLL", "LLL-NNN", "LL NNN LL",
        "NN LL NNN", "LLL NNNN", "L-NNN-LLL", "LL-NNNN", "LLL NNLL", "NNN-LLL", "L NNN LL", "LLNN LLL", "NNNN LL"};
    private static final String CONSONANTS = "BCDFGHJKLMNPRSTVWXZ";
    private static final String VOWELS = "AEIOUY";

    private EuStyles() {
    }

    static List<Style> all() {
        var s = new ArrayList<Style>();
        s.add(new Style("eu-de", "DE", PlateFormat.DE_PRIVATE, 3, "eu", EuStyles::de));
        s.add(new Style("eu-sk", "SK", null, 3, "eu", EuStyles::sk));
        s.add(new Style("eu-hr", "HR", null, 2, "eu", EuStyles::hr));
        s.add(new Style("eu-rs", "RS", null, 1.5, "eu", EuStyles::rs));
        s.add(new Style("eu-si", "SI", null, 1.5, "eu", EuStyles::si));
        s.add(new Style("eu-cz", "CZ", null, 2, "eu", EuStyles::cz));
        s.add(new Style("eu-pl", "PL", PlateFormat.PL_PRIVATE, 2, "eu", EuStyles::pl));
        s.add(new Style("eu-fr", "FR", PlateFormat.FR_SIV, 2, "eu", EuStyles::fr));
        s.add(new Style("eu-it", "IT", PlateFormat.IT_PRIVATE, 2, "eu", EuStyles::it));
        s.add(new Style("eu-es", "ES", PlateFormat.ES_PRIVATE, 2, "eu", EuStyles::es));
        s.add(new Style("eu-nl", "NL", null, 1.5, "eu", EuStyles::nl));
        s.add(new Style("uk-front", "GB", PlateFormat.GB_CURRENT, 1.5, "eu", r -> uk(r, false)));
        s.add(new Style("uk-rear", "GB", PlateFormat.GB_CURRENT, 1.5, "eu", r -> uk(r, true)));
        s.add(new Style("eu-generic", "EU", null, 3, "eu", EuStyles::generic));
        s.add(new Style("eu-vanity", "EU", null, 2.5, "eu", EuStyles::vanity));
        return s;
    }

    // ---------------------------------------------------------------- shared layout

    /** Band geometry and colours of one EU plate. */
    private record Eu(double w, double h, String code, boolean stars, Color bg, Color fg, Fonts.Kind kind, double cap, boolean band) {
    }

    private static Style.Plan eu(Random r, Eu e, String text, List<Canvas.Item> items, Style.Painter extra) {
        double bandW = e.band() ? (e.w() < 400 ? 36 : 44) : 0;
        double capTop = (e.h() - e.cap()) / 2;
        boolean borderLine = Rnd.chance(r, 0.75);
        double[] screws = Rnd.chance(r, 0.5) ? new double[] {e.w() * 0.22, e.h() * 0.5, e.w() * 0.78, e.h() * 0.5}
                : new double[] {e.w() * 0.3, e.h() * 0.1, e.w() * 0.7, e.h() * 0.1};
        return new Style.Plan(Rnd.norm(text), e.w(), e.h(), 4, e.bg(), capTop, capTop + e.cap(), screws, c -> {
            c.rect(0, 0, c.w, c.h, e.bg());
            if (e.band()) {
                Emblems.euBand(c, e.code(), 2, 2, bandW, c.h - 4, e.stars(), Emblems.EU_BLUE);
            }
            if (borderLine) {
                c.border(0.8, 1.4, 4, e.fg());
            }
            double right = extra != null ? c.w - bandW - 4 : c.w - 8;
            c.row(items, bandW + 7, right, capTop, e.cap(), main(e.kind(), e.fg(), e.bg()));
            if (extra != null) {
                extra.paint(c);
            }
        });
    }

    private static Canvas.Sep arms(String code) {
        return new Canvas.Sep(0.5, (c, x, y, w, cap) -> Emblems.arms(c, code, x + w * 0.08, y + cap * 0.12, w * 0.84, cap * 0.78));
    }

    private static String pattern(Random r, String p, String letters) {
        return Rnd.pattern(r, p, letters);
    }

    // ---------------------------------------------------------------- national styles

    private static Style.Plan de(Random r) {
        String city;
        do {
            city = Rnd.pick(r, DE_CITIES);
        } while (!Rnd.norm(city).equals(city));
        int maxRest = 8 - city.length();
        String letters = Rnd.chars(r, Rnd.LATIN, Rnd.chance(r, 0.75) ? 2 : 1);
        int nd = Rnd.range(r, 1, Math.max(1, Math.min(4, maxRest - letters.length())));
        String digits = Rnd.chars(r, "123456789", 1) + Rnd.digits(r, nd - 1);
        String suffix = Rnd.chance(r, 0.06) ? "E" : Rnd.chance(r, 0.03) ? "H" : "";
        int len = city.length() + letters.length() + digits.length() + suffix.length();
        double w = len <= 5 && Rnd.chance(r, 0.3) ? Rnd.pick(r, 340.0, 405.0, 460.0) : 520;
        var items = List.<Canvas.Item>of(chars(city), new Canvas.Sep(0.62, (c, x, y, sw, cap) -> Emblems.germanSeals(c, x, y, sw, cap)),
                chars(letters), gap(0.4), chars(digits + suffix));
        return eu(r, new Eu(w, 110, "D", true, WHITE, BLACK, Fonts.Kind.FE, 75, true), city + letters + digits + suffix, items, null);
    }

    private static Style.Plan sk(Random r) {
        if (Rnd.chance(r, 0.25)) { // 2023+ series without district and arms
            String a = Rnd.chars(r, Rnd.LATIN, 2);
            String d = Rnd.digits(r, 3);
            String b = Rnd.chars(r, Rnd.LATIN, 2);
            return eu(r, new Eu(520, 110, "SK", true, WHITE, BLACK, Fonts.Kind.DIN, 72, true), a + d + b,
                    List.of(chars(a), gap(0.45), chars(d + b)), null);
        }
        String dist = Rnd.pick(r, SK_DISTRICTS);
        String d = Rnd.digits(r, 3);
        String b = Rnd.chars(r, Rnd.LATIN, 2);
        var sep = Rnd.chance(r, 0.9) ? arms("SK") : DASH;
        return eu(r, new Eu(520, 110, "SK", true, WHITE, BLACK, Fonts.Kind.DIN, 72, true), dist + d + b,
                List.of(chars(dist), sep, chars(d), gap(0.06), chars(b)), null);
    }

    private static Style.Plan hr(Random r) {
        String city = Rnd.pick(r, HR_CITIES);
        String d = Rnd.digits(r, Rnd.chance(r, 0.5) ? 3 : 4);
        String b = Rnd.chars(r, Rnd.LATIN, Rnd.chance(r, 0.75) ? 2 : 1);
        return eu(r, new Eu(520, 110, "HR", true, WHITE, BLACK, Fonts.Kind.DIN, 72, true), city + d + b,
                List.of(chars(city), arms("HR"), chars(d), DASH, chars(b)), null);
    }

    private static Style.Plan rs(Random r) {
        String city = Rnd.pick(r, RS_CITIES);
        String d = Rnd.digits(r, Rnd.range(r, 3, 5));
        String b = Rnd.chars(r, Rnd.LATIN, 2);
        return eu(r, new Eu(520, 110, "SRB", false, WHITE, BLACK, Fonts.Kind.DIN, 72, true), city + d + b,
                List.of(chars(city), arms("RS"), chars(d), DASH, chars(b)), null);
    }

    private static Style.Plan si(Random r) {
        String reg = Rnd.pick(r, SI_REGIONS);
        String rest = pattern(r, Rnd.pick(r, "LL-NNN", "NN-LLL", "LN-NNL", "NNN-LL", "L-NNNN"), Rnd.LATIN);
        var items = new ArrayList<Canvas.Item>();
        items.add(chars(reg));
        items.add(arms("SI"));
        items.addAll(Canvas.parse(rest));
        return eu(r, new Eu(520, 110, "SLO", true, WHITE, BLACK, Fonts.Kind.DIN, 70, true), reg + rest, items, null);
    }

    private static Style.Plan cz(Random r) {
        String display = Rnd.chance(r, 0.8)
                ? Rnd.pattern(r, "N", "") + Rnd.pick(r, Rnd.LATIN) + (Rnd.chance(r, 0.7) ? Rnd.digits(r, 1) : String.valueOf(Rnd.pick(r, Rnd.LATIN)))
                        + " " + Rnd.digits(r, 4)
                : Rnd.chars(r, Rnd.LATIN, 3) + " " + Rnd.digits(r, 2) + "-" + Rnd.digits(r, 2);
        return eu(r, new Eu(520, 110, "CZ", true, WHITE, BLACK, Fonts.Kind.DIN, 72, true), display, Canvas.parse(display), null);
    }

    private static Style.Plan pl(Random r) {
        String region = String.valueOf(Rnd.pick(r, "WKPGDSLEBCFNORTZ"));
        String dist = region + Rnd.chars(r, Rnd.LATIN, Rnd.chance(r, 0.6) ? 1 : 2);
        // Series letters leave out B, D, I, O and Z; the layouts are those PlateFormat.PL_PRIVATE allows.
        String series = "ACEFGHJKLMNPQRSTUVWXY";
        String rest = dist.length() == 2 ? pattern(r, Rnd.pick(r, "NNNNN", "NNNLL", "NLLNN", "NNNNL", "NLNNN"), series)
                : pattern(r, Rnd.pick(r, "LNNN", "NNLL", "NLNN", "NNLN", "NLLN", "LLNN"), series);
        return eu(r, new Eu(520, 114, "PL", true, WHITE, BLACK, Fonts.Kind.DIN, 74, true), dist + rest,
                List.of(chars(dist), gap(0.5), chars(rest)), null);
    }

    private static Style.Plan fr(Random r) {
        String letters = "ABCDEFGHJKLMNPQRSTVWXYZ";
        String display = Rnd.chars(r, letters, 2) + "-" + Rnd.digits(r, 3) + "-" + Rnd.chars(r, letters, 2);
        String dept = String.format("%02d", Rnd.range(r, 1, 95));
        Color logo = Rnd.pick(r, new Color(220, 40, 40), new Color(250, 200, 30), new Color(40, 160, 80), new Color(240, 120, 30));
        return eu(r, new Eu(520, 110, "F", true, WHITE, BLACK, Fonts.Kind.DIN, 70, true), display, Canvas.parse(display), c -> {
            double x = c.w - 46;
            c.rect(x, 2, 44, c.h - 4, Emblems.EU_BLUE);
            Emblems.blob(c, x + 22, c.h * 0.3, 16, 14, 4, logo);
            c.label(dept, x + 4, x + 40, c.h * 0.62, 24, Fonts.Kind.SANS, Color.WHITE, 0.5);
        });
    }

    private static Style.Plan it(Random r) {
        String letters = "ABCDEFGHJKLMNPRSTVWXYZ";
        String a = Rnd.chars(r, letters, 2);
        String d = Rnd.digits(r, 3);
        String b = Rnd.chars(r, letters, 2);
        String year = String.format("%02d", Rnd.range(r, 0, 25));
        return eu(r, new Eu(360, 110, "I", true, WHITE, BLACK, Fonts.Kind.DIN, 68, true), a + d + b,
                List.of(chars(a), gap(0.3), chars(d + b)), c -> {
                    double x = c.w - 38;
                    c.rect(x, 2, 36, c.h - 4, Emblems.EU_BLUE);
                    Emblems.stars(c, x + 18, c.h * 0.25, 9, 2);
                    c.label(year, x + 4, x + 32, c.h * 0.5, 16, Fonts.Kind.SANS, Color.WHITE, 0.5);
                });
    }

    private static Style.Plan es(Random r) {
        String d = Rnd.digits(r, 4);
        String l = Rnd.chars(r, "BCDFGHJKLMNPRSTVWXYZ", 3);
        return eu(r, new Eu(520, 110, "E", true, WHITE, BLACK, Fonts.Kind.DIN, 72, true), d + l, List.of(chars(d), gap(0.5), chars(l)), null);
    }

    private static Style.Plan nl(Random r) {
        String display = pattern(r, Rnd.pick(r, "NN-LLL-N", "N-LLL-NN", "LL-NNN-L", "L-NNN-LL", "LLL-NN-L", "N-LL-NNN", "NNN-LL-N",
                "LL-NN-LL", "NN-LL-LL"), "BDFGHJKLNPRSTVXZ");
        return eu(r, new Eu(520, 110, "NL", true, NL_YELLOW, BLACK, Fonts.Kind.DIN, 70, true), display, Canvas.parse(display), null);
    }

    private static Style.Plan uk(Random r, boolean rear) {
        // the 2001 scheme (PlateFormat.GB_CURRENT): a region letter, a DVLA office letter, the age, three letters
        String age = Rnd.chance(r, 0.5) ? String.format("%02d", Rnd.range(r, 2, 26)) : String.valueOf(Rnd.range(r, 51, 76));
        String a = Rnd.chars(r, "ABCDEFGHKLMNOPRSVWY", 1) + Rnd.chars(r, "ABCDEFGHJKLMNOPRSTUVWXY", 1);
        String b = Rnd.chars(r, "ABCDEFGHJKLMNOPRSTUVWXYZ", 3);
        int band = r.nextInt(4); // 0: none, 1: GB stars, 2: UK flag, 3: none
        Color bg = rear ? UK_YELLOW : WHITE;
        boolean hasBand = band == 1 || band == 2;
        var e = new Eu(520, 111, "", false, bg, BLACK, Fonts.Kind.UK, 79, false);
        double left = hasBand ? 50 : 10;
        double capTop = (111 - 79) / 2.0;
        return new Style.Plan(a + age + b, 520, 111, 5, bg, capTop, capTop + 79,
                new double[] {520 * 0.25, 111 * 0.5, 520 * 0.75, 111 * 0.5}, c -> {
                    c.rect(0, 0, c.w, c.h, bg);
                    if (band == 1) {
                        Emblems.euBand(c, "GB", 2, 2, 44, c.h - 4, true, Emblems.EU_BLUE);
                    } else if (band == 2) {
                        c.rect(2, 2, 44, c.h - 4, new Color(1, 33, 105));
                        Emblems.flag(c, "GB", 6, 14, 36, 22);
                        c.label("UK", 4, 44, 60, 28, Fonts.Kind.SANS, Color.WHITE, 0.5);
                    }
                    c.row(List.of(chars(a + age), gap(0.6), chars(b)), left, c.w - 10, capTop, 79, main(e.kind(), BLACK, bg));
                    if (Rnd.chance(c.rnd, 0.4)) {
                        c.label(Rnd.pick(c.rnd, "AUTO SALES LTD", "MOTORS", "CARS OF LONDON", "DEALER"), c.w * 0.3, c.w * 0.7, c.h - 9, 6,
                                Fonts.Kind.SANS_PLAIN, BLACK, 0.5);
                    }
                });
    }

    private static Style.Plan generic(Random r) {
        String code = Rnd.pick(r, GENERIC_CODES);
        String display = pattern(r, Rnd.pick(r, GENERIC_PATTERNS), Rnd.LATIN);
        Color bg = Rnd.chance(r, 0.12) ? NL_YELLOW : WHITE;
        boolean stars = !List.of("CH", "N", "IS", "FL", "MD", "BIH", "MNE", "AL", "NMK").contains(code) || Rnd.chance(r, 0.2);
        Fonts.Kind kind = Rnd.pick(r, Fonts.Kind.DIN, Fonts.Kind.FE, Fonts.Kind.GOST);
        return eu(r, new Eu(Rnd.chance(r, 0.15) ? 460 : 520, 110, code, stars, bg, BLACK, kind, Rnd.uni(r, 66, 76), true), display,
                Canvas.parse(display), null);
    }

    /** A pronounceable word of n letters. */
    static String word(Random r, int n) {
        var sb = new StringBuilder();
        boolean vowel = r.nextBoolean();
        for (int i = 0; i < n; i++) {
            sb.append(Rnd.pick(r, vowel ? VOWELS : CONSONANTS));
            vowel = Rnd.chance(r, 0.25) == vowel;
        }
        return sb.toString();
    }

    /** Vanity-like texts: words, word + digits, UK-style "M5 XSX", "VW 4X4 WP". */
    static String vanityDisplay(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> word(r, Rnd.range(r, 4, 7));
            case 1 -> word(r, Rnd.range(r, 2, 4)) + " " + Rnd.digits(r, Rnd.range(r, 1, 3));
            case 2 -> Rnd.pick(r, Rnd.LATIN) + Rnd.digits(r, 1) + " " + Rnd.chars(r, Rnd.LATIN, 3);
            case 3 -> Rnd.chars(r, Rnd.LATIN, 2) + " " + Rnd.pattern(r, "NLN", Rnd.LATIN) + " " + Rnd.chars(r, Rnd.LATIN, 2);
            case 4 -> Rnd.chars(r, Rnd.LATIN, 3) + " " + Rnd.digits(r, Rnd.range(r, 2, 4));
            default -> Rnd.pattern(r, Rnd.pick(r, "LLLLL", "LLLLLL", "LNLLL", "LLNLL", "NLLLL", "LLLLNN"), Rnd.LATIN);
        };
    }

    private static Style.Plan vanity(Random r) {
        String display = vanityDisplay(r);
        String code = Rnd.pick(r, "D", "GB", "A", "CH", "NL", "B", "I", "F", "");
        Color bg = Rnd.chance(r, 0.25) ? Rnd.pick(r, NL_YELLOW, UK_YELLOW) : WHITE;
        boolean band = !code.isEmpty();
        return eu(r, new Eu(520, 110, code, !code.equals("CH"), bg, BLACK, Rnd.pick(r, Fonts.Kind.FE, Fonts.Kind.UK, Fonts.Kind.DIN),
                75, band), display, Canvas.parse(display), null);
    }
}
