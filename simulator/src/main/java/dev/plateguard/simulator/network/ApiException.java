package dev.plateguard.simulator.network;

/** An admin API call that the server refused or could not answer. The message never contains a token or key. */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(String request, int status, String detail) {
        super(request + " -> " + (status == 0 ? "no answer" : "HTTP " + status) + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.status = status;
    }

    /** HTTP status, or 0 when the server could not be reached. */
    public int status() {
        return status;
    }
}
