package dev.plateguard.server.evidence;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import org.springframework.security.core.annotation.AuthenticationPrincipal;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Serves evidence to authorised users. A whole object is decrypted and hashed again as it is served; if the bytes no
 * longer match their name, nothing is served and the incident is logged and audited. A single range (video seeking)
 * of an encrypted object decrypts only the segments it touches, each authenticated against the object's name and
 * data key; a file stored before encryption is verified whole and its range cut by Spring MVC.
 */
@RestController
class EvidenceController {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final VerifiedEvidence evidence;
    private final EvidenceStore store;
    private final JdbcClient jdbc;
    private final AuditLog audit;

    EvidenceController(VerifiedEvidence evidence, EvidenceStore store, JdbcClient jdbc, AuditLog audit) {
        this.evidence = evidence;
        this.store = store;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @GetMapping({"/api/v1/evidence/{sha256}", "/evidence/{sha256}"})
    ResponseEntity<Resource> get(@PathVariable String sha256, @AuthenticationPrincipal UserPrincipal user,
                                 @RequestHeader(name = "Range", required = false) String range) throws IOException {
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
        try {
            return serve(sha256, range, contentType);
        } catch (EvidenceStoreUnavailable e) {
            // Not an integrity incident: the object store cannot be reached now.
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "evidence-store-unavailable",
                    "the evidence store cannot be reached now; retry later", e.retryAfter());
        }
    }

    private ResponseEntity<Resource> serve(String sha256, String range, String contentType) throws IOException {
        if (range != null) {
            Optional<ResponseEntity<Resource>> partial = partial(sha256, range, contentType);
            if (partial.isPresent()) {
                audit.record("evidence.view", "evidence:" + sha256, AuditLog.Outcome.SUCCESS, Map.of("range", range));
                return partial.get();
            }
        }
        byte[] bytes;
        try {
            bytes = evidence.read(sha256, Map.of("during", "view"));
        } catch (EvidenceIntegrityFailure e) {
            throw integrityProblem();
        }
        audit.record("evidence.view", "evidence:" + sha256, AuditLog.Outcome.SUCCESS);
        return headers(ResponseEntity.ok(), contentType, sha256).body(new ByteArrayResource(bytes));
    }

    /**
     * One range of an encrypted object, decrypted segment by segment; empty when Spring MVC should answer from the
     * whole verified bytes instead (several ranges, an unparsable header, a file stored before encryption).
     */
    private Optional<ResponseEntity<Resource>> partial(String sha256, String range, String contentType) throws IOException {
        List<HttpRange> ranges;
        try {
            ranges = HttpRange.parseRanges(range);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (ranges.size() != 1) {
            return Optional.empty();
        }
        Optional<SeekableByteChannel> opened;
        try {
            opened = store.openAuthenticated(sha256);
        } catch (NoSuchFileException e) {
            return Optional.empty(); // the whole read reports the missing file
        } catch (EvidenceAuthenticationFailure e) {
            evidence.authenticationFailure(sha256, Map.of("during", "view"));
            throw integrityProblem();
        }
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        try (SeekableByteChannel channel = opened.get()) {
            long length = channel.size();
            long start;
            long end;
            try {
                start = ranges.getFirst().getRangeStart(length);
                end = ranges.getFirst().getRangeEnd(length);
                if (start >= length || start > end) {
                    throw new IllegalArgumentException("outside the content");
                }
            } catch (IllegalArgumentException e) {
                return Optional.of(ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                        .header("Content-Range", "bytes */" + length).build());
            }
            ByteBuffer slice = ByteBuffer.allocate(Math.toIntExact(end - start + 1));
            channel.position(start);
            while (slice.hasRemaining() && channel.read(slice) >= 0) {
                // read the whole range
            }
            if (slice.hasRemaining()) {
                throw new IOException("evidence " + sha256 + " ended before its stated length");
            }
            return Optional.of(headers(ResponseEntity.status(HttpStatus.PARTIAL_CONTENT), contentType, sha256)
                    .header("Content-Range", "bytes " + start + "-" + end + "/" + length)
                    .body(new ByteArrayResource(slice.array())));
        } catch (EvidenceStoreUnavailable e) {
            throw e;
        } catch (IOException e) {
            // A segment that does not authenticate (the file was altered); no byte of it has been sent.
            evidence.authenticationFailure(sha256, Map.of("during", "view", "range", range));
            throw integrityProblem();
        }
    }

    private static ResponseEntity.BodyBuilder headers(ResponseEntity.BodyBuilder response, String contentType, String sha256) {
        return response
                .header("Content-Type", contentType)
                .header("X-Content-Type-Options", "nosniff")
                .header("Accept-Ranges", "bytes")
                .cacheControl(CacheControl.noStore())
                .eTag("\"" + sha256 + "\"");
    }

    private static ApiProblem integrityProblem() {
        // Already logged and audited as evidence.integrity.
        return new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "evidence-integrity",
                "the stored evidence failed its integrity check and was not served; the incident is recorded");
    }
}
