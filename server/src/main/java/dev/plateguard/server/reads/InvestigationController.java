package dev.plateguard.server.reads;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/** The managed list of search purposes (ADMIN keeps it), and access requests beyond the standard reach. */
@RestController
class InvestigationController {

    private final SearchPurposes purposes;
    private final AccessRequests requests;

    InvestigationController(SearchPurposes purposes, AccessRequests requests) {
        this.purposes = purposes;
        this.requests = requests;
    }

    /** Every purpose; {@code active=false} ones can no longer be named in a search. */
    @Operation(summary = "The managed list of search purposes (read roles and ADMIN)")
    @GetMapping("/api/v1/search-purposes")
    List<SearchPurposes.Purpose> purposes() {
        return purposes.list(false);
    }

    record NewPurpose(String code, String label) {
    }

    @Operation(summary = "Add a search purpose (ADMIN)")
    @PostMapping("/api/v1/search-purposes")
    @ResponseStatus(HttpStatus.CREATED)
    SearchPurposes.Purpose create(@RequestBody NewPurpose body) {
        if (body == null) {
            throw Refusal.malformed("body must be a JSON object");
        }
        return purposes.create(body.code(), body.label());
    }

    record PurposeChange(String label, Boolean active) {
    }

    @Operation(summary = "Rename, retire or restore a search purpose (ADMIN)")
    @PatchMapping("/api/v1/search-purposes/{id}")
    SearchPurposes.Purpose update(@PathVariable long id, @RequestBody PurposeChange body) {
        if (body == null) {
            throw Refusal.malformed("body must be a JSON object");
        }
        return purposes.update(id, body.label(), body.active());
    }

    /** The body of a request: {@code case} is the case number. */
    record NewAccessRequest(String plate, @JsonProperty("case") String caseNumber, String purpose, String from,
                            String to, String reason) {
    }

    @Operation(summary = "Ask to search one plate under one case beyond the standard reach (OPERATOR, SUPERVISOR, INVESTIGATOR)")
    @PostMapping("/api/v1/access-requests")
    @ResponseStatus(HttpStatus.CREATED)
    AccessRequests.AccessRequest request(@RequestBody NewAccessRequest body, @AuthenticationPrincipal UserPrincipal me) {
        if (body == null) {
            throw Refusal.malformed("body must be a JSON object");
        }
        return requests.create(me, new AccessRequests.Draft(body.plate(), body.caseNumber(), body.purpose(), body.from(),
                body.to(), body.reason()));
    }

    @Operation(summary = "Access requests: all for a SUPERVISOR, one's own for others")
    @GetMapping("/api/v1/access-requests")
    Map<String, Object> list(@RequestParam(required = false) String status, @AuthenticationPrincipal UserPrincipal me) {
        return Map.of("items", requests.list(me, status));
    }

    @Operation(summary = "Approve an access request (SUPERVISOR, never the requester)")
    @PostMapping("/api/v1/access-requests/{id}/approve")
    AccessRequests.AccessRequest approve(@PathVariable long id, @AuthenticationPrincipal UserPrincipal me) {
        return requests.decide(me, id, true);
    }

    @Operation(summary = "Reject an access request (SUPERVISOR, never the requester)")
    @PostMapping("/api/v1/access-requests/{id}/reject")
    AccessRequests.AccessRequest reject(@PathVariable long id, @AuthenticationPrincipal UserPrincipal me) {
        return requests.decide(me, id, false);
    }
}
