package dev.plateguard.server.evidence;

/**
 * Evidence encrypted and written durably under a temporary name by {@link EvidenceStore#stage}, not yet visible:
 * {@link EvidenceStore#publish} puts many of them in place at once. {@link #alreadyStored()} when identical content
 * was stored before, so nothing was written.
 */
public final class StagedEvidence {

    private final String sha256;
    private final EvidenceObjects.Staged staged;

    StagedEvidence(String sha256, EvidenceObjects.Staged staged) {
        this.sha256 = sha256;
        this.staged = staged;
    }

    public String sha256() {
        return sha256;
    }

    public boolean alreadyStored() {
        return staged == null;
    }

    EvidenceObjects.Staged staged() {
        return staged;
    }
}
