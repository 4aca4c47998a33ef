package dev.plateguard.server.review;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.violations.ViolationLedger;
import dev.plateguard.server.violations.ViolationState;

/**
 * The review queue: what is waiting for review, per region, and the items operators look at. Violations join
 * it and leave it without anyone acting (the system transitions detected → pending_review, and → expired once
 * the review deadline passes), through the {@link ViolationLedger} with an audit entry. What people do with an
 * item (claims, decisions, corrections) is {@link ReviewWorkflow}.
 */
@Service
public class ReviewQueue {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An item of the review queue. {@code secondsLeft} is the time before its review deadline. */
    public record QueueItem(long violationId, String state, String offenceType, String plate, long siteId,
                            String siteName, String region, Instant occurredAt, Instant reviewDeadline, long secondsLeft,
                            String claimedBy, Instant claimedUntil, JsonNode measured) {

    }

    /** A plate correction: a record of its own, linked to the violation and its read. */
    public record Correction(long id, long violationId, long readId, String originalPlate, String correctedPlate,
                             String operator, Instant createdAt) {
    }

    /** An earlier (or later) violation of the same plate, for the evidence view; {@code siteTimezone} shows its time. */
    public record OtherViolation(long id, String offenceType, String state, Instant occurredAt, String siteName,
                                 String siteTimezone) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final ViolationLedger ledger;

