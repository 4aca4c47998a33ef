package dev.plateguard.server.notices;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.violations.ViolationLedger;
import dev.plateguard.server.violations.ViolationState;

/**
 * Issues a notice for every confirmed violation and records what delivery and payment systems report back.
 * Issuing reads confirmed violations from storage (it is never called by review), so a confirmation made on any
 * node becomes a notice, once: the notice's unique violation_id makes issuing idempotent.
 */
@Service
public class NoticeBook {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tashkent");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final ViolationLedger ledger;

    NoticeBook(JdbcClient jdbc, TransactionTemplate transactions, AuditLog audit, ViolationLedger ledger) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.ledger = ledger;
    }

    @SchedulerLock(name = "notice-issue")
    @Scheduled(initialDelayString = "PT10S", fixedDelayString = "PT5S")
    void scheduled() {
        issuePending();
    }

    /** Issues notices for confirmed violations that have none; returns how many were issued. */
    public int issuePending() {
        List<Long> confirmed = jdbc.sql("""
                select v.id from violation v where v.state = 'confirmed'
                and not exists (select 1 from notice n where n.violation_id = v.id) order by v.id limit 200""")
                .query(Long.class).list();
        int issued = 0;
        for (long violationId : confirmed) {
            Boolean done = transactions.execute(status -> issue(violationId));
            issued += Boolean.TRUE.equals(done) ? 1 : 0;
        }
        return issued;
    }

    private boolean issue(long violationId) {
        // Lock the violation so that two nodes cannot both issue; re-check its state under the lock.
        var row = jdbc.sql("select fine_som, repeat_of, state from violation where id = ? for update").param(violationId)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getObject(2), rs.getString(3)}).optional();
        if (row.isEmpty() || ViolationState.of((String) row.get()[2]) != ViolationState.CONFIRMED) {
            return false;
        }
        long fine = (Long) row.get()[0];
        boolean repeat = row.get()[1] != null;
        LocalDate today = LocalDate.now(ZONE);
        NoticePolicy policy = policyOn(today);
        List<Notice.DiscountOffer> offers = new ArrayList<>();
        if (!repeat || policy.discountForRepeat()) {
            for (NoticePolicy.Discount d : policy.discounts()) {
                offers.add(new Notice.DiscountOffer(today.plusDays(d.withinDays()), d.percent(), fine * (100 - d.percent()) / 100));
            }
        }
        long id = jdbc.sql("""
                insert into notice (number, violation_id, policy_version, fine_som, discounts, payment_deadline,
                                    appeal_deadline, state)
                values ('pending', ?, ?, ?, ?::jsonb, ?, ?, 'issued') on conflict (violation_id) do nothing returning id""")
                .params(violationId, policy.version(), fine, JSON.writeValueAsString(offers),
                        today.plusDays(policy.paymentDays()), today.plusDays(policy.appealDays()))
                .query(Long.class).optional().orElse(-1L);
        if (id < 0) {
            return false;
        }
        String number = "UZ-PG-" + today.getYear() + "-" + String.format("%08d", id);
        jdbc.sql("update notice set number = ? where id = ?").params(number, id).update();
        ledger.transition(violationId, ViolationState.CONFIRMED, ViolationState.NOTICE_ISSUED, ViolationLedger.SYSTEM,
                null, Map.of("notice", number));
        audit.recordSystem("notice.issue", "notice:" + number, AuditLog.Outcome.SUCCESS, Map.of("violation", violationId));
        return true;
    }

    NoticePolicy policyOn(LocalDate day) {
        return jdbc.sql("select * from notice_policy where valid_from <= ? order by valid_from desc, version desc limit 1")
                .param(day)
                .query((rs, n) -> new NoticePolicy(rs.getInt("version"), rs.getDate("valid_from").toLocalDate(),
                        rs.getInt("payment_days"), rs.getInt("appeal_days"),
                        JSON.readValue(rs.getString("discounts"), new TypeReference<List<NoticePolicy.Discount>>() { }),
                        rs.getBoolean("discount_for_repeat"), rs.getString("appeal_where")))
                .single();
    }

    /** Notices after a cursor, of violations in the scope (an INTEGRATION partner may serve some regions only). */
    public List<Notice> after(long afterId, int limit, Scope scope) {
        List<Object> params = new ArrayList<>(List.of(afterId));
        params.addAll(scope.sqlParams());
        params.add(limit);
        return jdbc.sql(SELECT + " where n.id > ? and " + scope.sitePredicate("v.site_id") + " order by n.id limit ?")
                .params(params).query((rs, n) -> map(rs)).list();
    }

    /** A notice in the scope; outside it, empty as for an id that does not exist. */
    public Optional<Notice> find(long id, Scope scope) {
        List<Object> params = new ArrayList<>(List.of(id));
        params.addAll(scope.sqlParams());
        return jdbc.sql(SELECT + " where n.id = ? and " + scope.sitePredicate("v.site_id")).params(params)
                .query((rs, n) -> map(rs)).optional();
    }

    /**
     * What the notices page filters by: state (a notice state), issue dates (Asia/Tashkent, inclusive) and plate
     * (exact, as read); null means any.
     */
    public record Filter(String state, LocalDate issuedFrom, LocalDate issuedTo, String plate) {
    }

    /** A page of notices in the scope, newest first, matching the filter; {@code limit + 1} asked tells of a next page. */
    public List<Notice> search(Filter filter, Scope scope, int offset, int limit) {
        StringBuilder where = new StringBuilder(" where " + scope.sitePredicate("v.site_id"));
        List<Object> params = new ArrayList<>(scope.sqlParams());
        if (filter.state() != null) {
            where.append(" and n.state = ?");
            params.add(filter.state());
        }
        if (filter.issuedFrom() != null) {
            where.append(" and n.issued_at >= ?");
            params.add(java.sql.Timestamp.from(filter.issuedFrom().atStartOfDay(ZONE).toInstant()));
        }
        if (filter.issuedTo() != null) {
            where.append(" and n.issued_at < ?");
            params.add(java.sql.Timestamp.from(filter.issuedTo().plusDays(1).atStartOfDay(ZONE).toInstant()));
        }
        if (filter.plate() != null) {
            where.append(" and v.plate = ?");
            params.add(filter.plate());
        }
        params.add(limit);
        params.add(offset);
        return jdbc.sql(SELECT + where + " order by n.id desc limit ? offset ?").params(params)
                .query((rs, n) -> map(rs)).list();
    }

    /** A payment, appeal or closing reported for a notice. */
    public record Event(String type, String reference, Instant occurredAt, Instant recordedAt, Long amountSom) {
    }

    /** The events of a notice, in the order they happened. */
    public List<Event> events(long noticeId) {
        return jdbc.sql("""
                select type, reference, occurred_at, recorded_at, amount_som from notice_event
                where notice_id = ? order by occurred_at, id""").param(noticeId)
                .query((rs, n) -> new Event(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4).toInstant(), (Long) rs.getObject(5, Long.class)))
                .list();
    }

    public Optional<Notice> findByNumber(String number) {
        return jdbc.sql(SELECT + " where n.number = ?").param(number).query((rs, n) -> map(rs)).optional();
    }

    /** Shas of the images of the violation's primary read, in order. */
    List<String> images(long violationId) {
        return jdbc.sql("""
                select re.sha256 from violation v join read_evidence re on re.read_id = v.read_id
                where v.id = ? and re.kind = 'image' order by re.ordinal""").param(violationId).query(String.class).list();
    }

    /**
     * Records a payment or appeal outcome. Idempotent by {@code reference}: the same event again returns the
     * notice unchanged; the same reference with another type is a conflict.
     */
    public Notice recordEvent(long noticeId, String type, String reference, Instant occurredAt, Long amountSom,
                              Scope scope) {
        return transactions.execute(status -> {
            List<Object> params = new ArrayList<>(List.of(noticeId));
            params.addAll(scope.sqlParams());
            Notice notice = jdbc.sql(SELECT + " where n.id = ? and " + scope.sitePredicate("v.site_id") + " for update of n")
                    .params(params).query((rs, n) -> map(rs))
                    .optional().orElseThrow(() -> Refusal.notFound("no notice " + noticeId));
            var previous = jdbc.sql("select type from notice_event where notice_id = ? and reference = ?")
                    .params(noticeId, reference).query(String.class).optional();
            if (previous.isPresent()) {
                if (!previous.get().equals(type)) {
                    throw Refusal.conflict("reference " + reference + " was already used for a '" + previous.get() + "' event");
                }
                return notice;
            }
            // The notice follows its violation's states: what ViolationState allows is what an outcome may do.
            if (!violationState(notice.state()).canBecome(ViolationState.of(type))) {
                throw Refusal.conflict("a notice in state '" + notice.state() + "' cannot become '" + type + "'");
            }
            jdbc.sql("insert into notice_event (notice_id, type, reference, occurred_at, amount_som) values (?, ?, ?, ?, ?)")
                    .params(noticeId, type, reference, java.sql.Timestamp.from(occurredAt), amountSom).update();
            jdbc.sql("update notice set state = ? where id = ?").params(type, noticeId).update();
            ledger.transition(notice.violationId(), violationState(notice.state()), ViolationState.of(type),
                    "notice-event", null, Map.of("notice", notice.number(), "reference", reference));
            audit.record("notice.event", "notice:" + notice.number(), AuditLog.Outcome.SUCCESS,
                    Map.of("type", type, "reference", reference));
            return find(noticeId, scope).orElseThrow();
        });
    }

    /** A notice's states are its violation's after issue, except {@code issued} = {@code notice_issued}. */
    private static ViolationState violationState(String noticeState) {
        return noticeState.equals("issued") ? ViolationState.NOTICE_ISSUED : ViolationState.of(noticeState);
    }

    private static final String SELECT = """
            select n.*, v.offence_type, v.article, v.occurred_at, v.plate, v.plate_country, v.measured,
                   s.name as site_name, s.latitude, s.longitude
            from notice n join violation v on v.id = n.violation_id join site s on s.id = v.site_id""";

    private static Notice map(ResultSet rs) throws SQLException {
        return new Notice(rs.getLong("id"), rs.getString("number"), rs.getLong("violation_id"), rs.getInt("policy_version"),
                rs.getTimestamp("issued_at").toInstant(), rs.getLong("fine_som"),
                JSON.readValue(rs.getString("discounts"), new TypeReference<List<Notice.DiscountOffer>>() { }),
                rs.getDate("payment_deadline").toLocalDate(), rs.getDate("appeal_deadline").toLocalDate(),
                rs.getString("state"),
                new Notice.Offence(rs.getString("offence_type"), rs.getString("article"),
                        rs.getTimestamp("occurred_at").toInstant(), rs.getString("site_name"), rs.getDouble("latitude"),
                        rs.getDouble("longitude"), rs.getString("plate"), rs.getString("plate_country"),
                        JSON.readTree(rs.getString("measured"))));
    }
}
