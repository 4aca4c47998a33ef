package dev.plateguard.simulator.device;

import java.util.concurrent.atomic.AtomicLong;

/** Counters of what reached the server, for the progress line. Thread-safe. */
public final class DeliveryStats {

    public final AtomicLong created = new AtomicLong();
    public final AtomicLong duplicates = new AtomicLong();
    public final AtomicLong refused = new AtomicLong();
    public final AtomicLong gaveUp = new AtomicLong();
    public final AtomicLong retries = new AtomicLong();
    public final AtomicLong heartbeatsOk = new AtomicLong();
    public final AtomicLong heartbeatsFailed = new AtomicLong();

    /** Reads whose fate is settled: stored (new or duplicate), refused, or given up. */
    public long settled() {
        return created.get() + duplicates.get() + refused.get() + gaveUp.get();
    }
}
