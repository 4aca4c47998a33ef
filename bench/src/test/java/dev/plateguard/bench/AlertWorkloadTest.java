package dev.plateguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The benchmark's workload means what it says: distinct entries in the proportions announced, every hit a plate that
 * an entry of its kind matches (compared here by the rules of docs/alerts.md), no plate twice, and misses that match
 * no entry at all.
 */
class AlertWorkloadTest {

    private static final Pattern PLATE = Pattern.compile("[A-Z0-9]{5,16}");

    @Test
    void entriesAreDistinctAndMixedAsAnnounced() {
        AlertWorkload workload = new AlertWorkload(100_000, 1);
        List<AlertWorkload.Entry> entries = workload.entries();
        assertThat(entries).hasSize(100_000);
        assertThat(new HashSet<>(entries.stream().map(AlertWorkload.Entry::pattern).toList())).hasSize(100_000);
        assertThat(entries.stream().filter(e -> e.kind() == AlertWorkload.Kind.EXACT)).hasSize(80_000);
        assertThat(entries.stream().filter(e -> e.kind() == AlertWorkload.Kind.WILDCARD)).hasSize(10_000);
        assertThat(workload.csv().lines()).hasSize(100_001).first().isEqualTo("pattern,match,priority,reason");
    }

    @Test
    void hitsMatchAnEntryAndMissesMatchNone() {
        AlertWorkload workload = new AlertWorkload(20_000, 2);
        Set<String> plates = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            String hit = workload.hit();
            assertThat(hit).matches(PLATE);
            assertThat(plates.add(hit)).as("hit %s twice", hit).isTrue();
            assertThat(workload.entries().stream().anyMatch(e -> matches(e, hit))).as(hit).isTrue();
        }
        for (int i = 0; i < 2_000; i++) {
            String miss = workload.miss();
            assertThat(workload.entries().stream().noneMatch(e -> matches(e, miss))).as(miss).isTrue();
        }
    }

    private static boolean matches(AlertWorkload.Entry entry, String plate) {
        return switch (entry.kind()) {
            case EXACT -> entry.pattern().equals(plate);
            case WILDCARD -> plate.matches(entry.pattern().replace("?", ".").replace("*", ".*"));
            case LOOKALIKE -> oneEdit(fold(entry.pattern()), fold(plate));
        };
    }

    private static String fold(String s) {
        return s.replaceAll("[ODQ]", "0").replace('I', '1').replace('B', '8').replace('S', '5').replace('Z', '2')
                .replace('G', '6');
    }

    private static boolean oneEdit(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        if (a.length() == b.length()) {
            int differ = 0;
            for (int i = 0; i < a.length(); i++) {
                differ += a.charAt(i) == b.charAt(i) ? 0 : 1;
            }
            return differ == 1;
        }
        String shorter = a.length() < b.length() ? a : b;
        String longer = shorter == a ? b : a;
        if (longer.length() - shorter.length() != 1) {
            return false;
        }
        for (int i = 0; i < longer.length(); i++) {
            if ((longer.substring(0, i) + longer.substring(i + 1)).equals(shorter)) {
                return true;
            }
        }
        return false;
    }
}
