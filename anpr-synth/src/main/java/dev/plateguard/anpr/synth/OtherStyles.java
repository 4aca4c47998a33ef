package dev.plateguard.anpr.synth;

import static dev.plateguard.anpr.synth.Canvas.chars;
import static dev.plateguard.anpr.synth.Canvas.gap;
import static dev.plateguard.anpr.synth.Canvas.main;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.plateguard.plates.PlateFormat;

/** Brazil (old grey and Mercosur) and a few others: Turkey, Ukraine, Georgia, Azerbaijan, China, India. */
final class OtherStyles {

    static final Color BLACK = new Color(18, 18, 20);
    static final Color WHITE = new Color(247, 247, 244);
    private static final String[] BR_CITIES = {"SP - SAO PAULO", "RJ - RIO DE JANEIRO", "MG - BELO HORIZONTE", "PR - CURITIBA",
        "SP - CAMPINAS", "RS - PORTO ALEGRE", "BA - SALVADOR", "DF - BRASILIA", "SC - JOINVILLE", "PE - RECIFE", "CE - FORTALEZA"};
    private static final String[] IN_STATES = {"MH", "DL", "KA", "TN", "UP", "GJ", "RJ", "WB", "AP", "TS", "KL", "HR", "PB", "MP"};
    private static final String[] TR_LETTERS = {"A", "AB", "ABC", "K", "KL", "DE", "FGH", "M", "RT", "ZY"};

    private OtherStyles() {
    }

    static List<Style> all() {
        var s = new ArrayList<Style>();
        s.add(new Style("br-old", "BR", PlateFormat.BR_GREY, 2, "br", OtherStyles::brOld));
        s.add(new Style("br-mercosur", "BR", PlateFormat.BR_MERCOSUR, 2, "br", OtherStyles::brMercosur));
        s.add(new Style("tr", "TR", PlateFormat.TR_PRIVATE, 1, "other", OtherStyles::tr));
        s.add(new Style("ua", "UA", PlateFormat.UA_PRIVATE, 1, "other", OtherStyles::ua));
        s.add(new Style("ge", "GE", null, 0.8, "other", OtherStyles::ge));
        s.add(new Style("az", "AZ", null, 0.8, "other", OtherStyles::az));
        s.add(new Style("cn-blue", "CN", null, 0.8, "other", OtherStyles::cn));
        s.add(new Style("in", "IN", null, 0.8, "other", OtherStyles::in));
        return s;
    }

    private static Style.Plan plan(String text, double w, double h, Color bg, double capTop, double cap, Style.Painter p) {
        return new Style.Plan(Rnd.norm(text), w, h, 5, bg, capTop, capTop + cap, new double[] {w * 0.25, h * 0.5, w * 0.75, h * 0.5}, p);
    }

    private static Style.Plan brOld(Random r) {
        String a = Rnd.chars(r, Rnd.LATIN, 3);
        String d = Rnd.digits(r, 4);
        String city = Rnd.pick(r, BR_CITIES);
        Color grey = Canvas.jitter(r, new Color(170, 172, 175), 12);
        return plan(a + d, 400, 130, grey, 38, 70, c -> {
            c.rect(0, 0, c.w, c.h, grey);
            c.border(2, 2.5, 5, BLACK);
            c.label(city, 40, c.w - 40, 10, 16, Fonts.Kind.SANS, BLACK, 0.5);
            c.row(List.of(chars(a), Canvas.DASH, chars(d)), 14, c.w - 14, 38, 70, main(Fonts.Kind.DIN, BLACK, grey));
        });
    }

    private static Style.Plan brMercosur(Random r) {
        String t = Rnd.pattern(r, "LLLNLNN", Rnd.LATIN);
        return plan(t, 400, 130, WHITE, 44, 66, c -> {
            c.rect(0, 0, c.w, c.h, WHITE);
            c.rect(0, 0, c.w, 30, new Color(0, 56, 150));
            c.label("BRASIL", 100, 300, 8, 15, Fonts.Kind.SANS, Color.WHITE, 0.5);
            Emblems.flag(c, "BR", c.w - 40, 5, 30, 20);
            Emblems.hologram(c, 22, 15, 10, new Color(255, 255, 255, 200));
            c.label("BR", 14, 40, 34, 14, Fonts.Kind.SANS, BLACK, 0.5);
            c.border(1, 2.5, 5, BLACK);
            c.text(t, 36, c.w - 16, 44, 66, main(Fonts.Kind.FE, BLACK, WHITE));
        });
    }

