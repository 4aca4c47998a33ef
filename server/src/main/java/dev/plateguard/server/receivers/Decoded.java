package dev.plateguard.server.receivers;

import java.util.List;

/**
 * What one vendor payload held.
 *
 * @param reads     vehicle events, with or without a plate
 * @param heartbeat a heartbeat, or null
 * @param ignored   events accepted but not stored: kinds PlateGuard has no use for (motion alarms, OpenALPR previews)
 */
record Decoded(List<VendorRead> reads, VendorHeartbeat heartbeat, int ignored) {

    static Decoded reads(List<VendorRead> reads) {
        return new Decoded(reads, null, 0);
    }

    static Decoded heartbeat(VendorHeartbeat heartbeat) {
        return new Decoded(List.of(), heartbeat, 0);
    }

    static Decoded oneIgnored() {
        return new Decoded(List.of(), null, 1);
    }
}
