package dev.plateguard.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The hotlist and the reads of {@code bench/alerts}: entries of the three match kinds in disjoint plate spaces, plates
 * that hit exactly one entry each (and every hit a different entry, so that no two hits group into one alert), and
 * plates that hit nothing. Letters that fold into digits (B D G I O Q S Z) are never drawn, so that only the
 * look-alike hits rely on folding, where they mean to.
 *
 * <ul>
 *   <li>EXACT ({@code exactShare}): {@code 01} + letter + 3 digits + 2 letters; a hit is the plate itself.</li>
 *   <li>WILDCARD: {@code 20} + letter + digit + {@code ??} + 2 letters (a hit fills the two digits), or {@code 25} +
 *       letter + {@code *} + 3 digits + 2 letters (a hit puts a letter or nothing for the star).</li>
 *   <li>LOOKALIKE: {@code 10} + letter + 3 digits + 2 letters; a hit writes the 0 of 10 as the letter O (folding) or
 *       changes the last letter (one edit).</li>
 *   <li>Misses: {@code 95} + letter + 3 digits + 2 letters: two characters from every pattern's prefix.</li>
 * </ul>
 */
final class AlertWorkload {

    static final String LETTERS = "ACEFHJKLMNPRTUVWXY";

    enum Kind { EXACT, WILDCARD, LOOKALIKE }

    record Entry(String pattern, Kind kind) {
    }

    private final List<Entry> entries;
    private final SplittableRandom random;
    private final Set<Integer> used = new HashSet<>();
    private final Set<String> hits = new HashSet<>();

    AlertWorkload(int count, long seed) {
        this.random = new SplittableRandom(seed);
        this.entries = new ArrayList<>(count);
        int exact = count * 8 / 10;
        int wildcard = count / 10;
        for (int i = 0; i < count; i++) {
            if (i < exact) {
                entries.add(new Entry("01" + plateTail(i), Kind.EXACT));
            } else if (i < exact + wildcard) {
                int w = i - exact;
                entries.add(new Entry(w % 2 == 0
                        ? "20" + letter(w / 2) + (w / 2 / LETTERS.length()) % 10 + "??" + letter(w / 2 / 180) + letter(w / 2 / 3240)
                        : "25" + letter(w / 2) + "*" + String.format("%03d", (w / 2 / LETTERS.length()) % 1000)
                          + letter(w / 2 / 18_000) + letter(w / 2 / 324_000), Kind.WILDCARD));
            } else {
                entries.add(new Entry("10" + plateTail(i - exact - wildcard), Kind.LOOKALIKE));
            }
        }
    }

    /** Letter, 3 digits, 2 letters: distinct for every n below 18 × 1000 × 18 × 18. */
    private static String plateTail(int n) {
        return letter(n) + String.format("%03d", (n / LETTERS.length()) % 1000) + letter(n / 18_000) + letter(n / 324_000);
    }

    private static char letter(int n) {
        return LETTERS.charAt(n % LETTERS.length());
    }

    List<Entry> entries() {
        return entries;
    }

    /** The import file: header, then one row per entry (priorities 1-10, reasons in turn, a year's validity). */
    String csv() {
        String[] reasons = {"STOLEN", "WANTED", "INVESTIGATION", "UNPAID_FINES"};
        StringBuilder out = new StringBuilder(entries.size() * 32).append("pattern,match,priority,reason\n");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            out.append(e.pattern()).append(',').append(e.kind()).append(',').append(1 + i % 10).append(',')
                    .append(reasons[i % reasons.length]).append('\n');
        }
        return out.toString();
    }

    /** A plate that hits one entry not hit before (in the same proportions as the entries' kinds). */
    String hit() {
        while (true) {
            int i = random.nextInt(entries.size());
            if (!used.add(i)) {
                continue;
            }
            Entry e = entries.get(i);
            String plate = switch (e.kind()) {
                case EXACT -> e.pattern();
                case WILDCARD -> e.pattern().contains("?")
                        ? e.pattern().replace("??", String.format("%02d", random.nextInt(100)))
                        : e.pattern().replace("*", random.nextBoolean() ? "" : String.valueOf(letter(random.nextInt(18))));
                case LOOKALIKE -> random.nextBoolean() ? "1O" + e.pattern().substring(2)
                        : e.pattern().substring(0, 7) + letter(LETTERS.indexOf(e.pattern().charAt(7)) + 1);
            };
            if (hits.add(plate)) {
                return plate;
            }
        }
    }

    /** A plate that hits nothing. */
    String miss() {
        return "95" + plateTail(random.nextInt(18 * 1000 * 18 * 18));
    }
}
