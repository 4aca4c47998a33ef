package dev.plateguard.server.ingest;

/** What happened to one submitted read. */
public record IngestOutcome(Status status, Long id, String eventId) {

    public enum Status {
        /** Stored now. */
        CREATED,
        /** The same read (same eventId, same content) was stored before; nothing new was stored. */
        DUPLICATE,
        /** The eventId was used before for different content; nothing was stored. */
        CONFLICT
    }
}
