package dev.plateguard.server.review;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/**
 * Supervisors' quality control of review decisions: a deterministic sample of all decisions
 * ({@link QcSampler}) plus every rejection with one of the configured reason codes goes to a QC queue; a
 * supervisor agrees or disagrees with each; agreement is reported per operator.
 */
@Service
public class QualityControl {

    /** An item of the QC queue with the decision under review. */
    public record Item(long id, long violationId, long decisionId, String operator, String decision, String reasonCode,
                       String note, Instant decidedAt, String trigger, Instant createdAt, String plate,
                       String offenceType, String supervisor, Boolean agree, String supervisorNote) {
    }

    /** Per-operator statistics: {@code agreement} = agreed / checked, null when nothing was checked yet. */
    public record OperatorStats(String operator, long decisions, long confirmed, long rejected, long checked,
                                long agreed, long disagreed, long pending, Double agreement) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final AuditLog audit;
    private final ReviewSettings settings;

    QualityControl(JdbcClient jdbc, PlatformTransactionManager transactions, AuditLog audit, ReviewSettings settings) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.audit = audit;
        this.settings = settings;
    }

    private volatile String installationSeed;

    /** Whether a decision on this violation falls in the QC sample under the current settings. */
    public boolean sampled(long violationId) {
        return QcSampler.sampled(violationId, seed(), settings.qcSampleRate());
    }

    /** The configured seed, or else this installation's random one (created on first use, then kept). */
    private String seed() {
        if (!settings.qcSeed().isBlank()) {
            return settings.qcSeed();
        }
        String seed = installationSeed;
        if (seed == null) {
            byte[] random = new byte[32];
            new java.security.SecureRandom().nextBytes(random);
            jdbc.sql("insert into review_qc_seed (id, seed) values (1, ?) on conflict (id) do nothing")
                    .param(java.util.HexFormat.of().formatHex(random)).update();
            seed = jdbc.sql("select seed from review_qc_seed where id = 1").query(String.class).single();
            installationSeed = seed;
        }
        return seed;
    }

    /**
     * Called inside the decision's transaction. Answers the trigger ({@code reason} before {@code sample}) when
     * the decision was queued for QC, or null.
     */
    String consider(long decisionId, long violationId, String operator, RejectReason reason) {
        String trigger = reason != null && settings.qcRejectReasons().contains(reason) ? "reason"
                : corrected(violationId) ? "correction"
                : sampled(violationId) ? "sample" : null;
        if (trigger != null) {
            jdbc.sql("insert into review_qc (decision_id, violation_id, operator, trigger) values (?, ?, ?, ?)")
                    .params(decisionId, violationId, operator, trigger).update();
        }
        return trigger;
    }

    /** A corrected plate is always checked by a second person, whatever the sample says. */
    private boolean corrected(long violationId) {
        return jdbc.sql("select exists (select 1 from plate_correction where violation_id = ?)").param(violationId)
                .query(Boolean.class).single();
    }

    private static final String ITEM_SELECT = """
            select q.id, q.violation_id, q.decision_id, q.operator, d.decision, d.reason_code, d.note, d.decided_at,
                   q.trigger, q.created_at, v.plate, v.offence_type, q.supervisor, q.agree, q.note as supervisor_note
            from review_qc q join review_decision d on d.id = q.decision_id join violation v on v.id = q.violation_id""";

    /** Items awaiting a verdict, oldest first. */
    public List<Item> open(int limit, Scope scope) {
        List<Object> params = new java.util.ArrayList<>(scope.sqlParams());
        params.add(limit);
        List<Item> items = jdbc.sql(ITEM_SELECT + " where q.agree is null and " + scope.sitePredicate("v.site_id")
                        + " order by q.id limit ?").params(params)
                .query((rs, n) -> new Item(rs.getLong("id"), rs.getLong("violation_id"), rs.getLong("decision_id"),
                        rs.getString("operator"), rs.getString("decision"), rs.getString("reason_code"),
                        rs.getString("note"), rs.getTimestamp("decided_at").toInstant(), rs.getString("trigger"),
                        rs.getTimestamp("created_at").toInstant(), rs.getString("plate"), rs.getString("offence_type"),
                        rs.getString("supervisor"), (Boolean) rs.getObject("agree"), rs.getString("supervisor_note")))
                .list();
        audit.record("review.qc.view", "review-qc", AuditLog.Outcome.SUCCESS, Map.of("results", items.size()));
        return items;
    }

    /** A supervisor's verdict on one QC item: given once; never on one's own decision. */
    public Item verdict(long qcId, Boolean agree, String note, UserPrincipal supervisor) {
        if (agree == null) {
            throw Refusal.invalid("agree", "required: true or false");
        }
        String clean = note == null || note.isBlank() ? null : note.strip();
        if (clean != null && clean.length() > 1000) {
            throw Refusal.invalid("note", "at most 1000 characters");
        }
        String me = ReviewWorkflow.username(supervisor);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("agree", agree);
        try {
            return tx.execute(status -> {
                List<Object> params = new java.util.ArrayList<>(List.of(qcId));
                params.addAll(supervisor.scope().sqlParams());
                // A QC item of a violation outside the supervisor's scope is "not found", like one that does not exist.
                var row = jdbc.sql("""
                        select q.operator, q.agree, q.violation_id from review_qc q join violation v on v.id = q.violation_id
                        where q.id = ? and """ + supervisor.scope().sitePredicate("v.site_id") + " for update of q")
                        .params(params)
                        .query((rs, n) -> new Object[] {rs.getString(1), rs.getObject(2), rs.getLong(3)})
                        .optional().orElseThrow(() -> Refusal.notFound("no QC item " + qcId));
                if (row[1] != null) {
                    throw Refusal.conflict("QC item " + qcId + " already has a verdict");
                }
                if (me.equals(row[0])) {
                    throw Refusal.conflict("a supervisor cannot check their own decision");
                }
                jdbc.sql("update review_qc set supervisor = ?, agree = ?, note = ?, reviewed_at = clock_timestamp() where id = ?")
                        .params(me, agree, clean, qcId).update();
                details.put("operator", row[0]);
                details.put("violation", row[2]);
                audit.record("review.qc.verdict", "review-qc:" + qcId, AuditLog.Outcome.SUCCESS, details);
                return jdbc.sql(ITEM_SELECT + " where q.id = ?").param(qcId)
                        .query((rs, n) -> new Item(rs.getLong("id"), rs.getLong("violation_id"), rs.getLong("decision_id"),
                                rs.getString("operator"), rs.getString("decision"), rs.getString("reason_code"),
                                rs.getString("note"), rs.getTimestamp("decided_at").toInstant(), rs.getString("trigger"),
                                rs.getTimestamp("created_at").toInstant(), rs.getString("plate"),
                                rs.getString("offence_type"), rs.getString("supervisor"), (Boolean) rs.getObject("agree"),
                                rs.getString("supervisor_note")))
                        .single();
            });
        } catch (Refusal e) {
            details.put("problem", e.getMessage());
            details.values().removeIf(Objects::isNull);
            audit.record("review.qc.verdict", "review-qc:" + qcId, AuditLog.Outcome.FAILURE, details);
            throw e;
        }
    }

    /** Per-operator decision counts and QC agreement, by operator name. */
    public List<OperatorStats> stats(Scope scope) {
        List<OperatorStats> stats = jdbc.sql("""
                select d.operator,
                       count(*) as decisions,
                       count(*) filter (where d.decision = 'confirm') as confirmed,
                       count(*) filter (where d.decision = 'reject') as rejected,
                       count(q.agree) as checked,
                       count(*) filter (where q.agree) as agreed,
                       count(*) filter (where not q.agree) as disagreed,
                       count(q.id) filter (where q.agree is null) as pending
                from review_decision d left join review_qc q on q.decision_id = d.id
                where d.violation_id in (select v.id from violation v where """ + scope.sitePredicate("v.site_id") + """
                ) group by d.operator order by d.operator""")
                .params(scope.sqlParams())
                .query((rs, n) -> {
                    long checked = rs.getLong("checked");
                    long agreed = rs.getLong("agreed");
                    return new OperatorStats(rs.getString("operator"), rs.getLong("decisions"), rs.getLong("confirmed"),
                            rs.getLong("rejected"), checked, agreed, rs.getLong("disagreed"), rs.getLong("pending"),
                            checked == 0 ? null : (double) agreed / checked);
                })
                .list();
        audit.record("review.stats", "review-stats", AuditLog.Outcome.SUCCESS, Map.of("operators", stats.size()));
        return stats;
    }
}
