package dev.plateguard.server.alerts;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.plates.PlateText;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.hotlists.HotlistMatcher;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.outbound.Outbound;
import dev.plateguard.server.outbound.OutboundEvent;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.validation.SafeText;

/**
 * The one writer of {@code alert} and {@code alert_read}. Every write holds the alert lock ({@link AlertFeed#LOCK})
 * and moves the alert's {@code change_seq} on, and each alert raised, acknowledged or escalated is published to the
 * outbound channels in the same transaction ({@link Outbound}: stored, then delivered).
 *
 * <p>States: {@code new} → {@code acknowledged} (final), {@code new} → {@code escalated} → {@code acknowledged}
 * ({@link Action}).
 */
@Component
class AlertBook {

    static final int NOTE_MAX = 500;

    /** A hit to record: the read and the entry it hit (one per list: the most urgent entry of that list). */
    record Hit(AlertFeed.Sighting read, HotlistMatcher.Hit entry) {
    }

    private final JdbcClient jdbc;
    private final AlertFeed feed;
    private final Outbound outbound;
    private final AuditLog audit;
    private final AlertQueries queries;
    private final Duration window;

    AlertBook(JdbcClient jdbc, AlertFeed feed, Outbound outbound, AuditLog audit, AlertQueries queries,
              AlertSettings settings) {
        this.jdbc = jdbc;
        this.feed = feed;
        this.outbound = outbound;
        this.audit = audit;
        this.queries = queries;
        this.window = settings.groupWindow();
    }

    /** An open group: the latest alert of one list, look-alike plate and site. */
    private static final class Group {
        final long alertId;
        Instant last;

        Group(long alertId, Instant last) {
            this.alertId = alertId;
            this.last = last;
        }
    }

    /**
     * Records hits in read order, in the caller's transaction (the lock held): a hit within the grouping window of
     * the latest alert of its list, site and plate (by look-alike key: one car read as 01A123BC by one camera and
     * 01A123BO by the next is one vehicle) adds to that alert; any other raises a new one.
     *
     * @return how many alerts were raised
     */
    int record(List<Hit> hits) {
        if (hits.isEmpty()) {
            return 0;
        }
        Map<String, Group> groups = openGroups(hits);
        int raised = 0;
        for (Hit hit : hits) {
            AlertFeed.Sighting read = hit.read();
            String key = key(hit.entry().hotlistId(), read.plateFolded(), read.siteId());
            Group group = groups.get(key);
            if (group != null && Duration.between(group.last, read.capturedAt()).abs().compareTo(window) <= 0) {
                jdbc.sql("""
                        update alert set repeat_count = repeat_count + 1,
                               last_read_id = greatest(last_read_id, ?),
                               last_captured_at = greatest(last_captured_at, ?),
                               change_seq = nextval('alert_change_seq')
                        where id = ?""")
                        .params(read.readId(), Timestamp.from(read.capturedAt()), group.alertId).update();
                addRead(group.alertId, read.readId());
                if (read.capturedAt().isAfter(group.last)) {
                    group.last = read.capturedAt();
                }
                continue;
            }
            long id = raise(hit);
            groups.put(key, new Group(id, read.capturedAt()));
            raised++;
        }
        return raised;
    }

    private long raise(Hit hit) {
        AlertFeed.Sighting read = hit.read();
        HotlistMatcher.Hit entry = hit.entry();
        Map<String, Object> row = jdbc.sql("""
                insert into alert (hotlist_id, entry_id, read_id, last_read_id, plate, plate_folded, site_id, camera_id,
                                   captured_at, last_captured_at, priority, reason, thumbnail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                returning id, raised_at""")
                .params(entry.hotlistId(), entry.entryId(), read.readId(), read.readId(), read.plate(),
                        read.plateFolded(), read.siteId(),
                        read.cameraId(), Timestamp.from(read.capturedAt()), Timestamp.from(read.capturedAt()),
                        entry.priority(), entry.reason(), read.thumbnail())
                .query().singleRow();
        long id = ((Number) row.get("id")).longValue();
        addRead(id, read.readId());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("alertId", id);
        payload.put("plate", read.plate());
        payload.put("readId", read.readId());
        payload.put("hotlistId", entry.hotlistId());
        payload.put("entryId", entry.entryId());
        payload.put("match", entry.match());
        payload.put("priority", entry.priority());
        payload.put("reason", entry.reason());
        payload.put("siteId", read.siteId());
        payload.put("cameraId", read.cameraId());
        payload.put("capturedAt", read.capturedAt().toString());
        boolean covert = covert(entry.hotlistId());
        payload.put("covert", covert);
        Instant raisedAt = ((Timestamp) row.get("raised_at")).toInstant();
        outbound.publish(new OutboundEvent("alert.raised", "alert:" + id, raisedAt, payload, covert));
        return id;
    }