    private static Style.Plan tr(Random r) {
        String city = String.format("%02d", Rnd.range(r, 1, 81));
        String letters = Rnd.chars(r, "ABCDEFGHJKLMNOPRSTUVYZ", Rnd.pick(r, TR_LETTERS).length());
        String digits = Rnd.digits(r, letters.length() == 1 ? 4 : letters.length() == 2 ? Rnd.range(r, 3, 4) : Rnd.range(r, 2, 3));
        return plan(city + letters + digits, 520, 110, WHITE, 18, 74, c -> {
            c.rect(0, 0, c.w, c.h, WHITE);
            Emblems.euBand(c, "TR", 2, 2, 44, c.h - 4, false, Emblems.EU_BLUE);
            c.border(0.8, 1.6, 4, BLACK);
            c.row(List.of(chars(city), gap(0.5), chars(letters), gap(0.5), chars(digits)), 54, c.w - 8, 18, 74,
                    main(Fonts.Kind.DIN, BLACK, WHITE));
        });
    }

    private static Style.Plan ua(Random r) {
        String a = Rnd.chars(r, "ABCEHIKMOPTX", 2);
        String d = Rnd.digits(r, 4);
        String b = Rnd.chars(r, "ABCEHIKMOPTX", 2);
        return plan(a + d + b, 520, 112, WHITE, 20, 72, c -> {
            c.rect(0, 0, c.w, c.h, WHITE);
            Emblems.flagBand(c, "UA", "UA", 3, 3, 44, c.h - 6, new Color(0, 87, 183), Color.WHITE);
            c.border(0.8, 1.6, 4, BLACK);
            c.row(List.of(chars(a), gap(0.4), chars(d), gap(0.4), chars(b)), 54, c.w - 8, 20, 72, main(Fonts.Kind.GOST, BLACK, WHITE));
        });
    }

    private static Style.Plan ge(Random r) {
        String display = Rnd.pattern(r, "LL-NNN-LL", Rnd.LATIN);
        return plan(display, 520, 112, WHITE, 20, 72, c -> {
            c.rect(0, 0, c.w, c.h, WHITE);
            Emblems.flagBand(c, "GE", "GE", 3, 3, 44, c.h - 6, null, BLACK);
            c.border(0.8, 1.6, 4, BLACK);
            c.text(display, 54, c.w - 8, 20, 72, main(Fonts.Kind.GOST, BLACK, WHITE));
        });
    }

    private static Style.Plan az(Random r) {
        String display = String.format("%02d", Rnd.range(r, 1, 99)) + "-" + Rnd.chars(r, Rnd.LATIN, 2) + "-" + Rnd.digits(r, 3);
        return plan(display, 520, 112, WHITE, 20, 72, c -> {
            c.rect(0, 0, c.w, c.h, WHITE);
            Emblems.flagBand(c, "AZ", "AZ", 3, 3, 44, c.h - 6, null, BLACK);
            c.border(0.8, 1.6, 4, BLACK);
            c.text(display, 54, c.w - 8, 20, 72, main(Fonts.Kind.GOST, BLACK, WHITE));
        });
    }

    private static Style.Plan cn(Random r) {
        char letter = Rnd.pick(r, "ABCDEFGHJKLMN");
        String rest = Rnd.chance(r, 0.6) ? Rnd.digits(r, 5) : Rnd.pattern(r, Rnd.pick(r, "NNNLN", "LNNNN", "NNNNL", "LLNNN"), "ABCDEFGHJKLMNPQRSTUVWXYZ");
        Color blue = new Color(20, 60, 180);
        return plan(letter + rest, 440, 140, blue, 25, 90, c -> {
            c.rect(0, 0, c.w, c.h, blue);
            c.border(5, 2.5, 6, Color.WHITE);
            Emblems.pseudoHanzi(c, 22, 28, 80, Color.WHITE);
            c.row(List.of(chars(String.valueOf(letter)), Canvas.DOT, chars(rest)), 110, c.w - 16, 25, 90,
                    main(Fonts.Kind.GOST, Color.WHITE, blue));
        });
    }

    private static Style.Plan in(Random r) {
        String display = Rnd.pick(r, IN_STATES) + " " + String.format("%02d", Rnd.range(r, 1, 60)) + " "
                + Rnd.chars(r, Rnd.LATIN, Rnd.range(r, 1, 2)) + " " + Rnd.digits(r, 4);
        boolean commercial = Rnd.chance(r, 0.25);
        Color bg = commercial ? new Color(250, 205, 30) : WHITE;
        return plan(display, 500, 120, bg, 28, 64, c -> {
            c.rect(0, 0, c.w, c.h, bg);
            c.border(1, 2, 5, BLACK);
            if (Rnd.chance(c.rnd, 0.6)) {
                Emblems.hologram(c, 24, 30, 10, new Color(40, 80, 200));
                c.label("IND", 8, 40, 66, 16, Fonts.Kind.SANS, new Color(40, 80, 200), 0.5);
            }
            c.text(display, 46, c.w - 10, 28, 64, main(Fonts.Kind.GOST, BLACK, bg));
        });
    }
}
