package dev.plateguard.server.violations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.identity.Scope;

/** Read side of violations: a cursor over ids (oldest first, nothing missed or repeated) and the detail view. */
@Repository
public class ViolationQueries {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    ViolationQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Violations with id above {@code after}, oldest first, in the whole country (system jobs and tests). */
    public List<Violation> search(String state, Long siteId, long after, int limit) {
        return search(state, null, siteId, null, null, Scope.COUNTRY, after, limit);
    }

    /**
     * @param type offence type (speeding, red_light, ...), null for any
     * @param from inclusive lower bound of the offence time, null for none
     * @param to   exclusive upper bound of the offence time, null for none
     */
    public List<Violation> search(String state, String type, Long siteId, java.time.Instant from, java.time.Instant to,
                                  Scope scope, long after, int limit) {
        StringBuilder sql = new StringBuilder("select * from violation where id > ? and " + scope.sitePredicate("site_id"));
        List<Object> params = new ArrayList<>(List.of(after));
        params.addAll(scope.sqlParams());
        if (state != null) {
            sql.append(" and state = ?");
            params.add(state);
        }
        if (type != null) {
            sql.append(" and offence_type = ?");
            params.add(type);
        }
        if (siteId != null) {
            sql.append(" and site_id = ?");
            params.add(siteId);
        }
        if (from != null) {
            sql.append(" and occurred_at >= ?");
            params.add(java.sql.Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and occurred_at < ?");
            params.add(java.sql.Timestamp.from(to));
        }
        sql.append(" order by id limit ?");
        params.add(limit);
        List<Violation> rows = jdbc.sql(sql.toString()).params(params).query((rs, n) -> map(rs, List.of(), null)).list();
        if (rows.isEmpty()) {
            return rows;
        }
        Map<Long, List<Violation.ReadLink>> links = links(rows.stream().map(Violation::id).toArray(Long[]::new));
        return rows.stream().map(v -> withLinks(v, links.getOrDefault(v.id(), List.of()), null)).toList();
    }

    /** One violation in the scope; outside it, empty as for an id that does not exist. */
    public Optional<Violation> find(long id, Scope scope) {
        List<Object> params = new ArrayList<>(List.of(id));
        params.addAll(scope.sqlParams());
        return jdbc.sql("select * from violation where id = ? and " + scope.sitePredicate("site_id")).params(params)
                .query((rs, n) -> map(rs, List.of(), null))
                .optional().map(v -> withLinks(v, links(new Long[] {id}).getOrDefault(id, List.of()), events(id)));
    }

    private Map<Long, List<Violation.ReadLink>> links(Long[] ids) {
        Map<Long, List<Violation.ReadLink>> links = new HashMap<>();
        jdbc.sql("""
                select violation_id, read_id, rule, role from violation_read where violation_id = any(?)
                order by violation_id, role desc, read_id""")
                .param(ids)
                .query((ResultSet rs) -> {
                    links.computeIfAbsent(rs.getLong("violation_id"), k -> new ArrayList<>())
                            .add(new Violation.ReadLink(rs.getLong("read_id"), rs.getString("rule"), rs.getString("role")));
                });
        return links;
    }

    private List<Violation.Event> events(long id) {
        return jdbc.sql("select * from violation_event where violation_id = ? order by id").param(id)
                .query((rs, n) -> new Violation.Event(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("from_state"), rs.getString("to_state"), rs.getString("actor"), rs.getString("reason")))
                .list();
    }

    private static Violation withLinks(Violation v, List<Violation.ReadLink> links, List<Violation.Event> events) {
        return new Violation(v.id(), v.offenceType(), v.rule(), v.state(), v.plate(), v.plateCountry(), v.siteId(),
                v.cameraId(), v.readId(), v.occurredAt(), v.article(), v.fineBrv(), v.brvSom(), v.fineSom(),
                v.catalogueVersion(), v.repeatOf(), v.reviewDeadline(), v.createdAt(), v.measured(), links, events);
    }

    private static Violation map(ResultSet rs, List<Violation.ReadLink> links, List<Violation.Event> events)
            throws SQLException {
        return new Violation(rs.getLong("id"), rs.getString("offence_type"), rs.getString("rule"), rs.getString("state"),
                rs.getString("plate"), rs.getString("plate_country"), rs.getLong("site_id"), rs.getLong("camera_id"),
                rs.getLong("read_id"), rs.getTimestamp("occurred_at").toInstant(), rs.getString("article"),
                Catalogue.plain(rs.getBigDecimal("fine_brv")), rs.getLong("brv_som"), rs.getLong("fine_som"),
                rs.getInt("catalogue_version"), (Long) rs.getObject("repeat_of"),
                rs.getTimestamp("review_deadline").toInstant(), rs.getTimestamp("created_at").toInstant(),
                JSON.readTree(rs.getString("measured")), links, events);
    }
}
