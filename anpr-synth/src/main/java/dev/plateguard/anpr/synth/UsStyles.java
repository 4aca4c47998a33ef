package dev.plateguard.anpr.synth;

import static dev.plateguard.anpr.synth.Canvas.main;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * US state plates (12 × 6 in): coloured backgrounds and graphics, the state name and a slogan in small print (not part
 * of the text), registration stickers, 5–8 characters, sometimes a stacked pair of small characters on the left.
 */
final class UsStyles {

    static final double W = 305;
    static final double H = 152;

    private static final Color NAVY = new Color(22, 36, 96);
    private static final Color DARK_RED = new Color(150, 20, 30);
    private static final Color RED = new Color(200, 30, 40);
    private static final Color BLACK = new Color(20, 20, 22);
    private static final Color WHITE = new Color(248, 248, 246);
    private static final Color GREEN = new Color(20, 100, 50);

    /** Where the state name goes and what it looks like. */
    private enum Pos { TOP, BOTTOM }

    /**
     * One state's look.
     *
     * @param formats text patterns (N digit, L letter, space/dash layout)
     */
    private record State(String code, String name, Fonts.Kind nameKind, Color nameColor, Pos namePos, Color text, String slogan,
                         Color sloganColor, String[] formats, Bg bg, Color altBg, Color altText) {

        State(String code, String name, Fonts.Kind nameKind, Color nameColor, Pos namePos, Color text, String slogan,
              Color sloganColor, String[] formats, Bg bg) {
            this(code, name, nameKind, nameColor, namePos, text, slogan, sloganColor, formats, bg, null, null);
        }
    }

    @FunctionalInterface
    private interface Bg {
        void paint(Canvas c);
    }

