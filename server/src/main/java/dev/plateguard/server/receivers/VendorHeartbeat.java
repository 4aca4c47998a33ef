package dev.plateguard.server.receivers;

import java.util.Map;

/**
 * A device's heartbeat in vendor terms; {@link VendorReceiver} turns it into a camera heartbeat.
 *
 * @param deviceTime    the device's clock when it sent the heartbeat, or null
 * @param diskFreeBytes free space on the device, bytes, or null
 * @param details       further vendor health fields, as sent (secrets are stripped before storage)
 */
record VendorHeartbeat(VendorTime deviceTime, String status, Integer queueDepth, String firmware, Long diskFreeBytes,
                       Map<String, Object> details) {
}
