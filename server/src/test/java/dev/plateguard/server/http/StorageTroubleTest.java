package dev.plateguard.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/** Which failures under a request are the store's (503 / 507) and which stay unexpected errors. */
class StorageTroubleTest {

    @Test
    void aDatabaseThatIsRestartingOrUnreachableIsUnavailable() {
        for (String state : new String[] {"57P01", "57P03", "08006", "08001", "53300"}) {
            var wrapped = new IllegalStateException("storing read failed", new SQLException("terminating", state));
            assertThat(StorageTrouble.of(wrapped)).as(state).contains(StorageTrouble.UNAVAILABLE);
        }
        var noConnection = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("plateguard-embedded - Connection is not available, request timed out after 5000ms"));
        assertThat(StorageTrouble.of(noConnection)).contains(StorageTrouble.UNAVAILABLE);
    }

    @Test
    void aFullDiskUnderTheDatabaseOrTheEvidenceIsFull() {
        assertThat(StorageTrouble.of(new IllegalStateException(new SQLException("could not extend file", "53100"))))
                .contains(StorageTrouble.FULL);
        var evidence = new UncheckedIOException("evidence write failed",
                new FileSystemException("/data/evidence/incoming/x.tmp", null, "No space left on device"));
        assertThat(StorageTrouble.of(evidence)).contains(StorageTrouble.FULL);
        assertThat(StorageTrouble.of(new IOException("Disk quota exceeded"))).contains(StorageTrouble.FULL);
    }

    @Test
    void otherFailuresStayUnexpected() {
        assertThat(StorageTrouble.of(new IllegalStateException("read 7 neither inserted nor found"))).isEqualTo(Optional.empty());
        assertThat(StorageTrouble.of(new IllegalStateException(new SQLException("duplicate key", "23505")))).isEmpty();
        assertThat(StorageTrouble.of(new IOException("Broken pipe"))).isEmpty();
        assertThat(StorageTrouble.of(new FileSystemException("/x", null, "Permission denied"))).isEmpty();
    }
}
