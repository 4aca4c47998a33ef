package dev.plateguard.simulator.traffic;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

import dev.plateguard.plates.PlateFormat;

/**
 * Draws plates for one area's vehicles: the format from a {@link PlateMix}, the region code from a
 * {@link RegionMix}, and the letters by the rules of domain-uz.md §1.3 (A–Z without I, last letter of a private
 * plate mostly A or B) and §2 for neighbour countries.
 */
public final class PlateIssuer {

    private static final WeightedChoice<Character> LAST_LETTER = WeightedChoice.of(PlateStatistics.lastLetterWeights());
    private static final String LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    /** Letters Russian and Tajik plates share between Cyrillic and Latin (§2). */
    private static final String RU_LETTERS = "ABEKMHOPCTYX";
    private static final String TJ_LETTERS = "ABCEHKMOPTXY";
    /** Kazakh regions nearest Uzbekistan come up most: 17 Shymkent, 02 Almaty, 01 Astana. */
    private static final WeightedChoice<String> KZ_REGIONS = WeightedChoice.of(
            List.of("17", "02", "01", "13", "15", "04", "05"), 0.45, 0.2, 0.1, 0.1, 0.05, 0.05, 0.05);
    private static final WeightedChoice<String> KG_REGIONS = WeightedChoice.of(
            List.of("01", "02", "06", "03", "04", "08"), 0.35, 0.2, 0.15, 0.1, 0.1, 0.1);
    private static final WeightedChoice<String> TJ_REGIONS = WeightedChoice.of(
            List.of("02", "06", "01", "03", "05"), 0.45, 0.15, 0.2, 0.15, 0.05);
    private static final List<String> RU_REGIONS = List.of("77", "97", "177", "799", "50", "78", "02", "16", "66", "54", "55", "74");
    private static final List<String> TM_REGIONS = List.of("AG", "AH", "BN", "DZ", "LB", "MR");

    private final WeightedChoice<PlateFormat> formats;
    private final RegionMix regions;

    public PlateIssuer(PlateMix mix, RegionMix regions) {
        this.formats = WeightedChoice.of(mix.formats());
        this.regions = regions;
    }

    public VehiclePlate issue(RandomGenerator random) {
        PlateFormat format = formats.draw(random);
        return new VehiclePlate(text(format, random), format);
    }

    private String text(PlateFormat format, RandomGenerator random) {
        return switch (format) {
            case UZ_PRIVATE -> regions.draw(random) + letter(random) + digits(random, 3) + letter(random)
                    + LAST_LETTER.draw(random);
            case UZ_LEGAL_ENTITY -> regions.draw(random) + digits(random, 3) + letter(random) + letter(random) + letter(random);
            case UZ_FOREIGN_RESIDENT -> regions.draw(random) + "H" + digits(random, 6);
            case UZ_FOREIGN_COMPANY -> regions.draw(random) + "M" + digits(random, 6);
            // D, T or X by status; the first three digits number the mission (§1.4).
            case UZ_DIPLOMATIC -> pick(random, "DDDDDDDTTX") + String.format(Locale.ROOT, "%03d", 1 + random.nextInt(120)) + digits(random, 3);
            case UZ_TEMPORARY -> "T" + digits(random, 6) + regions.draw(random);
            case KZ_PRIVATE -> digits(random, 3) + any(random, LATIN, 3) + KZ_REGIONS.draw(random);
            case KG_PRIVATE -> KG_REGIONS.draw(random) + digits(random, 3) + any(random, LATIN, 3);
            case TJ_PRIVATE -> digits(random, 4) + any(random, TJ_LETTERS, 2) + TJ_REGIONS.draw(random);
            case RU_PRIVATE -> any(random, RU_LETTERS, 1) + digits(random, 3) + any(random, RU_LETTERS, 2)
                    + RU_REGIONS.get(random.nextInt(RU_REGIONS.size()));
            case TM_PRIVATE -> any(random, LATIN, 2) + digits(random, 4) + TM_REGIONS.get(random.nextInt(TM_REGIONS.size()));
            default -> throw new IllegalArgumentException("the simulator does not issue " + format);
        };
    }

    private static char letter(RandomGenerator random) {
        return PlateStatistics.LETTERS.charAt(random.nextInt(PlateStatistics.LETTERS.length()));
    }

    /** Digits with at least one non-zero (no real series issues 000). */
    private static String digits(RandomGenerator random, int count) {
        int bound = (int) Math.pow(10, count);
        return String.format(Locale.ROOT, "%0" + count + "d", 1 + random.nextInt(bound - 1));
    }

    private static String any(RandomGenerator random, String alphabet, int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static String pick(RandomGenerator random, String weightedLetters) {
        return String.valueOf(weightedLetters.charAt(random.nextInt(weightedLetters.length())));
    }
}
