package dev.plateguard.server.receivers;

import dev.plateguard.server.evidence.ContentHash;

/**
 * Event ids of vendor reads, unique per camera as the native API requires: {@code <format>:<vendor id>}, with
 * characters the native eventId does not allow replaced. A vendor without ids gets one derived from the payload's
 * document, so that a retry of the same push is recognised as a duplicate.
 */
final class EventIds {

    private static final int MAX = 128;

    private EventIds() {
    }

    static String of(String format, String vendorId) {
        String id = format + ":" + vendorId.strip().replaceAll("[^A-Za-z0-9._:/+=@-]", "-");
        return id.length() <= MAX ? id : format + ":" + ContentHash.of(id.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 40);
    }

    /** An id for the {@code index}-th event of a document that carries no ids. */
    static String derived(String format, byte[] document, int index) {
        return format + ":sha256-" + ContentHash.of(document).substring(0, 32) + "-" + index;
    }
}
