package dev.plateguard.server.reads;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.validation.SafeText;

/**
 * The rules every investigative query (plate history, prefix and look-alike search, journeys, a read opened under
 * a case) goes through: a structured purpose, the age tier, and the per-user volume limits.
 */
@Service
class Investigations {

    static final int REASON_MAX = 500;

    /** What a query is for: a purpose from the managed list, a case number, and free text (may be null). */
    record Case(SearchPurposes.Purpose purpose, String caseNumber, String reason) {

        /** The audit's account of the purpose. */
        Map<String, Object> audit() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("purpose", purpose.code());
            out.put("case", caseNumber);
            if (reason != null) {
                out.put("reason", reason);
            }
            return out;
        }
    }

    private final SearchPurposes purposes;
    private final InvestigationSettings settings;
    private final Pattern casePattern;
    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock = Clock.systemUTC();

    Investigations(SearchPurposes purposes, InvestigationSettings settings, JdbcClient jdbc, AuditLog audit,
                   PlatformTransactionManager transactions) {
        this.tx = new TransactionTemplate(transactions);
        this.purposes = purposes;
        this.settings = settings;
        this.casePattern = settings.casePattern();
        this.jdbc = jdbc;
        this.audit = audit;
    }

    InvestigationSettings settings() {
        return settings;
    }

    Instant now() {
        return clock.instant();
    }

    /** The purpose, case and reason, or an invalid-input refusal naming every field at fault. */
    Case require(String purpose, String caseNumber, String reason) {
        List<FieldProblem> errors = new ArrayList<>();
        SearchPurposes.Purpose found = null;
        if (purpose == null || purpose.isBlank()) {
            errors.add(FieldProblem.coded("purpose", "required",
                    "is required for a plate search or journey: a purpose code from GET /api/v1/search-purposes"));
        } else {
            found = purposes.active(purpose).orElse(null);
            if (found == null) {
                errors.add(FieldProblem.coded("purpose", "unknownPurpose",
                        "is not an active purpose code (see GET /api/v1/search-purposes)"));
            }
        }
        String trimmedCase = caseNumber == null ? null : caseNumber.strip();
        if (trimmedCase == null || trimmedCase.isEmpty()) {
            errors.add(FieldProblem.coded("case", "required", "is required for a plate search or journey"));
        } else if (trimmedCase.length() > 64 || !casePattern.matcher(trimmedCase).matches()) {
            errors.add(FieldProblem.coded("case", "caseFormat",
                    "is not a case number in the configured format (e.g. " + settings.caseExample() + ")",
                    settings.caseExample()));
        }
        String trimmedReason = reason == null || reason.isBlank() ? null : reason.strip();
        SafeText.check("reason", trimmedReason, REASON_MAX, errors);
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        return new Case(found, trimmedCase, trimmedReason);
    }

    /** Where the standard reach begins now. */
    Instant standardStart() {
        return now().minus(settings.standardReach());
    }

    /**
     * The earliest capture time this query may see. Without {@code from}, the standard reach; with an older
     * {@code from}, only under an approved, unexpired access request of this user for this exact plate and case
     * that covers the period up to the standard reach (or {@code to}).
     *
     * @param exactPlate normalised plate of an exact search, null for prefix and look-alike searches (which
     *                   never reach past the standard reach)
     */
    Instant reach(UserPrincipal me, String exactPlate, Case c, Instant from, Instant to) {
        Instant standard = standardStart();
        if (from == null) {
            return standard;
        }
        if (!from.isBefore(standard)) {
            return from;
        }
        Instant needUntil = to != null && to.isBefore(standard) ? to : standard;
        boolean approved = exactPlate != null && jdbc.sql("""
                        select count(*) from access_request
                        where requester_id = ? and plate = ? and case_number = ? and status = 'approved'
                          and expires_at > now() and period_from <= ? and period_to >= ?""")
                .params(me.userId(), exactPlate, c.caseNumber(), Timestamp.from(from), Timestamp.from(needUntil))
                .query(Long.class).single() > 0;
        if (!approved) {
            throw new Refusal(Refusal.Kind.FORBIDDEN, "approval-required",
                    "reads older than " + days(settings.standardReach()) + " days need a supervisor's approval for this "
                            + "exact plate and case (POST /api/v1/access-requests)",
                    List.of(FieldProblem.coded("from", "approvalRequired",
                            "lies beyond the standard reach of " + days(settings.standardReach())
                                    + " days and no approved access request covers it", days(settings.standardReach()))));
        }
        return from;
    }

    /**
     * Admits one investigative query, or refuses it when the user has reached a volume limit (and alerts the
     * auditors). The check and the query's place in the count are taken together under a per-user lock, so
     * parallel requests cannot all pass the last free place. Answers the reservation that {@link #count} fills in.
     */
    long admit(UserPrincipal me) {
        Instant now = now();
        Object admitted = tx.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(7412, ?)").param((int) me.userId()).query((rs, n) -> 1).list();
            Refused refused = check(me, now, Duration.ofHours(1), settings.queriesPerHour(), settings.rowsPerHour(), "hour");
            if (refused == null) {
                refused = check(me, now, Duration.ofDays(1), settings.queriesPerDay(), settings.rowsPerDay(), "day");
            }
            if (refused != null) {
                return refused;
            }
            return jdbc.sql("insert into search_usage (user_id, rows) values (?, 0) returning id").param(me.userId())
                    .query(Long.class).single();
        });
        if (admitted instanceof Refused refused) {
            // Outside the transaction above, which wrote nothing: the alert must stay even though the query goes.
            audit.record("search.volume-exceeded", "user:" + me.username(), AuditLog.Outcome.DENIED, refused.details());
            throw new VolumeLimitExceeded(refused.limit(), refused.max(), refused.retryAfter());
        }
        return (Long) admitted;
    }

    private record Refused(String limit, int max, long retryAfter, Map<String, Object> details) {
    }

    private Refused check(UserPrincipal me, Instant now, Duration window, int maxQueries, int maxRows, String per) {
        Instant since = now.minus(window);
        var usage = jdbc.sql("select count(*), coalesce(sum(rows), 0), min(at) from search_usage where user_id = ? and at > ?")
                .params(me.userId(), Timestamp.from(since))
                .query((rs, n) -> new Usage(rs.getLong(1), rs.getLong(2),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant())).single();
        String limit = null;
        int max = 0;
        if (usage.queries() >= maxQueries) {
            limit = "queries-per-" + per;
            max = maxQueries;
        } else if (usage.rows() >= maxRows) {
            limit = "rows-per-" + per;
            max = maxRows;
        }
        if (limit == null) {
            return null;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("limit", limit);
        details.put("max", max);
        details.put("queries", usage.queries());
        details.put("rows", usage.rows());
        return new Refused(limit, max, retryAfter(usage.oldest(), window, now), details);
    }

    /** Seconds until the oldest counted query leaves the window (at least 1). */
    static long retryAfter(Instant oldest, Duration window, Instant now) {
        if (oldest == null) {
            return 1;
        }
        return Math.max(1, Duration.between(now, oldest.plus(window)).toSeconds() + 1);
    }

    /** How many more reads the user may pull before a row limit (per hour or per day) is reached; 0 at one. */
    int rowsLeft(UserPrincipal me) {
        Instant now = now();
        long hour = rowsSince(me, now.minus(Duration.ofHours(1)));
        long day = rowsSince(me, now.minus(Duration.ofDays(1)));
        return (int) Math.max(0, Math.min(settings.rowsPerHour() - hour, settings.rowsPerDay() - day));
    }

    private long rowsSince(UserPrincipal me, Instant since) {
        return jdbc.sql("select coalesce(sum(rows), 0) from search_usage where user_id = ? and at > ?")
                .params(me.userId(), Timestamp.from(since)).query(Long.class).single();
    }

    /** Records how many reads the query admitted as {@code reservation} returned. */
    void count(UserPrincipal me, long reservation, int rows) {
        jdbc.sql("update search_usage set rows = ? where id = ? and user_id = ?").params(rows, reservation, me.userId())
                .update();
        // Only the last day counts: the user's older rows go, so the table stays small.
        jdbc.sql("delete from search_usage where user_id = ? and at < now() - interval '2 days'").param(me.userId()).update();
    }

    private record Usage(long queries, long rows, Instant oldest) {
    }

    static long days(Duration d) {
        return d.toDays();
    }
}
