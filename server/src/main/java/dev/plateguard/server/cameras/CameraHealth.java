package dev.plateguard.server.cameras;

import java.time.Duration;
import java.time.Instant;

/** How recently a camera sent a heartbeat. */
public enum CameraHealth {
    ONLINE, STALE, OFFLINE, NEVER_SEEN;

    /** Stale after 2 minutes without a heartbeat, offline after 10. */
    public static CameraHealth of(Instant lastSeen, Instant now) {
        if (lastSeen == null) {
            return NEVER_SEEN;
        }
        Duration silent = Duration.between(lastSeen, now);
        if (silent.compareTo(Duration.ofMinutes(10)) > 0) {
            return OFFLINE;
        }
        return silent.compareTo(Duration.ofMinutes(2)) > 0 ? STALE : ONLINE;
    }

    /** A site is as healthy as its best camera; never-seen only when no camera was ever seen. */
    public static CameraHealth ofSite(java.util.Collection<CameraHealth> cameras) {
        return cameras.stream().min(java.util.Comparator.naturalOrder()).orElse(NEVER_SEEN);
    }

    public String cssClass() {
        return name().toLowerCase().replace('_', '-');
    }
}