    private boolean covert(long hotlistId) {
        return jdbc.sql("select covert from hotlist where id = ?").param(hotlistId).query(Boolean.class).single();
    }

    private void addRead(long alertId, long readId) {
        jdbc.sql("insert into alert_read (alert_id, read_id) values (?, ?) on conflict do nothing")
                .params(alertId, readId).update();
    }

    /** For each list, look-alike plate and site among the hits: its latest alert, if one exists. */
    private Map<String, Group> openGroups(List<Hit> hits) {
        Long[] lists = hits.stream().map(h -> h.entry().hotlistId()).toArray(Long[]::new);
        String[] plates = hits.stream().map(h -> h.read().plateFolded()).toArray(String[]::new);
        Long[] sites = hits.stream().map(h -> h.read().siteId()).toArray(Long[]::new);
        Map<String, Group> groups = new HashMap<>();
        jdbc.sql("""
                select distinct on (a.hotlist_id, a.plate_folded, a.site_id) a.id, a.hotlist_id, a.plate_folded,
                       a.site_id, a.last_captured_at
                from alert a join unnest(?::bigint[], ?::text[], ?::bigint[]) as k(hotlist_id, plate, site_id)
                     on a.hotlist_id = k.hotlist_id and a.plate_folded = k.plate and a.site_id = k.site_id
                order by a.hotlist_id, a.plate_folded, a.site_id, a.last_captured_at desc""")
                .params(lists, plates, sites)
                .query((java.sql.ResultSet rs) -> {
                    groups.put(key(rs.getLong("hotlist_id"), rs.getString("plate_folded"), rs.getLong("site_id")),
                            new Group(rs.getLong("id"), rs.getTimestamp("last_captured_at").toInstant()));
                });
        return groups;
    }

    private static String key(long hotlistId, String plate, long siteId) {
        return hotlistId + "|" + plate + "|" + siteId;
    }

    /** What a person can do with an alert: the state it leads to, the columns it fills, the states it starts from. */
    enum Action {
        ACKNOWLEDGE("acknowledged", "acknowledged_by", "acknowledged_at", "acknowledge_note", List.of("new", "escalated")),
        ESCALATE("escalated", "escalated_by", "escalated_at", "escalate_note", List.of("new"));

        final String state;
        final String byColumn;
        final String atColumn;
        final String noteColumn;
        final List<String> from;

        Action(String state, String byColumn, String atColumn, String noteColumn, List<String> from) {
            this.state = state;
            this.byColumn = byColumn;
            this.atColumn = atColumn;
            this.noteColumn = noteColumn;
            this.from = from;
        }
    }

    /**
     * Acknowledges ({@code new} or {@code escalated}) or escalates ({@code new}) an alert that {@code me} may see, with
     * an optional note. Audited ({@code alert.acknowledge}, {@code alert.escalate}) and published
     * ({@code alert.acknowledged}, {@code alert.escalated}).
     */
    @Transactional
    Alert act(UserPrincipal me, long id, Action action, String note) {
        String text = note == null || note.isBlank() ? null : note.strip();
        List<FieldProblem> errors = new ArrayList<>();
        SafeText.check("note", text, NOTE_MAX, errors);
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        feed.lock();
        Alert alert = queries.get(me, id).orElseThrow(() -> Refusal.notFound("no alert " + id));
        if (!action.from.contains(alert.state())) {
            throw Refusal.conflict("alert " + id + " is " + alert.state() + " and cannot be " + action.state, "state",
                    alert.state());
        }
        Instant at = jdbc.sql("""
                update alert set state = ?, %s = ?, %s = now(), %s = ?, change_seq = nextval('alert_change_seq')
                where id = ? returning %s""".formatted(action.byColumn, action.atColumn, action.noteColumn, action.atColumn))
                .params(action.state, me.username(), text, id).query(Timestamp.class).single().toInstant();
        String verb = action.name().toLowerCase(java.util.Locale.ROOT);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("hotlist", alert.hotlistId());
        details.put("plate", PlateText.mask(alert.plate()));
        details.put("from", alert.state());
        if (text != null) {
            details.put("note", text);
        }
        audit.record("alert." + verb, "alert:" + id, AuditLog.Outcome.SUCCESS, details);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("alertId", id);
        payload.put("plate", alert.plate());
        payload.put("hotlistId", alert.hotlistId());
        payload.put("by", me.username());
        payload.put("note", text);
        payload.put("covert", alert.covert());
        outbound.publish(new OutboundEvent("alert." + action.state, "alert:" + id, at, payload, alert.covert()));
        return queries.get(me, id).orElseThrow();
    }
}
