package dev.plateguard.anpr.cli;

/** Wrong command-line arguments or input files: the message is printed as is, without a stack trace. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit status: 2 for bad arguments, 1 for unusable input. */
    private final int status;

    UsageException(String message) {
        this(message, 2);
    }

    UsageException(String message, int status) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
