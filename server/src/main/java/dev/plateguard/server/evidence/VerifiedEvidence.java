package dev.plateguard.server.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import dev.plateguard.server.audit.AuditLog;

/**
 * Evidence as every reader gets it (the evidence endpoint, notice PDFs, recognition): read whole and checked
 * against its SHA-256 first, so a swapped or missing file is never served, rendered or recognised, and each such
 * incident is logged and audited as {@code evidence.integrity}.
 */
@Component
public class VerifiedEvidence {

    private static final Logger log = LoggerFactory.getLogger(VerifiedEvidence.class);

    private final EvidenceStore store;
    private final AuditLog audit;

    VerifiedEvidence(EvidenceStore store, AuditLog audit) {
        this.store = store;
        this.audit = audit;
    }

    /**
     * The bytes of {@code sha256}, verified.
     *
     * @param context who reads it and why, written to the audit entry of a failure (e.g. {@code during: notice-pdf})
     * @throws EvidenceIntegrityFailure when the file is missing or its content does not match
     * @throws IOException              when the file exists but cannot be read (worth a retry)
     */
    public byte[] read(String sha256, Map<String, ?> context) throws IOException {
        byte[] bytes;
        try (InputStream in = store.open(sha256)) {
            bytes = in.readAllBytes();
        } catch (NoSuchFileException e) {
            throw failure(sha256, "file missing", context);
        } catch (EvidenceAuthenticationFailure e) {
            throw failure(sha256, "content fails authentication", context);
        }
        if (!ContentHash.of(bytes).equals(sha256)) {
            throw failure(sha256, "content hash mismatch", context);
        }
        return bytes;
    }

    /**
     * The failure to answer for an object that did not decrypt while it was read in part (a range): logged and
     * audited like any other integrity failure.
     */
    public EvidenceIntegrityFailure authenticationFailure(String sha256, Map<String, ?> context) {
        return failure(sha256, "content fails authentication", context);
    }

    private EvidenceIntegrityFailure failure(String sha256, String reason, Map<String, ?> context) {
        log.error("Evidence {} failed its integrity check ({}) during {}; not used", sha256, reason, context.get("during"));
        Map<String, Object> details = new HashMap<>(context);
        details.put("reason", reason);
        if (SecurityContextHolder.getContext().getAuthentication() != null) {
            audit.record("evidence.integrity", "evidence:" + sha256, AuditLog.Outcome.FAILURE, details);
        } else {
            audit.recordSystem("evidence.integrity", "evidence:" + sha256, AuditLog.Outcome.FAILURE, details);
        }
        return new EvidenceIntegrityFailure(sha256, reason);
    }
}
