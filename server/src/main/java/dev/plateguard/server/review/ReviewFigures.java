package dev.plateguard.server.review;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.server.identity.Scope;

/**
 * Figures of the review work for the start page's charts, in a scope: the backlog against its legal deadlines, and
 * decisions per day and per reviewer. Counts only, and reviewers' user names (no plates).
 */
@Component
public class ReviewFigures {

    /** Violations waiting for review, by how long is left before their review deadline. */
    public record Backlog(long overdue, long within24h, long within72h, long later) {

        public long total() {
            return overdue + within24h + within72h + later;
        }
    }

    /** Review decisions per day, oldest first. */
    public record Throughput(List<Long> confirmed, List<Long> rejected) {
    }

    /** One reviewer's decisions in the period. */
    public record Reviewer(String username, long confirmed, long rejected) {

        public long total() {
            return confirmed + rejected;
        }
    }

    private final JdbcClient jdbc;

    ReviewFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Backlog backlog(Scope scope, Instant now) {
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(now)));
        params.addAll(scope.sqlParams());
        return jdbc.sql("""
                        select count(*) filter (where left_ < interval '0'),
                               count(*) filter (where left_ >= interval '0' and left_ < interval '24 hours'),
                               count(*) filter (where left_ >= interval '24 hours' and left_ < interval '72 hours'),
                               count(*) filter (where left_ >= interval '72 hours')
                        from (select review_deadline - ? as left_ from violation
                              where state = 'pending_review' and """ + scope.sitePredicate("site_id") + ") waiting")
                .params(params)
                .query((rs, n) -> new Backlog(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)))
                .single();
    }

    /** Decisions taken on each day {@code from} to {@code to} (inclusive, days in {@code zone}). */
    public Throughput throughput(Scope scope, ZoneId zone, LocalDate from, LocalDate to) {
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        long[] confirmed = new long[days];
        long[] rejected = new long[days];
        List<Object> params = new ArrayList<>(List.of(zone.getId(), Timestamp.from(from.atStartOfDay(zone).toInstant()),
                Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant())));
        params.addAll(scope.sqlParams());
        jdbc.sql("select (d.decided_at at time zone ?)::date, d.decision, count(*) from review_decision d "
                        + "join violation v on v.id = d.violation_id where d.decided_at >= ? and d.decided_at < ? and "
                        + scope.sitePredicate("v.site_id") + " group by 1, 2")
                .params(params)
                .query((ResultSet rs) -> {
                    int day = (int) ChronoUnit.DAYS.between(from, rs.getDate(1).toLocalDate());
                    if (day >= 0 && day < days) {
                        ("confirm".equals(rs.getString(2)) ? confirmed : rejected)[day] = rs.getLong(3);
                    }
                });
        return new Throughput(list(confirmed), list(rejected));
    }

    /** Reviewers by decisions taken since {@code since}, the most first (at most {@code limit}). */
    public List<Reviewer> reviewers(Scope scope, Instant since, int limit) {
        List<Object> params = new ArrayList<>(List.of(Timestamp.from(since)));
        params.addAll(scope.sqlParams());
        params.add(limit);
        return jdbc.sql("""
                        select d.operator, count(*) filter (where d.decision = 'confirm'),
                               count(*) filter (where d.decision = 'reject')
                        from review_decision d join violation v on v.id = d.violation_id
                        where d.decided_at >= ? and """ + scope.sitePredicate("v.site_id") + """
                         group by d.operator order by count(*) desc, d.operator limit ?""")
                .params(params)
                .query((rs, n) -> new Reviewer(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                .list();
    }

    private static List<Long> list(long[] values) {
        List<Long> out = new ArrayList<>(values.length);
        for (long v : values) {
            out.add(v);
        }
        return out;
    }
}
