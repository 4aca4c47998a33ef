package dev.plateguard.server.violations;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What one detection batch shares between its reads: the catalogue it is judged under, and look-ups that rules make
 * once per batch instead of once per read ({@link #memo}). Lives as long as one batch, on one thread.
 */
public final class DetectionBatch {

    private final Catalogue catalogue;
    private final Map<Object, Object> memo = new HashMap<>();

    DetectionBatch(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    /** The value under {@code key}, computed once per batch. */
    @SuppressWarnings("unchecked")
    public <T> T memo(Object key, Supplier<T> compute) {
        return (T) memo.computeIfAbsent(key, k -> compute.get());
    }
}
