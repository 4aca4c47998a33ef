package dev.plateguard.server.hotlists;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/**
 * Hotlists over the API (docs/alerts.md): SUPERVISOR and INVESTIGATOR create and manage lists; OPERATOR sees shared
 * lists; AUDITOR sees every list, covert ones included. Who may change which list is {@link Hotlists}' business.
 */
@RestController
class HotlistController {

    private final Hotlists hotlists;
    private final HotlistSettings settings;

    HotlistController(Hotlists hotlists, HotlistSettings settings) {
        this.hotlists = hotlists;
        this.settings = settings;
    }

    /** Body of a new list. */
    record NewList(String name, Boolean covert) {
    }

    @Operation(summary = "Create a hotlist (SUPERVISOR, INVESTIGATOR)",
            description = "Body: {\"name\" (1-100 characters, unique), \"covert\" (true: seen only by its owner and by "
                    + "auditors)}. Answers the list with its \"id\"; the caller owns it. Audited. 400 invalid, 409 name taken.")
    @PostMapping("/api/v1/hotlists")
    @ResponseStatus(HttpStatus.CREATED)
    Hotlists.Hotlist create(@RequestBody NewList body, @AuthenticationPrincipal UserPrincipal me) {
        return hotlists.create(me, body.name(), body.covert());
    }

    @Operation(summary = "Hotlists the caller may see (OPERATOR, SUPERVISOR, INVESTIGATOR, AUDITOR)",
            description = "Shared lists, and covert lists the caller owns (AUDITOR: every list), with the number of "
                    + "active entries and whether the caller may change them.")
    @GetMapping("/api/v1/hotlists")
    Map<String, List<Hotlists.Hotlist>> lists(@AuthenticationPrincipal UserPrincipal me) {
        return Map.of("items", hotlists.lists(me));
    }

    @Operation(summary = "One hotlist (OPERATOR, SUPERVISOR, INVESTIGATOR, AUDITOR)",
            description = "404 for a list that does not exist, was removed, or is covert and not the caller's.")
    @GetMapping("/api/v1/hotlists/{id}")
    Hotlists.Hotlist get(@PathVariable long id, @AuthenticationPrincipal UserPrincipal me) {
        return hotlists.get(me, id);
    }

    @Operation(summary = "Remove a hotlist (its owner; a SUPERVISOR for a shared list)",
            description = "Its entries stop matching at once; the alerts it raised stay. Audited. 403 not allowed to "
                    + "change it, 404 not found.")
    @DeleteMapping("/api/v1/hotlists/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable long id, @AuthenticationPrincipal UserPrincipal me) {
        hotlists.remove(me, id);
    }

    @Operation(summary = "A page of a hotlist's entries (OPERATOR, SUPERVISOR, INVESTIGATOR, AUDITOR; audited)",
            description = "Oldest first; after: the next page's start (the answer's \"next\"), limit 1-500. Expired "
                    + "entries are listed with \"active\": false.")
    @GetMapping("/api/v1/hotlists/{id}/entries")
    Hotlists.EntryPage entries(@PathVariable long id, @RequestParam(required = false) Long after,
                               @RequestParam(defaultValue = "100") int limit, @AuthenticationPrincipal UserPrincipal me) {
        return hotlists.entries(me, id, after, limit);
    }

    @Operation(summary = "Add an entry to a hotlist (its owner; a SUPERVISOR for a shared list)",
            description = "Body: {\"pattern\", \"match\": EXACT (default) | WILDCARD (? one character, * any run; at "
                    + "least plateguard.hotlists.min-fixed fixed characters) | LOOKALIKE (confusable characters folded, "
                    + "then one edit apart), \"priority\": 1 (most urgent) to 10 (default 5), \"reason\": STOLEN | WANTED | "
                    + "MISSING | INVESTIGATION | UNPAID_FINES | UNINSURED | OTHER, \"note\" (optional), \"expiresAt\" "
                    + "(RFC 3339, or a date: the end of that day in Tashkent; default plateguard.hotlists.default-validity "
                    + "from now)}. Matches from the next read on. Audited. 400 invalid (errors name the fields), 403 not "
                    + "allowed, 404 no such list, 409 the list already has this entry.")
    @PostMapping("/api/v1/hotlists/{id}/entries")
    @ResponseStatus(HttpStatus.CREATED)
    Hotlists.Entry add(@PathVariable long id, @RequestBody Hotlists.Draft body, @AuthenticationPrincipal UserPrincipal me) {
        return hotlists.add(me, id, body);
    }

    @Operation(summary = "Remove an entry (its list's owner; a SUPERVISOR for a shared list)",
            description = "It stops matching at once; alerts it raised stay. Audited.")
    @DeleteMapping("/api/v1/hotlists/{id}/entries/{entryId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void removeEntry(@PathVariable long id, @PathVariable long entryId, @AuthenticationPrincipal UserPrincipal me) {
        hotlists.removeEntry(me, id, entryId);
    }

    @Operation(summary = "Import entries from CSV, all rows or none (the list's owner; a SUPERVISOR for a shared list)",
            description = "text/csv, UTF-8. Header: pattern and reason required; match, priority, expires_at, note "
                    + "optional; any order. Each row is checked as one entry; a bad row, a repeated row or an entry the "
                    + "list already has refuses the whole file (400, with \"rows\" and per-field \"errors\" named "
                    + "rows[N].field). Larger than plateguard.hotlists.max-import-bytes or -rows: 413. Answers "
                    + "{\"imported\"}. Audited. See docs/alerts.md.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = "text/csv", schema = @Schema(type = "string",
                    example = "pattern,match,priority,reason,expires_at,note\n01A123BC,EXACT,1,STOLEN,2027-03-31,\n"))))
    @PostMapping("/api/v1/hotlists/{id}/import")
    Map<String, Integer> importCsv(@PathVariable long id, HttpServletRequest request,
                                   @AuthenticationPrincipal UserPrincipal me) throws IOException {
        requireCsv(request.getContentType());
        long max = settings.maxImportBytes().toBytes();
        if (request.getContentLengthLong() > max) {
            throw Refusal.tooLarge("the file is larger than " + max + " bytes; split it into several imports");
        }
        return Map.of("imported", hotlists.importCsv(me, id, request.getInputStream()));
    }

    private static void requireCsv(String header) {
        MediaType type;
        try {
            type = header == null ? null : MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        if (type == null || !MediaType.parseMediaType("text/csv").equalsTypeAndSubtype(type)) {
            throw Refusal.unsupportedMedia("Content-Type", "must be text/csv");
        }
        String charset = type.getParameter("charset");
        if (charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")) {
            throw Refusal.unsupportedMedia("Content-Type", "charset must be UTF-8");
        }
    }
}
