package dev.plateguard.server.ingest;

/**
 * Published when a read with images or a video but no plate text has been stored, together with its recognition job (one
 * SQL statement). A hint only: the job row is the durable record of the work, so a listener that misses this
 * (a full queue, a crash) loses nothing.
 *
 * @param readId the new read
 * @param jobId  its row in {@code recognition_job}
 */
public record ImageOnlyReadStored(long readId, long jobId) {
}
