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
    /*
     * Formats of countries beyond Uzbekistan's neighbours (issue 13). They rank below every neighbour and above the
     * Uzbek personalised plates; among themselves the order only matters for texts that fit two of them (French and
     * Italian plates share LL NNN LL, old Brazilian LLL NNNN is also a German mark). Sources: the Wikipedia articles
     * "Vehicle registration plates of <country>" and the pages cited in docs/anpr.md, section "Plate formats".
     */
    /** Brazil, Mercosur (2018+, compulsory from 2020): {@code BRA2E19}, printed as one block. */
    BR_MERCOSUR(Country.BR, "Brazilian Mercosur", 99, "BRA2E19",
            "^([A-Z]{3}\\d[A-Z]\\d{2})$"),
    /** Brazil, grey plate (1990–2018), still common: {@code ABC-1234}. */
    BR_GREY(Country.BR, "Brazilian grey (pre-Mercosur)", 98, "ABC1234",
            "^([A-Z]{3})(\\d{4})$"),
    /**
     * Turkey: province 01–81, then 1 letter + 4–5 digits, 2 letters + 3–4 digits or 3 letters + 2–3 digits ({@code 34
     * ABC 123}); the Turkish alphabet without Ç, Ş, İ, Ö, Ü, Ğ and without Q, W, X.
     */
    TR_PRIVATE(Country.TR, "Turkish", 97, "06ABC123",
            "^(?<rc>0[1-9]|[1-7]\\d|8[01])(?:(" + Re.TR + ")(\\d{4,5})|(" + Re.TR + "{2})(\\d{3,4})|("
                    + Re.TR + "{3})(\\d{2,3}))$"),
    /** France, SIV (2009+): {@code AB-123-CD}, no I, O or U, number 001–999. */
    FR_SIV(Country.FR, "French (SIV)", 96, "FG456HJ",
            "^(" + Re.FR + "{2})((?!000)\\d{3})(" + Re.FR + "{2})$"),
    /**
     * Italy (1994+): {@code AB 123 CD}, no I, O, Q or U; every series starts at 000. Textually a French plate unless
     * its number is 000, so it ranks just below France.
     */
    IT_PRIVATE(Country.IT, "Italian", 95, "GA000KM",
            "^(" + Re.IT + "{2})(\\d{3})(" + Re.IT + "{2})$"),
    /** Spain (2000+): {@code 1234 BCD}, consonants only (no vowels, Q or Ñ). */
    ES_PRIVATE(Country.ES, "Spanish", 94, "0681VBH",
            "^(\\d{4})(" + Re.ES + "{3})$"),
    /**
     * Germany: district 1–3 letters, 1–2 letters, 1–4 digits not starting with 0, at most 8 characters, optional E
     * (electric) or H (historic) suffix: {@code HH AB 1234}. District codes are not listed, so the split between
     * district and letters is a guess when the text allows several (the shortest district is taken). Ranked below
     * Poland, whose rules are stricter: WPI A123 is a Polish 3-letter county plate and also fits this pattern.
     */
    DE_PRIVATE(Country.DE, "German", 92, "HHAB1234",
            "^(?=[A-Z0-9]{3,8}[EH]?$)([A-Z]{1,3}?)([A-Z]{1,2})([1-9]\\d{0,3})([EH]?)$"),
    /**
     * Poland (2000+): voivodeship letter + 1–2 county letters, then the series. After a 2-letter code five characters
     * that start with a digit (12345, 1234A, 123AC, 1A234, 1AC23); after a 3-letter code four (A123, 12AC, 1A23,
     * 12A3, 1AC2, AC12). Series letters exclude B, D, I, O and Z.
     */
    PL_PRIVATE(Country.PL, "Polish", 93, "WA12345",
            "^(?:(" + Re.PL_V + "[A-Z])(\\d{5}|\\d{4}" + Re.PL + "|\\d{3}" + Re.PL + "{2}|\\d" + Re.PL + "\\d{3}|\\d"
                    + Re.PL + "{2}\\d{2})|(" + Re.PL_V + "[A-Z]{2})(" + Re.PL + "\\d{3}|\\d{2}" + Re.PL + "{2}|\\d"
                    + Re.PL + "\\d{2}|\\d{2}" + Re.PL + "\\d|\\d" + Re.PL + "{2}\\d|" + Re.PL + "{2}\\d{2}))$"),
    /**
     * United Kingdom (2001+): area code, age identifier, three random letters, {@code BD51 SMR}. The area's first
     * letter names a region (no I, J, Q, T, U, X, Z), its second no I, Q or Z; the age is the registration half-year,
     * 02–26 for March and 51–76 for September, to September 2026; I and Q never appear among the random letters.
     */
    GB_CURRENT(Country.GB, "British (2001+)", 91, "BD51SMR",
            "^([ABCDEFGHKLMNOPRSVWY][A-HJ-PR-Y](?:0[2-9]|1\\d|2[0-6]|5[1-9]|6\\d|7[0-6]))([A-HJ-PR-Z]{3})$"),
    /**
     * Ukraine (2004+): region letters, four digits, series letters, {@code AA 1234 BB}; only the 12 letters Latin
     * and Cyrillic share. Its text can also be a Turkmen plate (suffix AH, AK ...), which ranks first.
     */
    UA_PRIVATE(Country.UA, "Ukrainian", 90, "AA1234BB",
            "^([ABCEHIKMOPTX]{2})(\\d{4})([ABCEHIKMOPTX]{2})$"),
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
        /** Turkish serial letters: A–Z without Q, W, X (Ç, Ş, İ, Ö, Ü, Ğ are not in normalised text). */
        static final String TR = "[A-PR-VYZ]";
        /** French SIV letters: A–Z without I, O, U. */
        static final String FR = "[A-HJ-NP-TV-Z]";
        /** Italian letters: A–Z without I, O, Q, U. */
        static final String IT = "[A-HJ-NPRSTV-Z]";
        /** Spanish letters: consonants without Q. */
        static final String ES = "[BCDFGHJ-NPR-TV-Z]";
        /** Polish voivodeship letters. */
        static final String PL_V = "[BCDEFGKLNOPRSTWZ]";
        /** Polish series letters: A–Z without B, D, I, O, Z. */
        static final String PL = "[ACEFGHJ-NP-Y]";

        private Re() {
        }
    }
}
