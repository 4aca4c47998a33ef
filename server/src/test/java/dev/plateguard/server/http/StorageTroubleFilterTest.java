package dev.plateguard.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;

import jakarta.servlet.FilterChain;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Storage trouble thrown by a filter (a device key looked up while PostgreSQL restarts) is answered as a controller
 * answers it, not with the container's 500; bench/faults (postgres-restart) showed the 500s.
 */
class StorageTroubleFilterTest {

    private final StorageTroubleFilter filter = new StorageTroubleFilter();
    private final MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/reads");
    private final MockHttpServletResponse response = new MockHttpServletResponse();

    @Test
    void aDatabaseRestartingUnderTheSecurityFiltersIs503WithRetryAfter() throws Exception {
        filter.doFilter(request, response, failing(new DataAccessResourceFailureException("device key lookup",
                new SQLException("FATAL: terminating connection due to administrator command", "57P01"))));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getContentAsString()).contains("storage-unavailable").contains("\"status\":503");
        assertThat(response.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void aFullDiskUnderAFilterIs507() throws Exception {
        filter.doFilter(request, response, failing(new UncheckedIOException("write",
                new FileSystemException("/data/x", null, "No space left on device"))));
        assertThat(response.getStatus()).isEqualTo(507);
        assertThat(response.getHeader("Retry-After")).isNull();
        assertThat(response.getContentAsString()).contains("storage-full");
    }

    @Test
    void aPageGetsTheErrorPageWithTheSameStatus() throws Exception {
        MockHttpServletRequest page = new MockHttpServletRequest("GET", "/reads");
        filter.doFilter(page, response, failing(new DataAccessResourceFailureException("session lookup")));
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getErrorMessage()).isNull();
        assertThat(response.getContentAsString()).isEmpty(); // the container renders the error page
    }

    @Test
    void otherFailuresGoOnAsTheyWere() {
        IllegalStateException bug = new IllegalStateException("a bug");
        assertThatThrownBy(() -> filter.doFilter(request, response, failing(bug))).isSameAs(bug);
        IOException io = new IOException("connection reset by peer");
        assertThatThrownBy(() -> filter.doFilter(request, response, failing(io))).isSameAs(io);
    }

    private static FilterChain failing(Exception failure) {
        return (req, res) -> {
            if (failure instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) failure;
        };
    }
}
