package dev.plateguard.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What devices sent and were told during one fault, and what the server holds afterwards. A read is keyed by its
 * camera and eventId. Thread-safe while reads are sent; {@link #reconcile} runs once the senders are done.
 */
final class FaultTally {

    /** The figures of one fault, as the table and the JSON line show them. */
    record Outcome(int sent, int acknowledged, int stored, int lost, int duplicated, int storedUnacknowledged) {
    }

    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    /** Every read id the server answered for a read, over all its retries: one, unless the server doubled it. */
    private final Map<String, Set<Long>> answered = new ConcurrentHashMap<>();

    static String key(long cameraId, String eventId) {
        return cameraId + "/" + eventId;
    }

    void sent(String key) {
        sent.add(key);
    }

    /** A 2xx for the read, naming the stored read's id. */
    void acknowledged(String key, long id) {
        answered.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(id);
    }

    int acknowledgedCount() {
        return answered.size();
    }

    /**
     * @param storedKeys one entry per stored read (a key twice means the read was stored twice)
     * @param incomplete keys of stored reads that lack part of their evidence: half-written, so counted as lost
     *                   when acknowledged
     */
    Outcome reconcile(Collection<String> storedKeys, Set<String> incomplete) {
        Map<String, Integer> stored = new HashMap<>();
        storedKeys.forEach(k -> stored.merge(k, 1, Integer::sum));
        int lost = 0;
        int duplicated = 0;
        for (Map.Entry<String, Set<Long>> read : answered.entrySet()) {
            if (!stored.containsKey(read.getKey()) || incomplete.contains(read.getKey())) {
                lost++;
            }
            if (read.getValue().size() > 1) {
                duplicated++; // retries of one read were answered with different ids
            }
        }
        int storedUnacknowledged = 0;
        for (Map.Entry<String, Integer> row : stored.entrySet()) {
            if (row.getValue() > 1 && !(answered.containsKey(row.getKey()) && answered.get(row.getKey()).size() > 1)) {
                duplicated++; // stored more than once, and not already counted above
            }
            if (!answered.containsKey(row.getKey())) {
                storedUnacknowledged++;
            }
        }
        return new Outcome(sent.size(), answered.size(), storedKeys.size(), lost, duplicated, storedUnacknowledged);
    }
}
