package dev.plateguard.server.violations;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.PlateGuardProperties;

/**
 * The violation's owner: the only writer of {@code violation}, {@code violation_read} and {@code violation_event}
 * ({@code LedgerOwnershipTest} checks that no other main source writes them). Detection records findings here;
 * review, notices and registry re-checks move violations from state to state here. Every change of state writes
 * its {@code violation_event} row in the same statement or transaction, and only transitions that
 * {@link ViolationState#next()} lists are made.
 *
 * <p>Every method runs in the caller's transaction: the caller locks, checks and audits; the ledger writes.
 */
@Component
public class ViolationLedger {

    private static final Logger log = LoggerFactory.getLogger(ViolationLedger.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Who made a change: a person's username, or {@code system} / {@code notice-event} for the server itself. */
    public static final String SYSTEM = "system";

    private final JdbcClient jdbc;
    private final PlateGuardProperties.Violations settings;

    ViolationLedger(JdbcClient jdbc, PlateGuardProperties properties) {
        this.jdbc = jdbc;
        this.settings = properties.violations();
    }

    // ---- findings -----------------------------------------------------------------------------------------------

    /**
     * Records findings in the order given under {@link FindingPolicy}: new violations with their primary read link
     * and first event, duplicate read links, evidence links. The caller has dropped findings already recorded
     * (their (key, read) pair is in {@code violation_read}) and exempt plates.
     *
     * @return the new violation's id for each finding, null where none was made (duplicate, no BRV), in order
     */
    public List<Long> record(List<RuleFinding> findings, Catalogue catalogue) {
        if (findings.isEmpty()) {
            return List.of();
        }
        Duration window = settings.dedupWindow();
        Instant first = findings.stream().map(f -> f.read().capturedAt()).min(Instant::compareTo).orElseThrow();
        Instant last = findings.stream().map(f -> f.read().capturedAt()).max(Instant::compareTo).orElseThrow();
        String[] plates = findings.stream().map(f -> f.read().plate()).distinct().toArray(String[]::new);
        RowMapper<FindingPolicy.Known> known = (rs, n) -> new FindingPolicy.Known(rs.getLong("id"),
                rs.getString("plate"), rs.getString("offence_type"), rs.getLong("site_id"),
                rs.getTimestamp("occurred_at").toInstant());
        List<FindingPolicy.Known> nearby = jdbc.sql("""
                select id, plate, offence_type, site_id, occurred_at from violation
                where plate = any(?) and occurred_at between ? and ?""")
                .params(plates, Timestamp.from(first.minus(window)), Timestamp.from(last.plus(window)))
                .query(known).list();
        String[] repeatable = findings.stream().filter(f -> f.finding().repeatable())
                .map(f -> f.finding().offenceType()).distinct().toArray(String[]::new);
        List<FindingPolicy.Known> earlier = repeatable.length == 0 ? List.of() : jdbc.sql("""
                select id, plate, offence_type, site_id, occurred_at from violation
                where plate = any(?) and offence_type = any(?) and state = any(?)
                  and occurred_at >= ? and occurred_at < ?""")
                .params(plates, repeatable,
                        ViolationState.codes(EnumSet.of(ViolationState.DETECTED, ViolationState.PENDING_REVIEW)),
                        Timestamp.from(first.minus(Duration.ofDays(367))), Timestamp.from(last))
                .query(known).list();
        ArrayDeque<Long> ids = new ArrayDeque<>(jdbc.sql(
                        "select nextval(pg_get_serial_sequence('violation', 'id')) from generate_series(1, ?)")
                .param(findings.size()).query(Long.class).list());
        List<FindingPolicy.Outcome> outcomes = FindingPolicy.decide(findings, nearby, earlier, catalogue, window,
                ids::removeFirst);
        NewRows rows = new NewRows();
        List<Long> created = new ArrayList<>(outcomes.size());
        for (FindingPolicy.Outcome outcome : outcomes) {
            RuleFinding f = outcome.finding();
            switch (outcome) {
                case FindingPolicy.Duplicate duplicate -> {
                    rows.link(duplicate.of(), f.read().readId(), f.key(), "duplicate");
                    created.add(null);
                }
                case FindingPolicy.Unpriced unpriced -> {
                    log.warn("Read {}: no BRV in catalogue {} for {}; {} not recorded", f.read().readId(),
                            catalogue.version(), unpriced.day(), f.finding().offenceType());
                    created.add(null);
                }
                case FindingPolicy.NewViolation v -> {
                    rows.violation(v, catalogue.version(), f.read().capturedAt().plus(settings.reviewDeadline()));
                    rows.link(v.id(), f.read().readId(), f.key(), "primary");
                    f.evidenceReads().forEach(read -> rows.link(v.id(), read, f.key(), "evidence"));
                    rows.event(v.id(), f.finding().state().code(), "detected by rule " + f.rule(),
                            JSON.writeValueAsString(Map.of("catalogueVersion", catalogue.version(),
                                    "readId", f.read().readId())));
                    created.add(v.id());
                }
            }
        }
        rows.insert(jdbc);
        for (int i = 0; i < outcomes.size(); i++) {
            RuleFinding f = outcomes.get(i).finding();
            if (created.get(i) != null && f.onRecorded() != null) {
                f.onRecorded().accept(created.get(i));
            }
        }
        return created;
    }

    /** Column arrays for the multi-row inserts of {@link #record} (text arrays, cast by PostgreSQL). */
    private static final class NewRows {
        final List<String[]> violations = new ArrayList<>();
        final List<String[]> links = new ArrayList<>();
        final List<String[]> events = new ArrayList<>();

        void violation(FindingPolicy.NewViolation v, int catalogueVersion, Instant deadline) {
            ReadFacts read = v.finding().read();
            Finding finding = v.finding().finding();
            violations.add(new String[] {Long.toString(v.id()), finding.offenceType(), v.finding().rule(),
                    Long.toString(read.readId()), read.plate(), read.plateCountry(), Long.toString(read.siteId()),
                    Long.toString(read.cameraId()), read.capturedAt().toString(), JSON.writeValueAsString(v.measured()),
                    finding.article(), v.fineBrv().toPlainString(), Long.toString(v.brvSom()),
                    Long.toString(v.fineSom()), Integer.toString(catalogueVersion),
                    v.repeatOf() == null ? null : v.repeatOf().toString(), finding.state().code(), deadline.toString()});
        }

        void link(long violationId, long readId, String key, String role) {
            links.add(new String[] {Long.toString(violationId), Long.toString(readId), key, role});
        }

        void event(long violationId, String state, String reason, String details) {
            events.add(new String[] {Long.toString(violationId), state, reason, details});
        }

        private static Object[] columns(List<String[]> rows, int width) {
            Object[] columns = new Object[width];
            for (int c = 0; c < width; c++) {
                String[] column = new String[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    column[r] = rows.get(r)[c];
                }
                columns[c] = column;
            }
            return columns;
        }

        void insert(JdbcClient jdbc) {
            if (!violations.isEmpty()) {
                jdbc.sql("""
                        insert into violation (id, offence_type, rule, read_id, plate, plate_country, site_id, camera_id,
                                               occurred_at, measured, article, fine_brv, brv_som, fine_som,
                                               catalogue_version, repeat_of, state, review_deadline)
                        overriding system value
                        select id::bigint, offence_type, rule, read_id::bigint, plate, plate_country, site_id::bigint,
                               camera_id::bigint, occurred_at::timestamptz, measured::jsonb, article, fine_brv::numeric,
                               brv_som::bigint, fine_som::bigint, catalogue_version::integer, repeat_of::bigint, state,
                               review_deadline::timestamptz
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::text[], ?::text[])
                             as v(id, offence_type, rule, read_id, plate, plate_country, site_id, camera_id, occurred_at,
                                  measured, article, fine_brv, brv_som, fine_som, catalogue_version, repeat_of, state,
                                  review_deadline)
                        order by id::bigint""")
                        .params(columns(violations, 18)).update();
            }
            if (!links.isEmpty()) {
                // A link may repeat one made before (the same entry read of another pair, or a read that is both the
                // trigger of one rule's violation and a duplicate of it for another rule): kept once.
                jdbc.sql("""
                        insert into violation_read (violation_id, read_id, rule, role)
                        select violation_id::bigint, read_id::bigint, rule, role
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as l(violation_id, read_id, rule, role)
                        on conflict do nothing""")
                        .params(columns(links, 4)).update();
            }
            if (!events.isEmpty()) {
                jdbc.sql("""
                        insert into violation_event (violation_id, from_state, to_state, actor, reason, details)
                        select violation_id::bigint, null, to_state, 'system', reason, details::jsonb
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as e(violation_id, to_state, reason, details)""")
                        .params(columns(events, 4)).update();
            }
        }
    }

    // ---- transitions --------------------------------------------------------------------------------------------

    /**
     * Moves one violation from {@code from} to {@code to} and records the event. A claim on it is dropped: claims
     * exist only while a violation waits for review.
     *
     * @throws IllegalTransitionException when {@link ViolationState#next()} does not allow it, or the violation is
     *                                    not (or no longer) in state {@code from}
     */
    public void transition(long violationId, ViolationState from, ViolationState to, String actor, String reason,
                           Map<String, ?> details) {
        if (!from.canBecome(to)) {
            throw new IllegalTransitionException(violationId, from, to);
        }
        int changed = jdbc.sql("""
                update violation set state = ?, claimed_by = null, claimed_at = null, claimed_until = null,
                                     closed_at = case when ? then clock_timestamp() end
                where id = ? and state = ?""")
                .params(to.code(), to.isFinal(), violationId, from.code()).update();
        if (changed == 0) {
            throw new IllegalTransitionException(violationId, from, to);
        }
        event(violationId, from, to, actor, reason, details);
    }

    /**
     * Queues every detected violation whose review deadline has not passed (detected → pending_review, actor
     * system). Rows another transaction holds are skipped, not waited for.
     *
     * @return the ids moved
     */
    public List<Long> queueDetectedForReview() {
        List<Long> ids = jdbc.sql("""
                with due as (
                    select id from violation where state = 'detected' and review_deadline > now()
                    order by id for update skip locked)
                update violation v set state = 'pending_review' from due
                where v.id = due.id and v.state = 'detected' returning v.id""")
                .query(Long.class).list();
        ids.forEach(id -> event(id, ViolationState.DETECTED, ViolationState.PENDING_REVIEW, SYSTEM,
                "queued for review", null));
        return ids;
    }

    /** A violation that expired, and the state it expired from. */
    public record Expired(long violationId, ViolationState from) {
    }

    /**
     * Expires up to {@code limit} unreviewed violations at or past their review deadline, dropping any claim.
     * Rows another transaction holds are skipped.
     */
    public List<Expired> expireOverdue(int limit) {
        List<Expired> expired = jdbc.sql("""
                with due as (
                    select id, state from violation
                    where state = any(?) and review_deadline <= now()
                    order by id limit ? for update skip locked)
                update violation v set state = 'expired', claimed_by = null, claimed_at = null, claimed_until = null,
                                       closed_at = clock_timestamp()
                from due where v.id = due.id returning v.id, due.state""")
                .params(ViolationState.codes(ViolationState.UNREVIEWED), limit)
                .query((rs, n) -> new Expired(rs.getLong(1), ViolationState.of(rs.getString(2)))).list();
        expired.forEach(e -> event(e.violationId(), e.from(), ViolationState.EXPIRED, SYSTEM,
                "review deadline passed", null));
        return expired;
    }

    /**
     * Corrects the plate a violation is held against (the read keeps what the camera sent). Not a change of state:
     * its event goes from {@code state} to {@code state}.
     */
    public void correctPlate(long violationId, ViolationState state, String plate, String actor,
                             Map<String, ?> details) {
        jdbc.sql("update violation set plate = ? where id = ? and state = ?").params(plate, violationId, state.code())
                .update();
        event(violationId, state, state, actor, "plate corrected", details);
    }

    // ---- review claims ------------------------------------------------------------------------------------------

    /** Gives {@code username} the claim on a violation for {@code lockTimeout}; answers when the claim ends. */
    public Instant claim(long violationId, String username, Duration lockTimeout) {
        return jdbc.sql("""
                update violation set claimed_by = ?, claimed_at = now(), claimed_until = now() + make_interval(secs => ?)
                where id = ? returning claimed_until""")
                .params(username, lockTimeout.toMillis() / 1000.0, violationId)
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
    }

    /** Drops the claim on a violation, whoever held it. */
    public void releaseClaim(long violationId) {
        jdbc.sql("update violation set claimed_by = null, claimed_at = null, claimed_until = null where id = ?")
                .param(violationId).update();
    }

    /** Drops every claim {@code username} holds on a pending violation; answers their ids. */
    public List<Long> releaseClaimsOf(String username) {
        return jdbc.sql("""
                update violation set claimed_by = null, claimed_at = null, claimed_until = null
                where claimed_by = ? and state = 'pending_review' returning id""")
                .param(username).query(Long.class).list();
    }

    // ---- retention ----------------------------------------------------------------------------------------------

    /** What {@link #purge} deleted. */
    public record Purged(int violations, int readLinks, int events) {
    }

    /**
     * Deletes violations with their read links and state history, for retention (docs/retention.md). Runs in the
     * retention purge's transaction (the history is append-only otherwise), after review, notices and section
     * pairs have let go of these violations. The caller never passes a violation that another, kept violation
     * cites as its earlier offence ({@code repeat_of}).
     */
    public Purged purge(java.util.Collection<Long> violationIds) {
        if (violationIds.isEmpty()) {
            return new Purged(0, 0, 0);
        }
        Long[] ids = violationIds.toArray(Long[]::new);
        int events = jdbc.sql("delete from violation_event where violation_id = any(?)").param(ids).update();
        int links = jdbc.sql("delete from violation_read where violation_id = any(?)").param(ids).update();
        int violations = jdbc.sql("delete from violation where id = any(?)").param(ids).update();
        return new Purged(violations, links, events);
    }

    private void event(long violationId, ViolationState from, ViolationState to, String actor, String reason,
                       Map<String, ?> details) {
        jdbc.sql("""
                insert into violation_event (violation_id, from_state, to_state, actor, reason, details)
                values (?, ?, ?, ?, ?, ?::jsonb)""")
                .params(violationId, from == null ? null : from.code(), to.code(), actor, reason,
                        details == null ? null : JSON.writeValueAsString(new LinkedHashMap<>(details)))
                .update();
    }
}
