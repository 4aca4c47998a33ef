package dev.plateguard.server.notices;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import org.springframework.security.core.annotation.AuthenticationPrincipal;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.evidence.EvidenceIntegrityFailure;
import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.validation.SafeText;
import dev.plateguard.server.violations.ViolationState;

/** Notices for delivery and payment systems (INTEGRATION) and supervisors. Every access is audited. */
@RestController
class NoticeController {

    record NoticeEvent(String type, String reference, String occurredAt, Long amountSom) {
    }

    private final NoticeBook book;
    private final NoticePdf pdf;
    private final AuditLog audit;

    NoticeController(NoticeBook book, NoticePdf pdf, AuditLog audit) {
        this.book = book;
        this.pdf = pdf;
        this.audit = audit;
    }

    /**
     * Notices in issue order after the cursor {@code after} (a notice id; 0 to start). A consumer stores the
     * returned {@code nextAfter} and asks again: nothing is missed and nothing comes twice.
     */
    @GetMapping("/api/v1/notices")
    Map<String, Object> export(@RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "100") int limit,
                               @AuthenticationPrincipal UserPrincipal user) {
        if (after < 0) {
            throw Refusal.invalid("after", "must be 0 or a notice id");
        }
        if (limit < 1 || limit > 500) {
            throw Refusal.invalid("limit", "must be 1-500");
        }
        List<Notice> items = book.after(after, limit, user.scope());
        long next = items.isEmpty() ? after : items.getLast().id();
        audit.record("notices.export", "notices", AuditLog.Outcome.SUCCESS,
                Map.of("after", after, "results", items.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", items);
        body.put("nextAfter", next);
        return body;
    }

    @GetMapping("/api/v1/notices/{id}")
    Notice get(@PathVariable long id, @AuthenticationPrincipal UserPrincipal user) {
        Notice notice = book.find(id, user.scope()).orElseThrow(() -> Refusal.notFound("no notice " + id));
        audit.record("notices.view", "notice:" + notice.number(), AuditLog.Outcome.SUCCESS);
        return notice;
    }

    @GetMapping(path = {"/api/v1/notices/{id}/pdf", "/api/v1/notices/{id}.pdf"}, produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> pdf(@PathVariable long id, @RequestParam(defaultValue = "uz") String lang,
                               @AuthenticationPrincipal UserPrincipal user) {
        if (!NoticePdf.LANGUAGES.contains(lang)) {
            throw Refusal.invalid("lang", "must be one of " + NoticePdf.LANGUAGES);
        }
        Notice notice = book.find(id, user.scope()).orElseThrow(() -> Refusal.notFound("no notice " + id));
        byte[] bytes;
        try {
            bytes = pdf.render(notice, lang);
        } catch (EvidenceIntegrityFailure e) {
            // Already audited as evidence.integrity; the notice is not rendered with a photo that is not the evidence.
            throw new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "evidence-integrity",
                    "a photo of this notice failed its integrity check; the notice was not rendered and the incident is recorded");
        }
        audit.record("notices.pdf", "notice:" + notice.number(), AuditLog.Outcome.SUCCESS, Map.of("lang", lang));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename(notice.number() + "-" + lang + ".pdf").build().toString())
                .contentType(MediaType.APPLICATION_PDF).body(bytes);
    }

    /** Payment and appeal outcomes: paid, appealed, upheld, cancelled, closed. Idempotent by reference. */
    @PostMapping("/api/v1/notices/{id}/events")
    Notice event(@PathVariable long id, @RequestBody NoticeEvent event, @AuthenticationPrincipal UserPrincipal user) {
        List<FieldProblem> errors = new ArrayList<>();
        if (event.type() == null || ViolationState.NOTICE_OUTCOMES.stream().noneMatch(s -> s.code().equals(event.type()))) {
            errors.add(new FieldProblem("type", "must be paid, appealed, upheld, cancelled or closed"));
        }
        SafeText.require("reference", event.reference(), 120, errors);
        Instant at = null;
        if (event.occurredAt() == null) {
            errors.add(new FieldProblem("occurredAt", "is required"));
        } else {
            try {
                at = OffsetDateTime.parse(event.occurredAt(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
                if (at.isAfter(Instant.now().plusSeconds(300))) {
                    errors.add(new FieldProblem("occurredAt", "is in the future"));
                }
            } catch (DateTimeParseException e) {
                errors.add(new FieldProblem("occurredAt", "must be an RFC 3339 timestamp with offset"));
            }
        }
        if (event.amountSom() != null && event.amountSom() < 0) {
            errors.add(new FieldProblem("amountSom", "must not be negative"));
        }
        if (ViolationState.PAID.code().equals(event.type()) && event.amountSom() == null) {
            errors.add(new FieldProblem("amountSom", "is required for a payment"));
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        return book.recordEvent(id, event.type(), event.reference(), at, event.amountSom(), user.scope());
    }
}
