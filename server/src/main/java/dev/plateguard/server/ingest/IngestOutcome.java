package dev.plateguard.server.ingest;

/** What happened to one submitted read; {@code id} is null when {@link Status#ACCEPTED}. */
public record IngestOutcome(Status status, Long id, String eventId) {

    public enum Status {
        /** Stored now. */
        CREATED,
        /** The same read (same eventId, same content) was stored before; nothing new was stored. */
        DUPLICATE,
        /** The eventId was used before for different content; nothing was stored. */
        CONFLICT,
        /**
         * Durably in the read log (Kafka, acks=all), to be stored by its consumer; no id yet (docs/kafka.md). A retry
         * is answered the same until the read is stored, then as a duplicate.
         */
        ACCEPTED
    }
}
