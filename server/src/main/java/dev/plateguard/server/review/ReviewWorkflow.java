package dev.plateguard.server.review;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.violations.RegistryRules;
import dev.plateguard.server.violations.ViolationLedger;
import dev.plateguard.server.violations.ViolationState;

/**
 * The review state machine: detected → pending_review → confirmed | rejected, and expired when the review
 * deadline passes first. Every transition goes through the {@link ViolationLedger} (which writes its
 * {@code violation_event} row) with an audit entry in the same transaction; refused attempts are audited as failures.
 *
 * <p>Detected violations are queued (moved to pending_review, actor {@code system}) by the scheduled job and at
 * the start of every queue, next and claim request, so a new violation is reviewable at once.
 *
 * <p>A claim is a lock held on the violation row ({@code claimed_by}, {@code claimed_until}); confirm, reject and
 * correct-plate need a live claim of the caller. "Next" picks the oldest unclaimed item with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent operators are handed different items.
 */
@Service
public class ReviewWorkflow {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int NOTE_MAX = 1000;

    /** An item of the review queue. {@code secondsLeft} is the time before its review deadline. */
    public record QueueItem(long violationId, String state, String offenceType, String plate, long siteId,
                            String siteName, String region, Instant occurredAt, Instant reviewDeadline, long secondsLeft,
                            String claimedBy, Instant claimedUntil, JsonNode measured) {

        /** Time left as h:mm, for pages. */
        public String timeLeft() {
            return String.format("%d:%02d", secondsLeft / 3600, (secondsLeft % 3600) / 60);
        }
    }

    /** The outcome of a decision; {@code qc} is why it went to quality control ({@code sample}, {@code reason}) or null. */
    public record Decision(long violationId, long decisionId, String state, String reasonCode, String note,
                           String operator, String qc) {
    }

    public record Correction(long id, long violationId, long readId, String originalPlate, String correctedPlate,
                             String operator, Instant createdAt) {
    }

    private record Locked(long id, ViolationState state, String plate, long readId, String claimedBy, boolean claimActive,
                          boolean overdue) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final ReviewSettings settings;
    private final QualityControl qc;
    private final RegistryRules registry;
    private final ViolationLedger ledger;

