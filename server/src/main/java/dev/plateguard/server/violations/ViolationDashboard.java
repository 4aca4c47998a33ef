package dev.plateguard.server.violations;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import org.springframework.security.core.annotation.AuthenticationPrincipal;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.identity.UserPrincipal;

/**
 * Supervisors' overview: today's violations by type and site, the review backlog against its deadlines, and
 * review throughput. Aggregates only (no plates), but still audited.
 */
@Controller
class ViolationDashboard {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tashkent");

    record Count(String label, long count) {
    }

    record Backlog(long pending, long overdue, long dueWithinHour, long dueWithin12Hours, long dueLater, long claimed) {
    }

    record Throughput(long decidedLastHour, long confirmedToday, long rejectedToday, long expiredToday, long noticesToday) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;

    ViolationDashboard(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    @GetMapping("/violations")
    String dashboard(Model model, @AuthenticationPrincipal UserPrincipal user) {
        // Counts too stay inside the user's scope.
        Scope scope = user.scope();
        List<Object> scoped = scope.sqlParams();
        LocalDate today = LocalDate.now(ZONE);
        var start = java.sql.Timestamp.from(today.atStartOfDay(ZONE).toInstant());
        model.addAttribute("today", today);
        model.addAttribute("byType", jdbc.sql("""
                select offence_type, count(*) from violation where occurred_at >= ? and """ + scope.sitePredicate("site_id")
                + " group by 1 order by 2 desc")
                .params(join(List.of(start), scoped)).query((rs, n) -> new Count(rs.getString(1), rs.getLong(2))).list());
        model.addAttribute("bySite", jdbc.sql("""
                select s.name, count(*) from violation v join site s on s.id = v.site_id where v.occurred_at >= ? and """
                + scope.sitePredicate("v.site_id") + " group by 1 order by 2 desc limit 15")
                .params(join(List.of(start), scoped)).query((rs, n) -> new Count(rs.getString(1), rs.getLong(2))).list());
        model.addAttribute("backlog", jdbc.sql("""
                select count(*),
                       count(*) filter (where review_deadline < now()),
                       count(*) filter (where review_deadline >= now() and review_deadline < now() + interval '1 hour'),
                       count(*) filter (where review_deadline >= now() + interval '1 hour'
                                        and review_deadline < now() + interval '12 hours'),
                       count(*) filter (where review_deadline >= now() + interval '12 hours'),
                       count(*) filter (where claimed_until > now())
                from violation where state in ('detected', 'pending_review') and """ + scope.sitePredicate("site_id"))
                .params(scoped)
                .query((rs, n) -> new Backlog(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                        rs.getLong(6))).single());
        model.addAttribute("throughput", jdbc.sql("""
                select count(*) filter (where to_state in ('confirmed', 'rejected') and occurred_at > now() - interval '1 hour'),
                       count(*) filter (where to_state = 'confirmed' and occurred_at >= ?),
                       count(*) filter (where to_state = 'rejected' and occurred_at >= ?),
                       count(*) filter (where to_state = 'expired' and occurred_at >= ?),
                       count(*) filter (where to_state = 'notice_issued' and occurred_at >= ?)
                from violation_event e where occurred_at >= least(?, now() - interval '1 hour')
                  and e.violation_id in (select v.id from violation v where """ + scope.sitePredicate("v.site_id") + ")")
                .params(join(List.of(start, start, start, start, start), scoped))
                .query((rs, n) -> new Throughput(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)))
                .single());
        audit.record("violations.dashboard", "violations", AuditLog.Outcome.SUCCESS, Map.of("day", today.toString()));
        return "violations/dashboard";
    }

    private static List<Object> join(List<Object> first, List<Object> second) {
        List<Object> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

}
