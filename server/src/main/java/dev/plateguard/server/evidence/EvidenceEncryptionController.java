package dev.plateguard.server.evidence;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.identity.UserPrincipal;

/** Evidence at rest for administrators: which master keys wrap how many data keys, and the two background jobs. */
@RestController
class EvidenceEncryptionController {

    private final EvidenceEncryption encryption;
    private final MasterKeys masterKeys;
    private final AuditLog audit;

    EvidenceEncryptionController(EvidenceEncryption encryption, MasterKeys masterKeys, AuditLog audit) {
        this.encryption = encryption;
        this.masterKeys = masterKeys;
        this.audit = audit;
    }

    @GetMapping("/api/v1/evidence-encryption")
    EvidenceEncryption.Status status() {
        return encryption.status();
    }

    /** Re-reads the master keys (a new last one becomes active) and re-wraps every data key under it, online. */
    @PostMapping("/api/v1/evidence-encryption/rotation")
    ResponseEntity<EvidenceEncryption.Status> rotate(@AuthenticationPrincipal UserPrincipal user) {
        if (!encryption.startRotation(user.username())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "rotation-running", "a key rotation is already running");
        }
        audit.record("evidence.key.rotation.start", "master-key:" + masterKeys.activeKeyId(), AuditLog.Outcome.SUCCESS);
        return ResponseEntity.accepted().body(status());
    }
}
