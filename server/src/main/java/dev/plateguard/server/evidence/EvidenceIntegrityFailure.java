package dev.plateguard.server.evidence;

/**
 * Stored evidence that is missing or no longer matches its SHA-256: it must not be used (served, rendered into a
 * notice, recognised). The incident has already been logged and audited when this is thrown.
 */
public class EvidenceIntegrityFailure extends RuntimeException {

    private final String sha256;
    private final String reason;

    EvidenceIntegrityFailure(String sha256, String reason) {
        super("evidence " + sha256 + " failed its integrity check: " + reason);
        this.sha256 = sha256;
        this.reason = reason;
    }

    public String sha256() {
        return sha256;
    }

    public String reason() {
        return reason;
    }
}