    ReviewWorkflow(JdbcClient jdbc, PlatformTransactionManager transactions, AuditLog audit, ReviewSettings settings,
                   QualityControl qc, RegistryRules registry, ViolationLedger ledger) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.audit = audit;
        this.settings = settings;
        this.qc = qc;
        this.registry = registry;
        this.ledger = ledger;
    }

    // ---- system transitions -----------------------------------------------------------------------------------

    /** Moves every detected violation whose deadline has not passed to pending_review. Answers how many. */
    public int enqueueDetected() {
        Integer moved = tx.execute(status -> {
            List<Long> ids = ledger.queueDetectedForReview();
            for (long id : ids) {
                audit.recordSystem("review.enqueue", "violation:" + id, AuditLog.Outcome.SUCCESS,
                        Map.of("from", ViolationState.DETECTED.code(), "to", ViolationState.PENDING_REVIEW.code()));
            }
            return ids.size();
        });
        return moved == null ? 0 : moved;
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

    // ---- queue --------------------------------------------------------------------------------------------------

    /** Pending items of a region (all regions when null), oldest offence first. */
    public List<QueueItem> queue(String region, int limit) {
        enqueueDetected();
        StringBuilder sql = new StringBuilder(ITEM_SELECT)
                .append(" where v.state = 'pending_review' and v.review_deadline > now()");
        List<Object> params = new ArrayList<>();
        if (region != null) {
            sql.append(" and s.region = ?");
            params.add(region);
        }
        sql.append(" order by v.occurred_at, v.id limit ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params).query(ReviewWorkflow::item).list();
    }

    /** Regions with their number of pending items (including regions with none). */
    public Map<String, Long> regions() {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.sql("""
                select s.region, count(v.id) from site s
                left join violation v on v.site_id = s.id and v.state = 'pending_review' and v.review_deadline > now()
                group by s.region order by s.region""")
                .query((ResultSet rs) -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    public Optional<QueueItem> item(long violationId) {
        return jdbc.sql(ITEM_SELECT + " where v.id = ?").param(violationId).query(ReviewWorkflow::item).optional();
    }

    /** The pending item this user holds a live claim on, if any (the newest claim). */
    public Optional<QueueItem> held(String username) {
        return jdbc.sql(ITEM_SELECT + """
                 where v.claimed_by = ? and v.claimed_until > now() and v.state = 'pending_review'
                order by v.claimed_at desc, v.id desc limit 1""")
                .param(username).query(ReviewWorkflow::item).optional();
    }

    /** An earlier (or later) violation of the same plate, for the evidence view. */
    public record OtherViolation(long id, String offenceType, String state, Instant occurredAt, String siteName) {
    }

    /** Other violations of this plate, newest first. */
    public List<OtherViolation> samePlate(String plate, long excludeId, int limit) {
        return jdbc.sql("""
                select v.id, v.offence_type, v.state, v.occurred_at, s.name from violation v join site s on s.id = v.site_id
                where v.plate = ? and v.id <> ? order by v.occurred_at desc, v.id desc limit ?""")
                .params(plate, excludeId, limit)
                .query((rs, n) -> new OtherViolation(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5)))
                .list();
    }

    // ---- claims -------------------------------------------------------------------------------------------------

    /** Claims one item for the caller: refused while another operator's claim is live; an expired one is taken over. */
    public QueueItem claim(long violationId) {
        String me = me().username();
        Map<String, Object> details = new LinkedHashMap<>();
        return audited("review.claim", violationId, details, () -> {
            Locked v = lock(violationId);
            if (v.state() == ViolationState.DETECTED && !v.overdue()) {
                promote(v.id());
                v = lock(violationId);
            }
            requireReviewable(v, "claim");
            if (v.claimActive() && !me.equals(v.claimedBy())) {
                throw ApiProblem.conflict("violation " + violationId + " is claimed by another operator");
            }
            if (v.claimedBy() != null && !me.equals(v.claimedBy())) {
                details.put("tookOverFrom", v.claimedBy());
            }
            details.put("until", takeClaim(violationId, me).toString());
            audit.record("review.claim", "violation:" + violationId, AuditLog.Outcome.SUCCESS, details);
            return item(violationId).orElseThrow();
        });
    }

    /**
     * Claims the oldest unclaimed (or expired-claim) pending item of the region for the caller, handing back
     * any other item the caller holds. Empty when there is nothing to review.
     */
    public Optional<QueueItem> next(String region) {
        String me = me().username();
        Map<String, Object> details = new LinkedHashMap<>();
        if (region != null) {
            details.put("region", region);
        }
        // A free row can be locked for a moment by another transaction (a claim in progress, another request
        // queueing detected rows); SKIP LOCKED passes over it. When nothing was found but free or not yet queued
        // rows exist, try again briefly.
        for (int attempt = 0; ; attempt++) {
            enqueueDetected();
            boolean handBack = attempt == 0;
            Optional<QueueItem> claimed = tx.execute(status -> claimNext(region, me, handBack, details));
            if (claimed != null && claimed.isPresent()) {
                return claimed;
            }
            if (attempt >= 5 || !freeItems(region)) {
                details.put("results", 0);
                audit.record("review.next", "review-queue", AuditLog.Outcome.SUCCESS, details);
                return Optional.empty();
            }
            try {
                Thread.sleep(10L * (attempt + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private Optional<QueueItem> claimNext(String region, String me, boolean handBack, Map<String, Object> details) {
        Long[] skipped = handBack ? ledger.releaseClaimsOf(me).toArray(Long[]::new) : new Long[0];
        if (skipped.length > 0) {
            details.put("handedBack", List.of(skipped));
        }
        StringBuilder sql = new StringBuilder("""
                select v.id from violation v join site s on s.id = v.site_id
                where v.state = 'pending_review' and v.review_deadline > now()
                  and (v.claimed_by is null or v.claimed_until <= now())""");
        List<Object> params = new ArrayList<>();
        if (region != null) {
            sql.append(" and s.region = ?");
            params.add(region);
        }
        // what the caller just handed back comes last: "next" skips it unless nothing else is left
        sql.append(" order by v.id = any(?), v.occurred_at, v.id limit 1 for update of v skip locked");
        params.add(skipped);
        Optional<Long> id = jdbc.sql(sql.toString()).params(params).query(Long.class).optional();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        details.put("until", takeClaim(id.get(), me).toString());
        audit.record("review.next", "violation:" + id.get(), AuditLog.Outcome.SUCCESS, details);
        return item(id.get());
    }

    private boolean freeItems(String region) {
        StringBuilder sql = new StringBuilder("""
                select exists (select 1 from violation v join site s on s.id = v.site_id
                where v.state in ('detected', 'pending_review') and v.review_deadline > now()
                  and (v.claimed_by is null or v.claimed_until <= now())""");
        List<Object> params = new ArrayList<>();
        if (region != null) {
            sql.append(" and s.region = ?");
            params.add(region);
        }
        sql.append(")");
        return jdbc.sql(sql.toString()).params(params).query(Boolean.class).single();
    }

    /** Gives a claim back before it times out. Only its holder can. */
    public QueueItem release(long violationId) {
        String me = me().username();
        return audited("review.release", violationId, new LinkedHashMap<>(), () -> {
            Locked v = lock(violationId);
            requireClaim(v, me);
            ledger.releaseClaim(violationId);
            audit.record("review.release", "violation:" + violationId, AuditLog.Outcome.SUCCESS);
            return item(violationId).orElseThrow();
        });
    }

    // ---- decisions ----------------------------------------------------------------------------------------------

    public Decision confirm(long violationId) {
        return decide(violationId, "confirm", null, null);
    }

    /** Rejects with a reason code (400 when missing or unknown); {@code OTHER} needs a note. */
    public Decision reject(long violationId, String reason, String note) {
        if (reason == null || reason.isBlank()) {
            throw ApiProblem.invalid("reason", "a reason code is required: one of " + RejectReason.CODES);
        }
        if (!RejectReason.CODES.contains(reason)) {
            throw ApiProblem.invalid("reason", "must be one of " + RejectReason.CODES);
        }
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        if (RejectReason.valueOf(reason).needsNote() && cleanNote == null) {
            throw ApiProblem.invalid("note", "reason OTHER needs a note");
        }
        return decide(violationId, "reject", RejectReason.valueOf(reason), cleanNote);
    }

    private Decision decide(long violationId, String decision, RejectReason reason, String note) {
        if (note != null && note.length() > NOTE_MAX) {
            throw ApiProblem.invalid("note", "at most " + NOTE_MAX + " characters");
        }
        String me = me().username();
        ViolationState to = decision.equals("confirm") ? ViolationState.CONFIRMED : ViolationState.REJECTED;
        Map<String, Object> details = new LinkedHashMap<>();
        if (reason != null) {
            details.put("reason", reason.name());
        }
        return audited("review." + decision, violationId, details, () -> {
            Locked v = lock(violationId);
            requireReviewable(v, decision);
            requireClaim(v, me);
            long decisionId = jdbc.sql("""
                    insert into review_decision (violation_id, decision, reason_code, note, operator)
                    values (?, ?, ?, ?, ?) returning id""")
                    .params(violationId, decision, reason == null ? null : reason.name(), note, me)
                    .query(Long.class).single();
            Map<String, Object> eventDetails = new LinkedHashMap<>();
            eventDetails.put("decisionId", decisionId);
            if (note != null) {
                eventDetails.put("note", note);
            }
            ledger.transition(violationId, ViolationState.PENDING_REVIEW, to, me,
                    reason == null ? null : reason.name(), eventDetails);
            String trigger = qc.consider(decisionId, violationId, me, reason);
            details.put("from", ViolationState.PENDING_REVIEW.code());
            details.put("to", to.code());
            details.put("decisionId", decisionId);
            if (trigger != null) {
                details.put("qc", trigger);
            }
            audit.record("review." + decision, "violation:" + violationId, AuditLog.Outcome.SUCCESS, details);
            return new Decision(violationId, decisionId, to.code(), reason == null ? null : reason.name(), note, me, trigger);
        });
    }

    // ---- corrections --------------------------------------------------------------------------------------------

    /**
     * Records a corrected plate as a new record linked to the violation and its read; the violation shows the
     * corrected plate from now on, the read keeps what the camera sent.
     */
    public Correction correctPlate(long violationId, String plate) {
        if (plate == null || plate.isBlank()) {
            throw ApiProblem.invalid("plate", "required");
        }
        String normalized;
        try {
            normalized = PlateText.normalize(plate);
        } catch (InvalidPlateTextException e) {
            throw ApiProblem.invalid("plate", e.getMessage());
        }
        String me = me().username();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("plate", normalized);
        return audited("review.correct-plate", violationId, details, () -> {
            Locked v = lock(violationId);
            requireReviewable(v, "correct");
            requireClaim(v, me);
            if (normalized.equals(v.plate())) {
                throw ApiProblem.invalid("plate", "is the plate the violation already has");
            }
            Correction c = jdbc.sql("""
                    insert into plate_correction (violation_id, read_id, original_plate, corrected_plate, operator)
                    values (?, ?, ?, ?, ?) returning *""")
                    .params(violationId, v.readId(), v.plate(), normalized, me)
                    .query(ReviewWorkflow::correction).single();
            ledger.correctPlate(violationId, ViolationState.PENDING_REVIEW, normalized, me,
                    Map.of("correctionId", c.id(), "from", v.plate(), "to", normalized));
            registry.recheckCorrected(v.readId(), normalized); // a corrected plate gets a new registry check
            details.put("from", v.plate());
            details.put("correctionId", c.id());
            audit.record("review.correct-plate", "violation:" + violationId, AuditLog.Outcome.SUCCESS, details);
            return c;
        });
    }

    public List<Correction> corrections(long violationId) {
        return jdbc.sql("select * from plate_correction where violation_id = ? order by id").param(violationId)
                .query(ReviewWorkflow::correction).list();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** The signed-in person; the API and web chains admit only people to review routes. */
    static UserPrincipal me() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof UserPrincipal user) {
            return user;
        }
        throw ApiProblem.forbidden("only a signed-in person can review");
    }

    /** Runs {@code work} in a transaction; a refusal rolls it back and is audited as a failure afterwards. */
    private <T> T audited(String action, long violationId, Map<String, Object> details, Supplier<T> work) {
        try {
            return tx.execute(status -> work.get());
        } catch (ApiProblem e) {
            Map<String, Object> failed = new LinkedHashMap<>(details);
            failed.put("status", e.status().value());
            failed.put("problem", e.getMessage());
            failed.values().removeIf(Objects::isNull);
            audit.record(action, "violation:" + violationId, AuditLog.Outcome.FAILURE, failed);
            throw e;
        }
    }

    private Locked lock(long id) {
        return jdbc.sql("""
                select id, state, plate, read_id, claimed_by, coalesce(claimed_until > now(), false) as active,
                       review_deadline <= now() as overdue
                from violation where id = ? for update""")
                .param(id)
                .query((rs, n) -> new Locked(rs.getLong("id"), ViolationState.of(rs.getString("state")), rs.getString("plate"),
                        rs.getLong("read_id"), rs.getString("claimed_by"), rs.getBoolean("active"),
                        rs.getBoolean("overdue")))
                .optional().orElseThrow(() -> ApiProblem.notFound("no violation " + id));
    }

    private void promote(long id) {
        ledger.transition(id, ViolationState.DETECTED, ViolationState.PENDING_REVIEW, ViolationLedger.SYSTEM,
                "queued for review", null);
        audit.recordSystem("review.enqueue", "violation:" + id, AuditLog.Outcome.SUCCESS,
                Map.of("from", ViolationState.DETECTED.code(), "to", ViolationState.PENDING_REVIEW.code()));
    }

    private static void requireReviewable(Locked v, String action) {
        if (v.state() != ViolationState.PENDING_REVIEW) {
            throw ApiProblem.conflict("violation " + v.id() + " is " + v.state().code() + ": cannot " + action
                    + " (only " + ViolationState.PENDING_REVIEW.code() + ")");
        }
        if (v.overdue()) {
            throw ApiProblem.conflict("the review deadline of violation " + v.id() + " has passed");
        }
    }

    private static void requireClaim(Locked v, String me) {
        if (!me.equals(v.claimedBy()) || !v.claimActive()) {
            throw ApiProblem.conflict("you do not hold the claim on violation " + v.id()
                    + " (claim it first; a claim times out)");
        }
    }

    private Instant takeClaim(long id, String me) {
        return ledger.claim(id, me, settings.lockTimeout());
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

    private static Correction correction(ResultSet rs, int n) throws SQLException {
        return new Correction(rs.getLong("id"), rs.getLong("violation_id"), rs.getLong("read_id"),
                rs.getString("original_plate"), rs.getString("corrected_plate"), rs.getString("operator"),
                rs.getTimestamp("created_at").toInstant());
    }
}
