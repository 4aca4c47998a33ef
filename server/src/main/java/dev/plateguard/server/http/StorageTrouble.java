package dev.plateguard.server.http;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Optional;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpStatus;

/**
 * Failures of what lies under a request rather than of the request: the database cannot be reached or is restarting
 * (the client should retry: 503 with Retry-After), or a disk is full (507: nothing was stored, an operator must act).
 * Found anywhere in the cause chain, since the stores wrap what they throw.
 */
public enum StorageTrouble {

    /** The database (or another store) is unreachable, starting or shutting down. */
    UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "storage-unavailable",
            "the database is unavailable; nothing was stored, retry later"),

    /** No space left for what the request would store. */
    FULL(HttpStatus.INSUFFICIENT_STORAGE, "storage-full", "no space left to store this request; nothing was stored");

    /** What a device is told to wait before retrying while the database is unavailable. */
    static final int RETRY_AFTER_SECONDS = 5;

    final HttpStatus status;
    final String type;
    final String detail;

    StorageTrouble(HttpStatus status, String type, String detail) {
        this.status = status;
        this.type = type;
        this.detail = detail;
    }

    public static Optional<StorageTrouble> of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.equals("53100")) { // disk_full
                    return Optional.of(FULL);
                }
                // connection_exception (08…), admin/crash shutdown, cannot_connect_now, too_many_connections
                if (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300")) {
                    return Optional.of(UNAVAILABLE);
                }
            }
            if (t instanceof SQLTransientConnectionException || t instanceof DataAccessResourceFailureException) {
                return Optional.of(UNAVAILABLE); // e.g. no pooled connection could be had in time
            }
            if (t instanceof IOException && noSpace(t instanceof FileSystemException fs ? fs.getReason() : t.getMessage())) {
                return Optional.of(FULL);
            }
        }
        return Optional.empty();
    }

    private static boolean noSpace(String message) {
        if (message == null) {
            return false;
        }
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("no space left on device") || m.contains("disk quota exceeded");
    }
}
