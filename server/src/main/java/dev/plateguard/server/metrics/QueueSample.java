package dev.plateguard.server.metrics;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * One look at a work queue (a job table): how many items wait, and since when the oldest has waited (null when
 * none does).
 */
public record QueueSample(long depth, Instant oldest) {

    /** From a row of {@code select count(*), min(<queued at>) from <job table>}. */
    public static QueueSample of(ResultSet rs, int row) throws SQLException {
        Timestamp oldest = rs.getTimestamp(2);
        return new QueueSample(rs.getLong(1), oldest == null ? null : oldest.toInstant());
    }
}
