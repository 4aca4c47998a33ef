package dev.plateguard.server.hotlists;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import dev.plateguard.plates.PlateText;

/**
 * The index finds exactly what comparing the plate with every entry one by one finds: checked on examples, and on
 * random entries and plates (with many near misses) against that brute-force comparison.
 */
class HotlistIndexTest {

    private static final long FUTURE = Long.MAX_VALUE;
    private static final String CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private static HotlistIndex.Entry entry(long id, MatchKind kind, String pattern, long expires) {
        return new HotlistIndex.Entry(id, 1, kind, pattern, kind == MatchKind.LOOKALIKE ? PlateText.fold(pattern) : null,
                5, "STOLEN", expires);
    }

    private static List<Long> ids(List<HotlistIndex.Entry> hits) {
        return hits.stream().map(HotlistIndex.Entry::id).sorted().toList();
    }

    @Test
    void findsExactWildcardAndLookAlikeEntriesOnce() {
        HotlistIndex index = HotlistIndex.build(List.of(
                entry(1, MatchKind.EXACT, "01A123BC", FUTURE),
                entry(2, MatchKind.WILDCARD, "01A*BC", FUTURE),
                entry(3, MatchKind.LOOKALIKE, "01A123BC", FUTURE),
                entry(4, MatchKind.WILDCARD, "??A123?C", FUTURE),
                entry(5, MatchKind.EXACT, "40K777XY", FUTURE)), 1, 0);
        assertThat(ids(index.match("01A123BC", 0))).containsExactly(1L, 2L, 3L, 4L);
        // O for 0 and 8 for B are confusable; one more character wrong is one edit.
        assertThat(ids(index.match("O1A1238C", 0))).containsExactly(3L, 4L);
        assertThat(ids(index.match("O1A1298C", 0))).containsExactly(3L);
        assertThat(ids(index.match("01A99BC", 0))).containsExactly(2L);
        assertThat(ids(index.match("30B555DE", 0))).isEmpty();
    }

    @Test
    void expiredEntriesStopMatching() {
        HotlistIndex index = HotlistIndex.build(List.of(entry(1, MatchKind.EXACT, "01A123BC", 1000),
                entry(2, MatchKind.LOOKALIKE, "01A123BC", 2000)), 1, 0);
        assertThat(ids(index.match("01A123BC", 999))).containsExactly(1L, 2L);
        assertThat(ids(index.match("01A123BC", 1000))).containsExactly(2L);
        assertThat(ids(index.match("01A123BC", 2000))).isEmpty();
    }

    @Test
    void agreesWithComparingEveryEntry() {
        SplittableRandom random = new SplittableRandom(15);
        List<HotlistIndex.Entry> entries = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String base = plate(random);
            bases.add(base);
            MatchKind kind = MatchKind.values()[random.nextInt(3)];
            String pattern = kind == MatchKind.WILDCARD ? wildcard(base, random) : base;
            entries.add(entry(i, kind, pattern, random.nextInt(10) == 0 ? 50 : FUTURE));
        }
        HotlistIndex index = HotlistIndex.build(entries, 1, 0);
        int hits = 0;
        for (int i = 0; i < 6_000; i++) {
            // Near misses of stored plates, and unrelated plates.
            String plate = random.nextBoolean() ? mutate(bases.get(random.nextInt(bases.size())), random) : plate(random);
            Set<Long> expected = new HashSet<>();
            for (HotlistIndex.Entry e : entries) {
                boolean matches = switch (e.kind()) {
                    case EXACT -> e.pattern().equals(plate);
                    case WILDCARD -> HotlistPattern.wildcardMatches(e.pattern(), plate);
                    case LOOKALIKE -> HotlistPattern.withinOneEdit(e.folded(), PlateText.fold(plate));
                };
                if (matches && e.expiresAtMillis() > 100) {
                    expected.add(e.id());
                }
            }
            List<Long> found = ids(index.match(plate, 100));
            assertThat(found).as(plate).doesNotHaveDuplicates();
            assertThat(new HashSet<>(found)).as(plate).isEqualTo(expected);
            hits += found.size();
        }
        assertThat(hits).as("the random plates hit entries of every kind").isGreaterThan(600);
    }

    private static String plate(SplittableRandom random) {
        int length = 5 + random.nextInt(5);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(CHARS.charAt(random.nextInt(i < 2 ? 10 : CHARS.length())));
        }
        return s.toString();
    }

    private static String wildcard(String base, SplittableRandom random) {
        StringBuilder s = new StringBuilder(base);
        int i = 2 + random.nextInt(base.length() - 2);
        if (random.nextBoolean()) {
            s.setCharAt(i, '?');
        } else {
            s.replace(i, Math.min(base.length(), i + 1 + random.nextInt(2)), "*");
        }
        return s.toString();
    }

    private static String mutate(String base, SplittableRandom random) {
        StringBuilder s = new StringBuilder(base);
        int i = random.nextInt(s.length());
        switch (random.nextInt(5)) {
            case 0 -> s.setCharAt(i, CHARS.charAt(random.nextInt(CHARS.length())));
            case 1 -> s.deleteCharAt(i);
            case 2 -> s.insert(i, CHARS.charAt(random.nextInt(CHARS.length())));
            case 3 -> s.setCharAt(i, PlateText.fold(String.valueOf(s.charAt(i))).charAt(0) == s.charAt(i) ? 'O' : '0');
            default -> { } // the stored plate itself
        }
        return s.toString();
    }
}
