package dev.plateguard.server.alerts;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/**
 * Alerts as people reach them through the API and the pages: what they may see ({@link AlertQueries}), every look
 * audited with the ids shown ({@code alerts.list}, {@code alerts.view}), and what they do with one ({@link AlertBook}).
 */
@Service
class AlertAccess {

    static final int PAGE_MAX = 500;

    /** One page, newest first; {@code next} is the {@code before} of the next page, or null. */
    record Page(List<Alert> items, Long next) {
    }

    /** One alert with every read it stands for. */
    record Detail(Alert alert, List<Long> reads) {
    }

    private final AlertQueries queries;
    private final AlertBook book;
    private final AlertStream stream;
    private final AuditLog audit;

    AlertAccess(AlertQueries queries, AlertBook book, AlertStream stream, AuditLog audit) {
        this.queries = queries;
        this.book = book;
        this.stream = stream;
        this.audit = audit;
    }

    Page list(UserPrincipal me, String state, Long hotlistId, Long before, int limit, String channel) {
        if (limit < 1 || limit > PAGE_MAX) {
            throw Refusal.invalid("limit", "must be 1-" + PAGE_MAX);
        }
        if (state != null && !AlertQueries.STATES.contains(state)) {
            throw Refusal.invalid("state", "must be one of " + AlertQueries.STATES);
        }
        List<Alert> items = queries.list(me, state, hotlistId, before, limit + 1);
        Long next = items.size() > limit ? items.get(limit - 1).id() : null;
        List<Alert> page = items.size() > limit ? items.subList(0, limit) : items;
        audit.record("alerts.list", "alerts", AuditLog.Outcome.SUCCESS, Map.of("channel", channel,
                "count", page.size(), "ids", page.stream().map(Alert::id).toList()));
        return new Page(page, next);
    }

    Detail get(UserPrincipal me, long id, String channel) {
        Alert alert = queries.get(me, id).orElseThrow(() -> Refusal.notFound("no alert " + id));
        List<Long> reads = queries.reads(id);
        audit.record("alerts.view", "alert:" + id, AuditLog.Outcome.SUCCESS, Map.of("channel", channel, "reads", reads));
        return new Detail(alert, reads);
    }

    Alert act(UserPrincipal me, long id, AlertBook.Action action, String note) {
        Alert alert = book.act(me, id, action, note);
        stream.wake(); // committed: every open stream of this node shows the new state at once
        return alert;
    }
}
