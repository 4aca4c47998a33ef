package dev.plateguard.server.violations;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.server.identity.Scope;

/** Counts of violations for the start page's charts: by offence and day, in a scope. Nothing personal. */
@Component
public class ViolationFigures {

    private final JdbcClient jdbc;

    ViolationFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Violations that occurred on each day {@code from} to {@code to} (inclusive, days in {@code zone}), per offence
     * type (sorted by type), each list one count per day, oldest first; offences without any are absent.
     */
    public Map<String, List<Long>> byOffenceAndDay(Scope scope, ZoneId zone, LocalDate from, LocalDate to) {
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        Map<String, long[]> counts = new TreeMap<>();
        List<Object> params = new ArrayList<>(List.of(zone.getId(),
                Timestamp.from(from.atStartOfDay(zone).toInstant()),
                Timestamp.from(to.plusDays(1).atStartOfDay(zone).toInstant())));
        params.addAll(scope.sqlParams());
        jdbc.sql("select (occurred_at at time zone ?)::date, offence_type, count(*) from violation "
                        + "where occurred_at >= ? and occurred_at < ? and " + scope.sitePredicate("site_id")
                        + " group by 1, 2")
                .params(params)
                .query((ResultSet rs) -> {
                    int day = (int) ChronoUnit.DAYS.between(from, rs.getDate(1).toLocalDate());
                    if (day >= 0 && day < days) {
                        counts.computeIfAbsent(rs.getString(2), k -> new long[days])[day] = rs.getLong(3);
                    }
                });
        Map<String, List<Long>> out = new TreeMap<>();
        counts.forEach((offence, perDay) -> {
            List<Long> list = new ArrayList<>(days);
            for (long c : perDay) {
                list.add(c);
            }
            out.put(offence, list);
        });
        return out;
    }
}
