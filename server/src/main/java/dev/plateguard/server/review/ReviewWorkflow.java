package dev.plateguard.server.review;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.review.ReviewQueue.Correction;
import dev.plateguard.server.review.ReviewQueue.QueueItem;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.violations.RegistryRules;
import dev.plateguard.server.violations.ViolationLedger;
import dev.plateguard.server.violations.ViolationState;

/**
 * What operators do with review items: claim one, hand it back, confirm or reject it, correct its plate. Every
 * transition goes through the {@link ViolationLedger} (which writes its {@code violation_event} row) with an audit
 * entry in the same transaction; refused attempts are audited as failures. The queue itself, and the transitions
 * nobody acts for (queueing, expiry), are {@link ReviewQueue}.
 *
 * <p>A claim is a lock held on the violation row ({@code claimed_by}, {@code claimed_until}); confirm, reject and
 * correct-plate need a live claim of the caller. "Next" picks the oldest unclaimed item with
 * {@code FOR UPDATE SKIP LOCKED}, so concurrent operators are handed different items. Claims and decisions stay
 * in one class: they share the row lock, the claim checks and the failure audit.
 *
 * <p>The acting operator is passed in by the caller (the controllers and pages take it from the request's
 * authentication); null means nobody signed in, and is refused.
 */
@Service
public class ReviewWorkflow {

    private static final int NOTE_MAX = 1000;

    /** The outcome of a decision; {@code qc} is why it went to quality control ({@code sample}, {@code reason}) or null. */
    public record Decision(long violationId, long decisionId, String state, String reasonCode, String note,
                           String operator, String qc) {
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
    private final ReviewQueue queue;

    ReviewWorkflow(JdbcClient jdbc, PlatformTransactionManager transactions, AuditLog audit, ReviewSettings settings,
                   QualityControl qc, RegistryRules registry, ViolationLedger ledger, ReviewQueue queue) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.audit = audit;
        this.settings = settings;
        this.qc = qc;
        this.registry = registry;
        this.ledger = ledger;
        this.queue = queue;
    }

    // ---- claims -------------------------------------------------------------------------------------------------

    /** Claims one item for the caller: refused while another operator's claim is live; an expired one is taken over. */
    public QueueItem claim(long violationId, UserPrincipal operator) {
        String me = username(operator);
        Map<String, Object> details = new LinkedHashMap<>();
        return audited("review.claim", violationId, details, () -> {
            Locked v = lock(violationId, operator.scope());
            if (v.state() == ViolationState.DETECTED && !v.overdue()) {
                queue.enqueue(v.id());
                v = lock(violationId, operator.scope());
            }
            requireReviewable(v, "claim");
            if (v.claimActive() && !me.equals(v.claimedBy())) {
                throw Refusal.conflict("violation " + violationId + " is claimed by another operator");
            }
            if (v.claimedBy() != null && !me.equals(v.claimedBy())) {
                details.put("tookOverFrom", v.claimedBy());
            }
            details.put("until", takeClaim(violationId, me).toString());
            audit.record("review.claim", "violation:" + violationId, AuditLog.Outcome.SUCCESS, details);
            return queue.item(violationId, operator.scope()).orElseThrow();
        });
    }

