package dev.plateguard.server.recognition;

/**
 * Published when recognition has filled the plate of a read that arrived without one, and queued the read for
 * detection and hotlist matching in the same statement. A hint only, as {@code ingest.PlateReadsStored}: the queue
 * rows are the durable record.
 *
 * @param readId the read whose plate was filled
 */
public record PlateRecognised(long readId) {
}
