package dev.plateguard.server.cameras;

import java.time.Duration;
import java.time.Instant;

/** How recently a camera sent a heartbeat ({@link CameraHealth#liveness}). */
public enum CameraLiveness {
    ONLINE, STALE, OFFLINE, NEVER_SEEN;

    /** Stale after {@code staleAfter} without a heartbeat, offline after {@code offlineAfter}. */
    static CameraLiveness of(Instant lastSeen, Instant now, Duration staleAfter, Duration offlineAfter) {
        if (lastSeen == null) {
            return NEVER_SEEN;
        }
        Duration silent = Duration.between(lastSeen, now);
        if (silent.compareTo(offlineAfter) > 0) {
            return OFFLINE;
        }
        return silent.compareTo(staleAfter) > 0 ? STALE : ONLINE;
    }

    /** A site is as healthy as its best camera; never-seen only when no camera was ever seen. */
    public static CameraLiveness ofSite(java.util.Collection<CameraLiveness> cameras) {
        return cameras.stream().min(java.util.Comparator.naturalOrder()).orElse(NEVER_SEEN);
    }

    public String cssClass() {
        return name().toLowerCase().replace('_', '-');
    }
}
