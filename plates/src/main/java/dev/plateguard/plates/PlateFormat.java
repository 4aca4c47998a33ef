package dev.plateguard.plates;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plate layout that plate text can be read as, with its country, regex, display grouping and
 * ranking prior. Formats and regexes follow {@code domain-uz.md} §1.4 (Uzbekistan) and §2
 * (neighbours), with {@code R} = the 14 Uzbek base region codes and {@code L} = Latin letters without
 * I.
 *
 * <p>Regexes apply to {@linkplain PlateText#normalize(String) normalised} text. Each capturing group
 * is one block of the printed plate, so the display form is the groups joined by spaces; the named
 * groups {@code rc}/{@code rc2} hold the region code.
 *
 * <p>{@link #prior()} only orders interpretations of one text (see {@link PlateClassifier}); it is a
 * hand-set weight, not a measured probability.
 */
public enum PlateFormat {
    /** Private car since 2008: {@code 01 A 123 BC}. All 5,146 sample plates match. */
    UZ_PRIVATE(Country.UZ, "Uzbek private", 1000, "01A123BC",
            "^" + rc() + "(" + Re.L + ")(\\d{3})(" + Re.L + "{2})$"),
    /** Legal entity, including the DAV state series: {@code 01 123 ABC}. */
    UZ_LEGAL_ENTITY(Country.UZ, "Uzbek legal entity", 900, "01123ABC",
            "^" + rc() + "(\\d{3})(" + Re.L + "{3})$"),
    /** Foreign resident (yellow): {@code 01 H 123456}. */
    UZ_FOREIGN_RESIDENT(Country.UZ, "Uzbek foreign resident", 800, "01H123456",
            "^" + rc() + "(H)(\\d{6})$"),
    /** Foreign company or joint venture (green): {@code 01 M 123456}. Some sources say EV (uncertain). */
    UZ_FOREIGN_COMPANY(Country.UZ, "Uzbek foreign company", 790, "01M123456",
            "^" + rc() + "(M)(\\d{6})$"),
    /** Diplomatic (green), D/T/X by status, first 3 digits = mission: {@code D 001 234}. */
    UZ_DIPLOMATIC(Country.UZ, "Uzbek diplomatic", 700, "D001234",
            "^([DTX])(\\d{3})(\\d{3})$"),
    /** Head of diplomatic mission: {@code CMD 001}. Digit count uncertain. */
    UZ_HEAD_OF_MISSION(Country.UZ, "Uzbek head of mission", 690, "CMD001",
            "^(CMD)(\\d{1,6})$"),
    /** Temporary (white, no flag), region on the right: {@code T 123456 01}. Collides with diplomatic T. */
    UZ_TEMPORARY(Country.UZ, "Uzbek temporary", 600, "T12345601",
            "^(T)(\\d{6})" + rc() + "?$"),
    /** Trailer (two-line): {@code 01 1234 AB}; region position uncertain. Overlaps Tajik plates. */
    UZ_TRAILER(Country.UZ, "Uzbek trailer", 520, "011234AB",
            "^" + rc() + "?(\\d{4})(" + Re.L + "{2})" + rc2() + "?$"),
    /**
     * Tractor or machinery (2013+): {@code 123 AB 01}, region lower right. Ranked above motorcycle,
     * whose regex it is a subset of, because its region position is sourced and the motorcycle's is not.
     */
    UZ_TRACTOR(Country.UZ, "Uzbek tractor", 510, "123AB01",
            "^(\\d{3})(" + Re.L + "{2})" + rc() + "$"),
    /** Motorcycle: {@code 01 123 AB}; region position uncertain. */
    UZ_MOTORCYCLE(Country.UZ, "Uzbek motorcycle", 500, "01123AB",
            "^" + rc() + "?(\\d{3})(" + Re.L + "{2})" + rc2() + "?$"),
    /**
     * 1998 system, mostly replaced: {@code 10 A 1234}. Its region codes predate the 2008 allocation, so
     * the code is kept but not named.
     */
    UZ_LEGACY(Country.UZ, "Uzbek legacy (1998)", 400, "10A1234",
            "^(?<rc>\\d{2})([A-Z])(\\d{4})$"),
    /**
     * Personalised (2026+): up to 6 letters/digits, full A–Z, optional region code. Matches almost any
     * short text, so it ranks below every specific format, neighbours included. A leading region code is
     * only split off when the text is too long to be a vanity text on its own (7–8 characters); the set
     * of matched texts is exactly {@code ^R?[A-Z0-9]{1,6}$}.
     */
    UZ_VANITY(Country.UZ, "Uzbek personalised", 50, "SARVAR",
            "^(?:" + rc() + "(?=[A-Z0-9]{5,6}$))?([A-Z0-9]{1,6})$"),
    /** Kazakhstan private (2012+): {@code 123 ABC 02}. */
    KZ_PRIVATE(Country.KZ, "Kazakh private", 250, "123ABC02",
            "^(\\d{3})([A-Z]{3})" + Re.KZ_REGION + "$"),
    /** Kazakhstan legal entity: {@code 123 AB 02} (likely). */
    KZ_LEGAL_ENTITY(Country.KZ, "Kazakh legal entity", 240, "123AB02",
            "^(\\d{3})([A-Z]{2})" + Re.KZ_REGION + "$"),
    /** Kyrgyzstan private (2015+): {@code 01 123 ABC}. Textually identical to Uzbek legal entity for 01. */
    KG_PRIVATE(Country.KG, "Kyrgyz private", 300, "02123ABC",
            "^(?<rc>0[1-9])(\\d{3})([A-Z]{3})$"),
    /** Kyrgyzstan pre-2015: {@code A 1234 AB}. */
    KG_LEGACY(Country.KG, "Kyrgyz legacy", 290, "B1234AB",
            "^([A-Z])(\\d{4})([A-Z]{2})$"),
    /** Tajikistan (2010/2014+): {@code 1234 AB 01}, letters shared by Latin and Cyrillic. */
    TJ_PRIVATE(Country.TJ, "Tajik private", 200, "1234AB02",
            "^(\\d{4})([ABCEHKMOPTXY]{1,2})(?<rc>0[1-8])$"),
    /** Russia: {@code A 123 BC 77}, 12 look-alike letters, 2–3 digit region. */
    RU_PRIVATE(Country.RU, "Russian private", 150, "A123BC77",
            "^([ABEKMHOPCTYX])(\\d{3})([ABEKMHOPCTYX]{2})(?<rc>\\d{2,3})$"),
    /** Turkmenistan: {@code AB 1234 AG}, suffix = province. */
    TM_PRIVATE(Country.TM, "Turkmen private", 100, "AB1234AG",
            "^([A-Z]{1,2})(\\d{4})(?<rc>AG|AH|AK|BN|DZ|LB|MR)$"),
    /** Fallback for any normalised text; always the last interpretation. */
    GENERIC(Country.UNKNOWN, "Unrecognised format", 0, "ABCDEFGHJK",
            "^([A-Z0-9]{1,16})$");

    private static final List<PlateFormat> BY_RANK = Arrays.stream(values())
            .sorted(Comparator.comparingInt(PlateFormat::prior).reversed().thenComparing(Enum::ordinal))
            .toList();

    private final Country country;
    private final String displayName;
    private final int prior;
    private final String example;
    private final Pattern pattern;

    PlateFormat(Country country, String displayName, int prior, String example, String regex) {
        this.country = country;
        this.displayName = displayName;
        this.prior = prior;
        this.example = example;
        this.pattern = Pattern.compile(regex);
    }

    /** The country this layout belongs to. */
    public Country country() {
        return country;
    }

    /** Short English label for UIs, e.g. {@code "Uzbek private"}. */
    public String displayName() {
        return displayName;
    }

    /** The regex over normalised text, with one capturing group per printed block. */
    public String regex() {
        return pattern.pattern();
    }

    /** {@link #regex()}, compiled. */
    public Pattern pattern() {
        return pattern;
    }

    /** Ranking weight: among formats matching one text, higher is listed first. Unique per format. */
    public int prior() {
        return prior;
    }

    /** A normalised example text of this format (used in docs and tests). */
    public String example() {
        return example;
    }

    /** Whether normalised text can be read as this format. */
    public boolean matches(String normalized) {
        return normalized != null && pattern.matcher(normalized).matches();
    }

    /**
     * Reads normalised text as this format.
     *
     * @return the interpretation with region and display form, or empty if the text does not match
     */
    public Optional<PlateInterpretation> interpret(String normalized) {
        Objects.requireNonNull(normalized, "normalized");
        Matcher m = pattern.matcher(normalized);
        if (!m.matches()) {
            return Optional.empty();
        }
        var display = new StringJoiner(" ");
        for (int g = 1; g <= m.groupCount(); g++) {
            String part = m.group(g);
            if (part != null && !part.isEmpty()) {
                display.add(part);
            }
        }
        String regionCode = regionCode(m);
        String region = this == UZ_LEGACY ? null : country.regionName(regionCode).orElse(null);
        return Optional.of(new PlateInterpretation(normalized, country, this, regionCode, region, display.toString()));
    }

    /** All formats, most likely first, {@link #GENERIC} last. */
    static List<PlateFormat> byRank() {
        return BY_RANK;
    }

    private String regionCode(Matcher m) {
        Integer first = m.pattern().namedGroups().get("rc");
        if (first != null && m.group(first) != null) {
            return m.group(first);
        }
        Integer second = m.pattern().namedGroups().get("rc2");
        return second != null ? m.group(second) : null;
    }

    private static String rc() {
        return "(?<rc>" + Re.R + ")";
    }

    private static String rc2() {
        return "(?<rc2>" + Re.R + ")";
    }

    /** Regex building blocks, in a holder so enum constants may use them. */
    private static final class Re {
        /** Uzbek base region codes (domain-uz.md §1.2): strict, since only these occur in practice. */
        static final String R = "(?:01|10|20|25|30|40|50|60|70|75|80|85|90|95)";
        /** Uzbek plate letters: Latin without I (domain-uz.md §1.3). */
        static final String L = "[A-HJ-Z]";
        /** Kazakh region codes 01–20. */
        static final String KZ_REGION = "(?<rc>0[1-9]|1\\d|20)";

        private Re() {
        }
    }
}
