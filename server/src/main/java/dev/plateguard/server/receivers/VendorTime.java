package dev.plateguard.server.receivers;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * A vendor timestamp: either an instant (epoch values, ISO times with an offset) or a local wall-clock time with no
 * zone, which is read in the camera's clock zone ({@link ReadMapper}). Exactly one of the two is set.
 */
record VendorTime(Instant instant, LocalDateTime local) {

    static VendorTime of(Instant instant) {
        return new VendorTime(instant, null);
    }

    static VendorTime local(LocalDateTime local) {
        return new VendorTime(null, local);
    }

    Instant in(ZoneId cameraZone) {
        return instant != null ? instant : local.atZone(cameraZone).toInstant();
    }
}
