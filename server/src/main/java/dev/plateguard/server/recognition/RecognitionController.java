package dev.plateguard.server.recognition;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/**
 * Recognitions of a read (docs/recognition.md). Asking for one and listing them are audited like every other
 * access to a read.
 */
@RestController
class RecognitionController {

    private final RecognitionRequests requests;
    private final RecognitionStatus status;
    private final AuditLog audit;
    private final ReadOpening readOpening;

    RecognitionController(RecognitionRequests requests, RecognitionStatus status, AuditLog audit, ReadOpening readOpening) {
        this.readOpening = readOpening;
        this.requests = requests;
        this.status = status;
        this.audit = audit;
    }

    @Operation(summary = "Recognise a read's first image again (OPERATOR, SUPERVISOR, ADMIN)",
            description = "202 with the id the new recognition will have; it is listed as queued until it is done. "
                    + "The read itself never changes. 404 unknown read, 409 read without an image, 503 with Retry-After "
                    + "when the queue is full or no models are loaded.")
    @PostMapping("/api/v1/reads/{id}/recognitions")
    ResponseEntity<?> request(@PathVariable long id, @AuthenticationPrincipal UserPrincipal user,
                              HttpServletRequest http) {
        try {
            RecognitionRequests.Accepted accepted = requests.request(id, user.username(), user.scope());
            audit.record("reads.recognise", "read:" + id, AuditLog.Outcome.SUCCESS,
                    Map.of("recognitionId", accepted.recognitionId()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", accepted.recognitionId());
            body.put("readId", id);
            body.put("status", "queued");
            body.put("recognitions", "/api/v1/reads/" + id + "/recognitions");
            return ResponseEntity.accepted().body(body);
        } catch (Refusal problem) {
            audit.record("reads.recognise", "read:" + id, AuditLog.Outcome.FAILURE,
                    Map.of("status", ProblemResponses.status(problem.kind()).value()));
            throw problem;
        } catch (RecognitionRequests.Busy busy) {
            audit.record("reads.recognise", "read:" + id, AuditLog.Outcome.FAILURE,
                    Map.of("status", 503, "reason", busy.reason()));
            ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, busy.getMessage());
            body.setType(ProblemResponses.typeUri("recognition-" + busy.reason()));
            body.setInstance(URI.create(http.getRequestURI()));
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(busy.retryAfterSeconds()))
                    .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                    .body(body);
        }
    }

    @Operation(summary = "A read's recognitions, queued ones first, then newest first (OPERATOR, SUPERVISOR, INVESTIGATOR)",
            description = "They show the read's plate, so they open like the read itself: within the live window freely, "
                    + "older reads only with purpose and case (as GET /api/v1/reads/{id}).")
    @GetMapping("/api/v1/reads/{id}/recognitions")
    Map<String, Object> list(@PathVariable long id, @RequestParam(required = false) String purpose,
                             @RequestParam(name = "case", required = false) String caseNumber,
                             @RequestParam(required = false) String reason,
                             @AuthenticationPrincipal UserPrincipal user) {
        try {
            readOpening.open(user, id, purpose, caseNumber, reason);
        } catch (Refusal refused) {
            audit.record("reads.recognitions.view", "read:" + id, AuditLog.Outcome.FAILURE);
            throw refused;
        }
        List<RecognitionView> items = requests.list(id);
        audit.record("reads.recognitions.view", "read:" + id, AuditLog.Outcome.SUCCESS, Map.of("results", items.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("readId", id);
        body.put("items", items);
        return body;
    }

    @Operation(summary = "Whether the server can recognise plates, with which models, and its queue (ADMIN, OPERATOR, SUPERVISOR)")
    @GetMapping("/api/v1/recognition/status")
    Map<String, Object> status() {
        return status.details();
    }
}
