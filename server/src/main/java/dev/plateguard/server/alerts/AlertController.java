package dev.plateguard.server.alerts;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.identity.UserPrincipal;

/**
 * Alerts over the API (docs/alerts.md): the roles that see reads list them, follow the live stream, acknowledge and
 * escalate them; AUDITOR lists them (covert lists' too) without acting. Scope and covert lists as in
 * {@link AlertQueries}.
 */
@RestController
class AlertController {

    private final AlertAccess access;
    private final AlertStream stream;

    AlertController(AlertAccess access, AlertStream stream) {
        this.access = access;
        this.stream = stream;
    }

    /** Body of an acknowledgement or escalation. */
    record Note(String note) {
    }

    @Operation(summary = "Alerts, newest first (OPERATOR, SUPERVISOR, INVESTIGATOR, AUDITOR; audited)",
            description = "Answers {\"items\": [...], \"next\"}: each alert with its plate, readId (the read that raised "
                    + "it; lastReadId and count for repeats grouped within plateguard.alerts.group-window), hotlistId, "
                    + "entryId, pattern, match, priority, reason, site, camera, times, thumbnail (an evidence SHA-256) and "
                    + "state (new, acknowledged, escalated). Filters: state, hotlist. before: the previous page's next. "
                    + "limit 1-500 (default 50). In the caller's scope; covert lists' alerts only for their owner and "
                    + "auditors.")
    @GetMapping("/api/v1/alerts")
    AlertAccess.Page list(@RequestParam(required = false) String state, @RequestParam(required = false) Long hotlist,
                          @RequestParam(required = false) Long before, @RequestParam(defaultValue = "50") int limit,
                          @AuthenticationPrincipal UserPrincipal me) {
        return access.list(me, state, hotlist, before, limit, "api");
    }

    @Operation(summary = "One alert with every read it stands for (OPERATOR, SUPERVISOR, INVESTIGATOR, AUDITOR; audited)",
            description = "404 for an alert that does not exist, lies outside the caller's scope or belongs to another "
                    + "person's covert list.")
    @GetMapping("/api/v1/alerts/{id}")
    AlertAccess.Detail get(@PathVariable long id, @AuthenticationPrincipal UserPrincipal me) {
        return access.get(me, id, "api");
    }

    @Operation(summary = "Acknowledge an alert, with an optional note (OPERATOR, SUPERVISOR, INVESTIGATOR)",
            description = "Body: {\"note\"} (optional, at most 500 characters of plain text). From new or escalated. "
                    + "Audited, and published to the outbound channels as alert.acknowledged. 404 not visible, 409 "
                    + "already acknowledged.")
    @PostMapping("/api/v1/alerts/{id}/acknowledge")
    Alert acknowledge(@PathVariable long id, @RequestBody(required = false) Note body,
                      @AuthenticationPrincipal UserPrincipal me) {
        return access.act(me, id, AlertBook.Action.ACKNOWLEDGE, body == null ? null : body.note());
    }

    @Operation(summary = "Escalate an alert, with an optional note (OPERATOR, SUPERVISOR, INVESTIGATOR)",
            description = "Body: {\"note\"} (optional). From new only. Audited, and published as alert.escalated. "
                    + "404 not visible, 409 not new.")
    @PostMapping("/api/v1/alerts/{id}/escalate")
    Alert escalate(@PathVariable long id, @RequestBody(required = false) Note body,
                   @AuthenticationPrincipal UserPrincipal me) {
        return access.act(me, id, AlertBook.Action.ESCALATE, body == null ? null : body.note());
    }

    @Operation(summary = "The live alert stream: server-sent events (OPERATOR, SUPERVISOR, INVESTIGATOR)",
            description = "text/event-stream. A \"ready\" event first, then an \"alert\" event (data: the alert as in "
                    + "GET /api/v1/alerts) for every alert raised or changed (a repeat, an acknowledgement, an "
                    + "escalation) that the caller may see; the event id is the change's sequence number, and "
                    + "Last-Event-ID resumes after it. Comments keep an idle stream open; the server closes it after "
                    + "plateguard.alerts.stream-timeout (reconnect). Every delivery is audited. 429 when the caller has "
                    + "plateguard.alerts.streams-per-user streams open. The dashboard's /alerts/stream is the same "
                    + "stream for a signed-in browser.")
    @GetMapping({"/api/v1/alerts/stream", "/alerts/stream"})
    SseEmitter stream(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                      @AuthenticationPrincipal UserPrincipal me, HttpServletRequest request) {
        try {
            return stream.open(me, request.getRemoteAddr(), lastEventId);
        } catch (AlertStream.TooManyStreams e) {
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams", e.getMessage());
        }
    }
}