    ReviewQueue(JdbcClient jdbc, PlatformTransactionManager transactions, AuditLog audit, ViolationLedger ledger) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.audit = audit;
        this.ledger = ledger;
    }

    // ---- system transitions -----------------------------------------------------------------------------------

    /**
     * Moves every detected violation whose deadline has not passed to pending_review. Answers how many. Run by
     * the scheduled job and at the start of every queue, next and claim request, so a new violation is
     * reviewable at once.
     */
    public int enqueueDetected() {
        Integer moved = tx.execute(status -> {
            List<Long> ids = ledger.queueDetectedForReview();
            ids.forEach(this::recordEnqueued);
            return ids.size();
        });
        return moved == null ? 0 : moved;
    }

    /** Queues one detected violation, inside the caller's transaction (which holds its row lock). */
    void enqueue(long id) {
        ledger.transition(id, ViolationState.DETECTED, ViolationState.PENDING_REVIEW, ViolationLedger.SYSTEM,
                "queued for review", null);
        recordEnqueued(id);
    }

    private void recordEnqueued(long id) {
        audit.recordSystem("review.enqueue", "violation:" + id, AuditLog.Outcome.SUCCESS,
                Map.of("from", ViolationState.DETECTED.code(), "to", ViolationState.PENDING_REVIEW.code()));
    }

    /**
     * Expires every violation still unreviewed (detected, pending_review, incomplete_evidence) at or after its
     * review deadline, dropping any claim on it. Called by the scheduled job; public for tests and operations.
     */
    public int expireOverdue() {
        int total = 0;
        while (true) {
            Integer done = tx.execute(status -> {
                List<ViolationLedger.Expired> rows = ledger.expireOverdue(500);
                for (var row : rows) {
                    audit.recordSystem("review.expire", "violation:" + row.violationId(), AuditLog.Outcome.SUCCESS,
                            Map.of("from", row.from().code(), "to", ViolationState.EXPIRED.code()));
                }
                return rows.size();
            });
            if (done == null || done == 0) {
                return total;
            }
            total += done;
        }
    }

    // ---- queries ------------------------------------------------------------------------------------------------

    /** Pending items of a region (all regions when null), oldest offence first. */
    public List<QueueItem> queue(String region, Scope scope, int limit) {
        enqueueDetected();
        StringBuilder sql = new StringBuilder(ITEM_SELECT)
                .append(" where v.state = 'pending_review' and v.review_deadline > now()");
        List<Object> params = inRegion(sql, region, scope);
        sql.append(" order by v.occurred_at, v.id limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(ReviewQueue::item).list();
    }

    /** Regions with their number of pending items (including regions with none). */
    public Map<String, Long> regions(Scope scope) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.sql("""
                select s.region, count(v.id) from site s
                left join violation v on v.site_id = s.id and v.state = 'pending_review' and v.review_deadline > now()
                where """ + scope.sitePredicate("s.id") + " group by s.region order by s.region")
                .params(scope.sqlParams())
                .query((ResultSet rs) -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    /** One item in the scope; outside it, empty as for an id that does not exist. */
    public Optional<QueueItem> item(long violationId, Scope scope) {
        List<Object> params = new ArrayList<>(List.of(violationId));
        params.addAll(scope.sqlParams());
        return jdbc.sql(ITEM_SELECT + " where v.id = ? and " + scope.sitePredicate("v.site_id")).params(params)
                .query(ReviewQueue::item).optional();
    }

    /** The pending item this user holds a live claim on, if any (the newest claim). */
    public Optional<QueueItem> held(String username, Scope scope) {
        List<Object> params = new ArrayList<>(List.of(username));
        params.addAll(scope.sqlParams());
        return jdbc.sql(ITEM_SELECT + " where v.claimed_by = ? and v.claimed_until > now() and v.state = 'pending_review'"
                + " and " + scope.sitePredicate("v.site_id") + " order by v.claimed_at desc, v.id desc limit 1")
                .params(params).query(ReviewQueue::item).optional();
    }

    /** Other violations of this plate, newest first. */
    public List<OtherViolation> samePlate(String plate, long excludeId, Scope scope, int limit) {
        List<Object> params = new ArrayList<>(List.of(plate, excludeId));
        params.addAll(scope.sqlParams());
        params.add(limit);
        return jdbc.sql("""
                select v.id, v.offence_type, v.state, v.occurred_at, s.name, s.timezone from violation v join site s on s.id = v.site_id
                where v.plate = ? and v.id <> ? and """ + scope.sitePredicate("v.site_id")
                + " order by v.occurred_at desc, v.id desc limit ?")
                .params(params)
                .query((rs, n) -> new OtherViolation(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5), rs.getString(6)))
                .list();
    }

    public List<Correction> corrections(long violationId) {
        return jdbc.sql("select * from plate_correction where violation_id = ? order by id").param(violationId)
                .query(ReviewQueue::correction).list();
    }

    /**
     * The parameters of a query on violations {@code v} and sites {@code s}, narrowed to the scope and to a region
     * unless it is null.
     */
    static List<Object> inRegion(StringBuilder sql, String region, Scope scope) {
        List<Object> params = new ArrayList<>();
        if (region != null) {
            sql.append(" and s.region = ?");
            params.add(region);
        }
        sql.append(" and ").append(scope.sitePredicate("v.site_id"));
        params.addAll(scope.sqlParams());
        return params;
    }

    private static final String ITEM_SELECT = """
            select v.id, v.state, v.offence_type, v.plate, v.site_id, s.name as site_name, s.region, v.occurred_at,
                   v.review_deadline, v.measured::text as measured,
                   case when v.claimed_until > now() then v.claimed_by end as claimed_by,
                   case when v.claimed_until > now() then v.claimed_until end as claimed_until
            from violation v join site s on s.id = v.site_id""";

    private static QueueItem item(ResultSet rs, int n) throws SQLException {
        Instant deadline = rs.getTimestamp("review_deadline").toInstant();
        long left = Math.max(0, Duration.between(Instant.now(), deadline).toSeconds());
        var until = rs.getTimestamp("claimed_until");
        return new QueueItem(rs.getLong("id"), rs.getString("state"), rs.getString("offence_type"), rs.getString("plate"),
                rs.getLong("site_id"), rs.getString("site_name"), rs.getString("region"),
                rs.getTimestamp("occurred_at").toInstant(), deadline, left, rs.getString("claimed_by"),
                until == null ? null : until.toInstant(), JSON.readTree(rs.getString("measured")));
    }

    static Correction correction(ResultSet rs, int n) throws SQLException {
        return new Correction(rs.getLong("id"), rs.getLong("violation_id"), rs.getLong("read_id"),
                rs.getString("original_plate"), rs.getString("corrected_plate"), rs.getString("operator"),
                rs.getTimestamp("created_at").toInstant());
    }
}
