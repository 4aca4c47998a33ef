package dev.plateguard.server.hotlists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.plateguard.plates.PlateText;

/**
 * Every active hotlist entry, arranged so that matching one plate costs a few hash look-ups whatever the number of
 * entries (docs/alerts.md, "The index"). Immutable: a change of the lists builds a new index.
 *
 * <ul>
 *   <li>EXACT: a hash map from the plate to its entries.</li>
 *   <li>WILDCARD: each pattern is filed under one key, a pair of adjacent fixed characters (or, when it has none, one
 *       fixed character), chosen as the key fewest other patterns share. A plate looks up each of its own pairs and
 *       characters (at most 31 look-ups for 16 characters) and checks only the patterns filed there.</li>
 *   <li>LOOKALIKE: symmetric deletion (as SymSpell): the pattern's confusable fold and each fold with one character
 *       dropped are keys. A plate whose fold is within one edit of a pattern's shares at least one of its own such
 *       keys with it, so its fold and its one-dropped folds (at most 17 look-ups) find every candidate, and each
 *       candidate is confirmed by an edit-distance check.</li>
 * </ul>
 *
 * Expired entries are skipped at match time, so an entry stops matching the moment it expires.
 */
final class HotlistIndex {

    /** One active entry as the index holds it. {@code folded}: the LOOKALIKE pattern's fold, otherwise null. */
    record Entry(long id, long hotlistId, MatchKind kind, String pattern, String folded, int priority, String reason,
                 long expiresAtMillis) {
    }

    static final HotlistIndex EMPTY = build(List.of(), -1, 0);

    private final Map<String, Entry[]> exact;
    private final Map<String, Entry[]> wildcard;
    private final Map<String, Entry[]> lookalike;
    private final int size;
    /** {@code hotlist_version} the entries were read at, and this node's own change count at that moment. */
    final long version;
    final long localChanges;

    private HotlistIndex(Map<String, Entry[]> exact, Map<String, Entry[]> wildcard, Map<String, Entry[]> lookalike,
                         int size, long version, long localChanges) {
        this.exact = exact;
        this.wildcard = wildcard;
        this.lookalike = lookalike;
        this.size = size;
        this.version = version;
        this.localChanges = localChanges;
    }

    static HotlistIndex build(List<Entry> entries, long version, long localChanges) {
        Map<String, List<Entry>> exact = new HashMap<>();
        Map<String, List<Entry>> wildcard = new HashMap<>();
        Map<String, List<Entry>> lookalike = new HashMap<>();
        Map<String, Integer> keyUse = new HashMap<>();
        for (Entry e : entries) {
            if (e.kind() == MatchKind.WILDCARD) {
                for (String key : wildcardKeys(e.pattern())) {
                    keyUse.merge(key, 1, Integer::sum);
                }
            }
        }
        for (Entry e : entries) {
            switch (e.kind()) {
                case EXACT -> exact.computeIfAbsent(e.pattern(), k -> new ArrayList<>(1)).add(e);
                case WILDCARD -> {
                    String rarest = null;
                    for (String key : wildcardKeys(e.pattern())) {
                        if (rarest == null || keyUse.get(key) < keyUse.get(rarest)) {
                            rarest = key;
                        }
                    }
                    wildcard.computeIfAbsent(rarest, k -> new ArrayList<>(1)).add(e);
                }
                case LOOKALIKE -> {
                    for (String key : deletions(e.folded())) {
                        lookalike.computeIfAbsent(key, k -> new ArrayList<>(1)).add(e);
                    }
                }
            }
        }
        return new HotlistIndex(frozen(exact), frozen(wildcard), frozen(lookalike), entries.size(), version, localChanges);
    }

    int size() {
        return size;
    }

    /** The entries that {@code plate} (normalised) hits, each once, leaving out those expired at {@code nowMillis}. */
    List<Entry> match(String plate, long nowMillis) {
        List<Entry> hits = new ArrayList<>(0);
        add(exact.get(plate), hits, nowMillis, null, plate);
        if (!wildcard.isEmpty()) {
            for (int i = 0; i < plate.length(); i++) {
                add(wildcard.get(plate.substring(i, i + 1)), hits, nowMillis, MatchKind.WILDCARD, plate);
                if (i + 1 < plate.length()) {
                    add(wildcard.get(plate.substring(i, i + 2)), hits, nowMillis, MatchKind.WILDCARD, plate);
                }
            }
        }
        if (!lookalike.isEmpty()) {
            String folded = PlateText.fold(plate);
            for (String key : deletions(folded)) {
                add(lookalike.get(key), hits, nowMillis, MatchKind.LOOKALIKE, folded);
            }
        }
        return hits;
    }

    /** Adds the candidates that really match and are not expired, each entry once. */
    private static void add(Entry[] candidates, List<Entry> hits, long nowMillis, MatchKind check, String text) {
        if (candidates == null) {
            return;
        }
        for (Entry e : candidates) {
            if (e.expiresAtMillis() <= nowMillis || hits.contains(e)) {
                continue;
            }
            boolean matches = check == null
                    || check == MatchKind.WILDCARD && HotlistPattern.wildcardMatches(e.pattern(), text)
                    || check == MatchKind.LOOKALIKE && HotlistPattern.withinOneEdit(e.folded(), text);
            if (matches) {
                hits.add(e);
            }
        }
    }

    /** The keys a WILDCARD pattern may be filed under: its pairs of adjacent fixed characters, else its fixed characters. */
    static Set<String> wildcardKeys(String pattern) {
        Set<String> keys = new LinkedHashSet<>();
        List<String> runs = HotlistPattern.literalRuns(pattern);
        for (String run : runs) {
            for (int i = 0; i + 1 < run.length(); i++) {
                keys.add(run.substring(i, i + 2));
            }
        }
        if (keys.isEmpty()) {
            for (String run : runs) {
                keys.add(run); // runs of one character each
            }
        }
        return keys;
    }

    /** The text and the text with each one character dropped: the deletion neighbourhood at distance 1. */
    static Set<String> deletions(String text) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(text);
        for (int i = 0; i < text.length(); i++) {
            keys.add(HotlistPattern.without(text, i));
        }
        return keys;
    }

    private static Map<String, Entry[]> frozen(Map<String, List<Entry>> lists) {
        Map<String, Entry[]> out = new HashMap<>(Math.max(16, lists.size() * 4 / 3 + 1));
        lists.forEach((key, list) -> out.put(key, list.toArray(Entry[]::new)));
        return out;
    }
}
