package dev.plateguard.simulator.traffic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts from 5,146 labelled real Uzbek private plates (domain-uz.md §1.2 and §1.3): how often each region code
 * and each final letter occur. They are the only measured plate statistics the project has, so every drawn Uzbek
 * plate follows them.
 */
public final class PlateStatistics {

    /** Plate letters: Latin without I (§1.3: it never occurs in the sample). */
    public static final String LETTERS = "ABCDEFGHJKLMNOPQRSTUVWXYZ";

    /** Plates per region code in the sample (§1.2 table). */
    public static final Map<String, Integer> REGION_COUNTS = ordered(
            "01", 1696, "10", 987, "40", 512, "50", 404, "80", 285, "30", 274, "90", 268,
            "60", 190, "75", 165, "70", 137, "95", 82, "85", 55, "25", 49, "20", 42);

    /** Sample size. */
    public static final int SAMPLE = 5146;

    /** Final letter A in 4,398 plates and B in 723 (§1.3); the other 25 are spread over the remaining letters. */
    public static final int LAST_LETTER_A = 4398, LAST_LETTER_B = 723;

    private PlateStatistics() {
    }

    /** Weights for a private plate's last letter. */
    public static Map<Character, Double> lastLetterWeights() {
        Map<Character, Double> out = new LinkedHashMap<>();
        int others = LETTERS.length() - 2;
        double rest = (double) (SAMPLE - LAST_LETTER_A - LAST_LETTER_B) / others;
        for (char c : LETTERS.toCharArray()) {
            out.put(c, c == 'A' ? LAST_LETTER_A : c == 'B' ? LAST_LETTER_B : rest);
        }
        return out;
    }

    private static Map<String, Integer> ordered(Object... pairs) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return Collections.unmodifiableMap(out);
    }
}
