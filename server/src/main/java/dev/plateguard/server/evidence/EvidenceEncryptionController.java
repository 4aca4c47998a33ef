package dev.plateguard.server.evidence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

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
    private final EvidenceKeys keys;
    private final MasterKeys masterKeys;
    private final AuditLog audit;

    EvidenceEncryptionController(EvidenceEncryption encryption, EvidenceKeys keys, MasterKeys masterKeys, AuditLog audit) {
        this.encryption = encryption;
        this.keys = keys;
        this.masterKeys = masterKeys;
        this.audit = audit;
    }

    @GetMapping("/api/v1/evidence-encryption")
    Map<String, Object> status() {
        Map<String, Long> byKey = keys.countByMasterKey();
        long underOthers = byKey.entrySet().stream().filter(e -> !e.getKey().equals(masterKeys.activeKeyId()))
                .mapToLong(Map.Entry::getValue).sum();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("algorithm", "AES-256-GCM-HKDF streaming, 64 KiB segments, one data key per object");
        body.put("activeMasterKey", masterKeys.activeKeyId());
        body.put("masterKeys", new TreeSet<>(masterKeys.keyIds()));
        body.put("dataKeysByMasterKey", byKey);
        body.put("dataKeysToRewrap", underOthers);
        body.put("migration", encryption.migrationState());
        body.put("rotation", encryption.rotationState());
        return body;
    }

    /** Re-reads the master keys (a new last one becomes active) and re-wraps every data key under it, online. */
    @PostMapping("/api/v1/evidence-encryption/rotation")
    ResponseEntity<Map<String, Object>> rotate(@AuthenticationPrincipal UserPrincipal user) {
        if (!encryption.startRotation(user.username())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "rotation-running", "a key rotation is already running");
        }
        audit.record("evidence.key.rotation.start", "master-key:" + masterKeys.activeKeyId(), AuditLog.Outcome.SUCCESS);
        return ResponseEntity.accepted().body(status());
    }
}
