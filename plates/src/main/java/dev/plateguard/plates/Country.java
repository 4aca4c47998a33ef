package dev.plateguard.plates;

import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Issuing country of a plate, as far as its text can tell.
 *
 * <p>Plate text alone does not identify the country (a Kyrgyz {@code 01123ABC} is textually an Uzbek
 * legal-entity plate, see {@code domain-uz.md} §2), so this is what a {@link PlateFormat} implies, not
 * a fact about the vehicle. Region names come only from sources cited in {@code domain-uz.md}; codes
 * without a sourced name map to nothing.
 */
public enum Country {
    /** Uzbekistan; region by code range 01–99 (domain-uz.md §1.2). */
    UZ("Uzbekistan", Map.of()),
    /** Kazakhstan; only the codes named in domain-uz.md §2. */
    KZ("Kazakhstan", Map.of("01", "Astana", "02", "Almaty", "17", "Shymkent")),
    /** Kyrgyzstan; 09 Issyk-Kul is inferred in the source. */
    KG("Kyrgyzstan", Map.of(
            "01", "Bishkek", "02", "Osh city", "03", "Batken", "04", "Jalal-Abad", "05", "Naryn",
            "06", "Osh region", "07", "Talas", "08", "Chuy", "09", "Issyk-Kul")),
    /** Tajikistan. */
    TJ("Tajikistan", Map.of(
            "01", "Dushanbe", "05", "Dushanbe", "02", "Sughd", "06", "Sughd", "03", "Khatlon",
            "04", "Gorno-Badakhshan", "07", "Districts of Republican Subordination",
            "08", "Districts of Republican Subordination")),
    /** Turkmenistan; region is the two-letter suffix (AK has no sourced name). */
    TM("Turkmenistan", Map.of(
            "AG", "Ashgabat", "AH", "Ahal", "BN", "Balkan", "DZ", "Dashoguz", "LB", "Lebap", "MR", "Mary")),
    /** Russia; region codes are kept but not named (there are too many, and they are out of scope). */
    RU("Russia", Map.of()),
    /** Brazil (grey and Mercosur plates carry no region in the text). */
    BR("Brazil", Map.of()),
    /** Turkey; the province code 01–81 is kept but not named. */
    TR("Turkey", Map.of()),
    /** France (SIV plates carry no region in the text). */
    FR("France", Map.of()),
    /** Italy. */
    IT("Italy", Map.of()),
    /** Spain. */
    ES("Spain", Map.of()),
    /** Germany; district codes are not listed. */
    DE("Germany", Map.of()),
    /** Poland. */
    PL("Poland", Map.of()),
    /** United Kingdom (Great Britain): the area code's letters name a DVLA office, not listed here. */
    GB("United Kingdom", Map.of()),
    /** Ukraine; the region letters are not listed. */
    UA("Ukraine", Map.of()),
    /** Country could not be inferred (the {@link PlateFormat#GENERIC} fallback). */
    UNKNOWN("Unknown", Map.of());

    private final String displayName;
    private final Map<String, String> regions;

    Country(String displayName, Map<String, String> regions) {
        this.displayName = displayName;
        this.regions = regions;
    }

    /** English name for UIs and reports, e.g. {@code "Uzbekistan"}. */
    public String displayName() {
        return displayName;
    }

    /**
     * English name of the region a plate's region code denotes, e.g. UZ {@code "01"} → {@code "Tashkent
     * city"}, TM {@code "AG"} → {@code "Ashgabat"}.
     *
     * <p>For Uzbekistan every code in a region's reserved range maps to that region (01–09 Tashkent
     * city, 10–19 Tashkent region, …), as domain-uz.md §1.2 recommends; the strict plate regexes only
     * ever produce the base codes.
     *
     * @return the name, or empty when the code is null, unknown or has no sourced name
     */
    public Optional<String> regionName(String code) {
        if (code == null) {
            return Optional.empty();
        }
        if (this == UZ) {
            if (!code.matches("[0-9]{2}")) {
                return Optional.empty();
            }
            return Optional.ofNullable(UzbekRanges.BY_RANGE_START.floorEntry(code)).map(Map.Entry::getValue);
        }
        return Optional.ofNullable(regions.get(code));
    }

    /** Start of each Uzbek region's reserved code range (domain-uz.md §1.2, de-academic). */
    private static final class UzbekRanges {
        static final NavigableMap<String, String> BY_RANGE_START = Collections.unmodifiableNavigableMap(new TreeMap<>(Map.ofEntries(
                Map.entry("01", "Tashkent city"),
                Map.entry("10", "Tashkent region"),
                Map.entry("20", "Sirdaryo"),
                Map.entry("25", "Jizzakh"),
                Map.entry("30", "Samarkand"),
                Map.entry("40", "Fergana"),
                Map.entry("50", "Namangan"),
                Map.entry("60", "Andijan"),
                Map.entry("70", "Kashkadarya"),
                Map.entry("75", "Surkhandarya"),
                Map.entry("80", "Bukhara"),
                Map.entry("85", "Navoi"),
                Map.entry("90", "Khorezm"),
                Map.entry("95", "Karakalpakstan"))));

        private UzbekRanges() {
        }
    }
}
