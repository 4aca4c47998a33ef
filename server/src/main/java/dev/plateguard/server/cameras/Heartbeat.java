package dev.plateguard.server.cameras;

import java.util.Map;

/**
 * What a device says about itself in a heartbeat, from the native API or a vendor receiver. Every field may be
 * null: a device reports what it knows.
 *
 * @param clockOffsetMs device clock minus server clock, milliseconds
 * @param status        the device's own word for its state ("ok", "degraded", "videoloss")
 * @param queueDepth    reads waiting on the device to be sent
 * @param firmware      firmware or agent version
 * @param diskFreeBytes free space on the device's storage, bytes
 * @param details       further vendor health fields (CPU, streams, frames), secrets already stripped; never null
 */
public record Heartbeat(Long clockOffsetMs, String status, Integer queueDepth, String firmware, Long diskFreeBytes,
                        Map<String, Object> details) {

    public Heartbeat {
        details = details == null ? Map.of() : details;
    }
}