    /**
     * Claims the oldest unclaimed (or expired-claim) pending item of the region for the caller, handing back
     * any other item the caller holds. Empty when there is nothing to review.
     */
    public Optional<QueueItem> next(String region, UserPrincipal operator) {
        String me = username(operator);
        Map<String, Object> details = new LinkedHashMap<>();
        if (region != null) {
            details.put("region", region);
        }
        // A free row can be locked for a moment by another transaction (a claim in progress, another request
        // queueing detected rows); SKIP LOCKED passes over it. When nothing was found but free or not yet queued
        // rows exist, try again briefly.
        for (int attempt = 0; ; attempt++) {
            queue.enqueueDetected();
            boolean handBack = attempt == 0;
            Optional<QueueItem> claimed = tx.execute(status -> claimNext(region, operator.scope(), me, handBack, details));
            if (claimed != null && claimed.isPresent()) {
                return claimed;
            }
            if (attempt >= 5 || !freeItems(region, operator.scope())) {
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

    private Optional<QueueItem> claimNext(String region, Scope scope, String me, boolean handBack, Map<String, Object> details) {
        Long[] skipped = handBack ? ledger.releaseClaimsOf(me).toArray(Long[]::new) : new Long[0];
        if (skipped.length > 0) {
            details.put("handedBack", List.of(skipped));
        }
        StringBuilder sql = new StringBuilder("""
                select v.id from violation v join site s on s.id = v.site_id
                where v.state = 'pending_review' and v.review_deadline > now()
                  and (v.claimed_by is null or v.claimed_until <= now())""");
        List<Object> params = ReviewQueue.inRegion(sql, region, scope);
        // what the caller just handed back comes last: "next" skips it unless nothing else is left
        sql.append(" order by v.id = any(?), v.occurred_at, v.id limit 1 for update of v skip locked");
        params.add(skipped);
        Optional<Long> id = jdbc.sql(sql.toString()).params(params).query(Long.class).optional();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        details.put("until", takeClaim(id.get(), me).toString());
        audit.record("review.next", "violation:" + id.get(), AuditLog.Outcome.SUCCESS, details);
        return queue.item(id.get(), scope);
    }

    private boolean freeItems(String region, Scope scope) {
        StringBuilder sql = new StringBuilder("""
                select exists (select 1 from violation v join site s on s.id = v.site_id
                where v.state in ('detected', 'pending_review') and v.review_deadline > now()
                  and (v.claimed_by is null or v.claimed_until <= now())""");
        List<Object> params = ReviewQueue.inRegion(sql, region, scope);
        sql.append(")");
        return jdbc.sql(sql.toString()).params(params).query(Boolean.class).single();
    }

    /** Gives a claim back before it times out. Only its holder can. */
    public QueueItem release(long violationId, UserPrincipal operator) {
        String me = username(operator);
        return audited("review.release", violationId, new LinkedHashMap<>(), () -> {
            Locked v = lock(violationId, operator.scope());
            requireClaim(v, me);
            ledger.releaseClaim(violationId);
            audit.record("review.release", "violation:" + violationId, AuditLog.Outcome.SUCCESS);
            return queue.item(violationId, operator.scope()).orElseThrow();
        });
    }

    // ---- decisions ----------------------------------------------------------------------------------------------

    public Decision confirm(long violationId, UserPrincipal operator) {
        return decide(violationId, operator, "confirm", null, null);
    }

    /** Rejects with a reason code (400 when missing or unknown); {@code OTHER} needs a note. */
    public Decision reject(long violationId, String reason, String note, UserPrincipal operator) {
        if (reason == null || reason.isBlank()) {
            throw Refusal.invalid("reason", "a reason code is required: one of " + RejectReason.CODES);
        }
        if (!RejectReason.CODES.contains(reason)) {
            throw Refusal.invalid("reason", "must be one of " + RejectReason.CODES);
        }
        String cleanNote = note == null || note.isBlank() ? null : note.strip();
        if (RejectReason.valueOf(reason).needsNote() && cleanNote == null) {
            throw Refusal.invalid("note", "reason OTHER needs a note");
        }
        return decide(violationId, operator, "reject", RejectReason.valueOf(reason), cleanNote);
    }

    private Decision decide(long violationId, UserPrincipal operator, String decision, RejectReason reason,
                            String note) {
        if (note != null && note.length() > NOTE_MAX) {
            throw Refusal.invalid("note", "at most " + NOTE_MAX + " characters");
        }
        String me = username(operator);
        ViolationState to = decision.equals("confirm") ? ViolationState.CONFIRMED : ViolationState.REJECTED;
        Map<String, Object> details = new LinkedHashMap<>();
        if (reason != null) {
            details.put("reason", reason.name());
        }
        return audited("review." + decision, violationId, details, () -> {
            Locked v = lock(violationId, operator.scope());
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
    public Correction correctPlate(long violationId, String plate, UserPrincipal operator) {
        if (plate == null || plate.isBlank()) {
            throw Refusal.invalid("plate", "required");
        }
        String normalized;
        try {
            normalized = PlateText.normalize(plate);
        } catch (InvalidPlateTextException e) {
            throw Refusal.invalid("plate", e.getMessage());
        }
        String me = username(operator);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("plate", normalized);
        return audited("review.correct-plate", violationId, details, () -> {
            Locked v = lock(violationId, operator.scope());
            requireReviewable(v, "correct");
            requireClaim(v, me);
            if (normalized.equals(v.plate())) {
                throw Refusal.invalid("plate", "is the plate the violation already has");
            }
            Correction c = jdbc.sql("""
                    insert into plate_correction (violation_id, read_id, original_plate, corrected_plate, operator)
                    values (?, ?, ?, ?, ?) returning *""")
                    .params(violationId, v.readId(), v.plate(), normalized, me)
                    .query(ReviewQueue::correction).single();
            ledger.correctPlate(violationId, ViolationState.PENDING_REVIEW, normalized, me,
                    Map.of("correctionId", c.id(), "from", v.plate(), "to", normalized));
            registry.recheckCorrected(v.readId(), normalized); // a corrected plate gets a new registry check
            details.put("from", v.plate());
            details.put("correctionId", c.id());
            audit.record("review.correct-plate", "violation:" + violationId, AuditLog.Outcome.SUCCESS, details);
            return c;
        });
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** The operator's name; the API and web chains admit only people to review routes. */
    static String username(UserPrincipal operator) {
        if (operator == null) {
            throw Refusal.forbidden("only a signed-in person can review");
        }
        return operator.username();
    }

    /** Runs {@code work} in a transaction; a refusal rolls it back and is audited as a failure afterwards. */
    private <T> T audited(String action, long violationId, Map<String, Object> details, Supplier<T> work) {
        try {
            return tx.execute(status -> work.get());
        } catch (Refusal e) {
            Map<String, Object> failed = new LinkedHashMap<>(details);
            failed.put("refusal", e.type());
            failed.put("problem", e.getMessage());
            failed.values().removeIf(Objects::isNull);
            audit.record(action, "violation:" + violationId, AuditLog.Outcome.FAILURE, failed);
            throw e;
        }
    }

    /** Locks a violation in the operator's scope; one outside it is "not found", like one that does not exist. */
    private Locked lock(long id, Scope scope) {
        List<Object> params = new ArrayList<>(List.of(id));
        params.addAll(scope.sqlParams());
        return jdbc.sql("""
                select id, state, plate, read_id, claimed_by, coalesce(claimed_until > now(), false) as active,
                       review_deadline <= now() as overdue
                from violation where id = ? and """ + scope.sitePredicate("site_id") + " for update")
                .params(params)
                .query((rs, n) -> new Locked(rs.getLong("id"), ViolationState.of(rs.getString("state")), rs.getString("plate"),
                        rs.getLong("read_id"), rs.getString("claimed_by"), rs.getBoolean("active"),
                        rs.getBoolean("overdue")))
                .optional().orElseThrow(() -> Refusal.notFound("no violation " + id));
    }

    private static void requireReviewable(Locked v, String action) {
        if (v.state() != ViolationState.PENDING_REVIEW) {
            throw Refusal.conflict("violation " + v.id() + " is " + v.state().code() + ": cannot " + action
                    + " (only " + ViolationState.PENDING_REVIEW.code() + ")");
        }
        if (v.overdue()) {
            throw Refusal.conflict("the review deadline of violation " + v.id() + " has passed");
        }
    }

    private static void requireClaim(Locked v, String me) {
        if (!me.equals(v.claimedBy()) || !v.claimActive()) {
            throw Refusal.conflict("you do not hold the claim on violation " + v.id()
                    + " (claim it first; a claim times out)");
        }
    }

    private Instant takeClaim(long id, String me) {
        return ledger.claim(id, me, settings.lockTimeout());
    }
}