    private static final List<State> STATES = List.of(
            new State("CA", "California", Fonts.Kind.SCRIPT, RED, Pos.TOP, NAVY, "dmv.ca.gov", RED,
                    new String[] {"NLLLNNN", "NLLLNNN", "NLLLNNN", "NLLLNNN"}, c -> white(c)),
            new State("TX", "TEXAS", Fonts.Kind.SANS, BLACK, Pos.TOP, BLACK, "THE LONE STAR STATE", BLACK,
                    new String[] {"LLL-NNNN", "LLL NNNN", "LLLNNNN", "LLN-NNNN"}, c -> {
                        Emblems.vgradient(c, 0, 0, c.w, c.h, new Color(235, 238, 240), new Color(205, 210, 215));
                        Emblems.star(c, c.w * 0.08, c.h * 0.15, 10, new Color(90, 90, 110));
                    }),
            new State("NY", "NEW YORK", Fonts.Kind.SANS, NAVY, Pos.TOP, NAVY, "EXCELSIOR", NAVY,
                    new String[] {"LLL-NNNN", "LLL NNNN"}, c -> {
                        if (c.rnd.nextBoolean()) {
                            c.rect(0, 0, c.w, c.h, new Color(240, 190, 60));
                        } else {
                            c.rect(0, 0, c.w, c.h, WHITE);
                            Emblems.vgradient(c, 0, c.h * 0.6, c.w, c.h * 0.4, new Color(250, 220, 150), new Color(240, 160, 50));
                            Emblems.mountains(c, 0, c.h * 0.62, c.w, c.h * 0.18, new Color(180, 190, 215));
                        }
                    }),
            new State("FL", "Florida", Fonts.Kind.SANS, GREEN, Pos.TOP, GREEN, "Sunshine State", GREEN,
                    new String[] {"LLL LNN", "NNN LLL", "LNN LLL", "LLLL NN"}, c -> {
                        white(c);
                        Emblems.blob(c, c.w * 0.5, c.h * 0.5, 40, 36, 6, new Color(250, 160, 50));
                        Emblems.blob(c, c.w * 0.53, c.h * 0.28, 20, 10, 3, new Color(60, 150, 60));
                    }),
            new State("IL", "Illinois", Fonts.Kind.SCRIPT, RED, Pos.TOP, NAVY, "LAND OF LINCOLN", RED,
                    new String[] {"LL NNNNN", "LNN NNNN", "NNNNNNN", "NNNNN LN"}, c -> {
                        white(c);
                        Emblems.blob(c, c.w * 0.72, c.h * 0.55, 40, 55, 5, new Color(225, 225, 235));
                    }),
            new State("PA", "PENNSYLVANIA", Fonts.Kind.SANS, NAVY, Pos.TOP, NAVY, "visitPA.com", WHITE,
                    new String[] {"LLL-NNNN", "LLL NNNN"}, c -> {
                        white(c);
                        c.rect(0, c.h * 0.84, c.w, c.h * 0.16, new Color(20, 50, 130));
                        c.rect(0, 0, c.w, c.h * 0.05, new Color(250, 200, 40));
                    }),
            new State("OH", "OHIO", Fonts.Kind.SANS, NAVY, Pos.TOP, BLACK, "BIRTHPLACE OF AVIATION", NAVY,
                    new String[] {"LLL NNNN", "LLL-NNNN", "LL NNNLL"}, c -> {
                        Emblems.vgradient(c, 0, 0, c.w, c.h * 0.7, new Color(190, 215, 240), WHITE);
                        c.rect(0, c.h * 0.7, c.w, c.h * 0.3, new Color(240, 225, 150));
                        Emblems.mountains(c, 0, c.h * 0.75, c.w, c.h * 0.1, new Color(140, 190, 110));
                    }),
            new State("NJ", "New Jersey", Fonts.Kind.SANS, BLACK, Pos.TOP, BLACK, "Garden State", BLACK,
                    new String[] {"LNN-LLL", "LLL-NNL", "LNNLLL"}, c ->
                            Emblems.vgradient(c, 0, 0, c.w, c.h, new Color(250, 240, 180), new Color(235, 205, 120))),
            new State("GA", "GEORGIA", Fonts.Kind.SANS, NAVY, Pos.TOP, BLACK, "FULTON", BLACK,
                    new String[] {"LLL NNNN", "LLLNNNN", "NNNN LLL"}, c -> {
                        white(c);
                        Emblems.blob(c, c.w * 0.5, c.h * 0.5, 30, 30, 5, new Color(250, 190, 150));
                    }),
            new State("NC", "NORTH CAROLINA", Fonts.Kind.SANS, NAVY, Pos.BOTTOM, NAVY, "FIRST IN FLIGHT", RED,
                    new String[] {"LLL-NNNN", "LLL NNNN"}, c -> {
                        white(c);
                        Emblems.vgradient(c, 0, 0, c.w, c.h * 0.25, new Color(200, 60, 60), WHITE);
                    }),
            new State("MI", "Michigan", Fonts.Kind.SANS, NAVY, Pos.TOP, NAVY, "Great Lakes Splendor", NAVY,
                    new String[] {"LLL NNNN", "NLLL NN", "LLLNNNN"}, c -> white(c), new Color(30, 50, 120), WHITE),
            new State("MA", "Massachusetts", Fonts.Kind.SANS, RED, Pos.TOP, DARK_RED, "The Spirit of America", RED,
                    new String[] {"NLL NNN", "NNN LLN", "NLLNNN", "NNLL NN"}, c -> white(c)),
            new State("WA", "Washington", Fonts.Kind.SCRIPT, NAVY, Pos.TOP, NAVY, "EVERGREEN STATE", NAVY,
                    new String[] {"LLLNNNN", "LLL NNNN", "NNN LLL"}, c -> {
                        white(c);
                        Emblems.mountains(c, 0, c.h * 0.35, c.w, c.h * 0.25, new Color(215, 225, 240));
                    }),
            new State("AZ", "ARIZONA", Fonts.Kind.SANS, BLACK, Pos.TOP, DARK_RED, "GRAND CANYON STATE", BLACK,
                    new String[] {"LLL NNNN", "LLLNNNN", "LLNNNNN"}, c -> {
                        Emblems.vgradient(c, 0, 0, c.w, c.h * 0.6, new Color(160, 110, 170), new Color(250, 200, 120));
                        c.rect(0, c.h * 0.6, c.w, c.h * 0.4, new Color(250, 235, 200));
                        Emblems.mountains(c, 0, c.h * 0.62, c.w, c.h * 0.15, new Color(200, 120, 80));
                    }),
            new State("MO", "MISSOURI", Fonts.Kind.SANS, NAVY, Pos.TOP, NAVY, "SHOW-ME STATE", NAVY,
                    new String[] {"LLN LNL", "LLN-LNL", "LLNLNL", "NNN LLL"}, c -> {
                        Emblems.vgradient(c, 0, 0, c.w, c.h, WHITE, new Color(190, 220, 235));
                        Emblems.blob(c, c.w * 0.15, c.h * 0.2, 14, 9, 3, new Color(70, 120, 200));
                    }),
            new State("CO", "COLORADO", Fonts.Kind.SANS, WHITE, Pos.TOP, GREEN, "", GREEN,
                    new String[] {"LLL-LNN", "NNN-LLL", "LLL-NNN"}, c -> {
                        white(c);
                        c.rect(0, 0, c.w, c.h * 0.2, new Color(20, 100, 50));
                        Emblems.mountains(c, 0, c.h * 0.28, c.w, c.h * 0.1, new Color(20, 100, 50));
                    }),
            new State("VA", "Virginia", Fonts.Kind.SCRIPT, NAVY, Pos.TOP, NAVY, "Virginia is for Lovers", NAVY,
                    new String[] {"LLL-NNNN", "LLLNNNN"}, c -> white(c)),
            new State("NV", "NEVADA", Fonts.Kind.SANS, NAVY, Pos.TOP, NAVY, "HOME MEANS NEVADA", NAVY,
                    new String[] {"NNL NNN", "NNN LLL", "NLLNNN"}, c -> {
                        Emblems.vgradient(c, 0, 0, c.w, c.h, new Color(150, 190, 230), new Color(250, 230, 190));
                        Emblems.mountains(c, 0, c.h * 0.8, c.w, c.h * 0.3, new Color(170, 150, 170));
                    }),
            new State("MD", "Maryland", Fonts.Kind.SCRIPT, BLACK, Pos.TOP, BLACK, "", BLACK,
                    new String[] {"NLLNNNN", "NLL NNNN"}, c -> {
                        white(c);
                        c.rect(0, c.h * 0.86, c.w, c.h * 0.14, new Color(240, 200, 40));
                    }));

