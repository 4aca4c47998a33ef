package dev.plateguard.server.ingest;

/**
 * Published when reads with a plate have been stored, each with its matching and detection jobs ({@code alert_job},
 * {@code detection_job}) in the same statement. A hint for the stages that take those jobs to look now rather than at
 * their next poll: the jobs are the durable record of the work, so a listener that misses this loses nothing.
 *
 * @param count how many reads were stored
 */
public record PlateReadsStored(int count) {
}
