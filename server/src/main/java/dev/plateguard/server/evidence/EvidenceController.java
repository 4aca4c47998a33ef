package dev.plateguard.server.evidence;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import org.springframework.security.core.annotation.AuthenticationPrincipal;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Serves evidence to authorised users. Each file is hashed again as it is served; if the bytes no longer match
 * their name, nothing is served and the incident is logged and audited. Range requests (video seeking) are
 * answered by Spring MVC from the verified bytes.
 */
@RestController
class EvidenceController {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final VerifiedEvidence evidence;
    private final JdbcClient jdbc;
    private final AuditLog audit;

    EvidenceController(VerifiedEvidence evidence, JdbcClient jdbc, AuditLog audit) {
        this.evidence = evidence;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @GetMapping({"/api/v1/evidence/{sha256}", "/evidence/{sha256}"})
    ResponseEntity<Resource> get(@PathVariable String sha256, @AuthenticationPrincipal UserPrincipal user)
            throws IOException {
        if (!SHA256.matcher(sha256).matches()) {
            throw Refusal.invalid("sha256", "must be 64 lower-case hex digits");
        }
        // Served only when a read of a camera in the caller's scope holds the file; otherwise "not found", exactly
        // as for a file that does not exist.
        Scope scope = user.scope();
        List<Object> params = new ArrayList<>(List.of(sha256));
        params.addAll(scope.sqlParams());
        String contentType = jdbc.sql("""
                select f.content_type from evidence_file f where f.sha256 = ? and exists (
                    select 1 from read_evidence re join plate_read r on r.id = re.read_id join camera c on c.id = r.camera_id
                    where re.sha256 = f.sha256 and """ + scope.sitePredicate("c.site_id") + ")")
                .params(params)
                .query(String.class).optional()
                .orElseThrow(() -> {
                    audit.record("evidence.view", "evidence:" + sha256, AuditLog.Outcome.FAILURE, Map.of("reason", "not found"));
                    return Refusal.notFound("no evidence " + sha256);
                });
        byte[] bytes;
        try {
            bytes = evidence.read(sha256, Map.of("during", "view"));
        } catch (EvidenceIntegrityFailure e) {
            // Already logged and audited as evidence.integrity.
            throw new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "evidence-integrity",
                    "the stored evidence failed its integrity check and was not served; the incident is recorded");
        }
        audit.record("evidence.view", "evidence:" + sha256, AuditLog.Outcome.SUCCESS);
        return ResponseEntity.ok()
                .header("Content-Type", contentType)
                .header("X-Content-Type-Options", "nosniff")
                .header("Accept-Ranges", "bytes")
                .cacheControl(CacheControl.noStore())
                .eTag("\"" + sha256 + "\"")
                .body(new ByteArrayResource(bytes));
    }
}