    private UsStyles() {
    }

    static List<Style> all() {
        var s = new ArrayList<Style>();
        for (State st : STATES) {
            s.add(new Style("us-" + st.code().toLowerCase(java.util.Locale.ROOT), "US", null, 1.3, "us", r -> plate(r, st, null)));
        }
        s.add(new Style("us-vanity", "US", null, 2.0, "us", r -> plate(r, Rnd.pick(r, STATES), vanity(r))));
        return s;
    }

    private static void white(Canvas c) {
        c.rect(0, 0, c.w, c.h, WHITE);
    }

    private static String vanity(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> EuStyles.word(r, Rnd.range(r, 4, 8));
            case 1 -> EuStyles.word(r, Rnd.range(r, 3, 5)) + Rnd.digits(r, Rnd.range(r, 1, 2));
            case 2 -> Rnd.digits(r, Rnd.range(r, 1, 2)) + EuStyles.word(r, Rnd.range(r, 3, 5));
            default -> Rnd.pattern(r, Rnd.pick(r, "LLLLL", "LLLLLL", "LLLLLLL", "LNLNL", "NLLLL"), Rnd.LATIN);
        };
    }

    private static Style.Plan plan(String text, Color bg, Style.Painter p) {
        return new Style.Plan(text, W, H, 8, bg, H * 0.26, H * 0.76,
                new double[] {W * 0.21, H * 0.1, W * 0.79, H * 0.1, W * 0.21, H * 0.9, W * 0.79, H * 0.9}, p);
    }

    private static Style.Plan plate(Random r, State st, String vanityText) {
        String display = vanityText != null ? vanityText : Rnd.pattern(r, Rnd.pick(r, st.formats()), Rnd.LATIN);
        // a stacked pair of small letters on the left (8 characters at most in all)
        String stacked = vanityText == null && Rnd.norm(display).length() <= 6 && Rnd.chance(r, 0.12) ? Rnd.chars(r, Rnd.LATIN, 2) : "";
        String text = stacked + Rnd.norm(display);
        boolean alt = st.altBg() != null && Rnd.chance(r, 0.35);
        Color bgc = alt ? st.altBg() : st.name().equals("NEW YORK") ? new Color(240, 190, 60) : WHITE;
        Color ink = alt ? st.altText() : st.text();
        Color nameInk = alt ? st.altText() : st.nameColor();
        Color sloganInk = alt ? st.altText() : st.sloganColor();
        return plan(text, bgc, c -> {
            if (alt) {
                c.rect(0, 0, c.w, c.h, bgc);
            } else {
                st.bg().paint(c);
            }
            double nameCap = st.nameKind() == Fonts.Kind.SCRIPT ? 20 : 17;
            double nameY = st.namePos() == Pos.TOP ? 8 : c.h - 8 - nameCap;
            if (st.nameKind() == Fonts.Kind.SCRIPT || st.name().chars().anyMatch(Character::isLowerCase)) {
                c.words(st.name(), 60, c.w - 60, nameY, nameCap, st.nameKind(), nameInk, 0.5);
            } else {
                c.label(st.name(), 60, c.w - 60, nameY, nameCap, st.nameKind(), nameInk, 0.5);
            }
            if (!st.slogan().isEmpty()) {
                double sy = st.namePos() == Pos.TOP ? c.h - 19 : 10;
                c.words(st.slogan(), 50, c.w - 50, sy, 10, Fonts.Kind.SANS_PLAIN, sloganInk, 0.5);
            }
            if (Rnd.chance(c.rnd, 0.75)) {
                Emblems.sticker(c, Rnd.chance(c.rnd, 0.5) ? 10 : c.w - 52, 7, 42, 26);
            }
            if (Rnd.chance(c.rnd, 0.3)) {
                Emblems.sticker(c, Rnd.chance(c.rnd, 0.5) ? 10 : c.w - 52, c.h - 33, 42, 26);
            }
            double x0 = 14;
            var style = main(Fonts.Kind.US, ink, bgc);
            if (!stacked.isEmpty()) {
                c.row(List.of(Canvas.chars(stacked.substring(0, 1))), 14, 40, 40, 30, style);
                c.row(List.of(Canvas.chars(stacked.substring(1))), 14, 40, 80, 30, style);
                x0 = 44;
            }
            c.text(display, x0, c.w - 14, 40, 72, style);
        });
    }
}
