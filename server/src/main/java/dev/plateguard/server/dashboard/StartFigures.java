package dev.plateguard.server.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import dev.plateguard.server.camerahealth.CameraUptime;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.reads.ReadStatistics;
import dev.plateguard.server.review.ReviewFigures;
import dev.plateguard.server.violations.ViolationFigures;
import dev.plateguard.server.web.Times;

/**
 * The start page's figures for one person, in their scope: each part only for the roles that act on it (null
 * otherwise). Counts only; nothing here names a plate.
 */
@Service
public class StartFigures {

    static final int HOURS = 24;
    static final int DAYS = 14;
    static final int UPTIME_DAYS = 7;
    static final int REVIEWERS = 10;

    /** What one person sees: each part null when their roles do not act on it. */
    public record Figures(List<Instant> hours, List<Long> readsPerHour, List<LocalDate> days,
                   Map<String, List<Long>> violationsByOffence, ReviewFigures.Backlog backlog,
                   ReviewFigures.Throughput throughput, List<ReviewFigures.Reviewer> reviewers,
                   List<LocalDate> uptimeDays, List<Double> uptime) {

        public long readsToday() {
            return readsPerHour == null ? 0 : readsPerHour.stream().mapToLong(Long::longValue).sum();
        }
    }

    private final ReadStatistics reads;
    private final ViolationFigures violations;
    private final ReviewFigures review;
    private final CameraUptime uptime;

    StartFigures(ReadStatistics reads, ViolationFigures violations, ReviewFigures review, CameraUptime uptime) {
        this.reads = reads;
        this.violations = violations;
        this.review = review;
        this.uptime = uptime;
    }

    Figures of(UserPrincipal me, Instant now) {
        ZoneId zone = ZoneId.of(Times.DEFAULT_ZONE);
        LocalDate today = now.atZone(zone).toLocalDate();
        boolean reader = me.has(Role.OPERATOR) || me.has(Role.SUPERVISOR) || me.has(Role.INVESTIGATOR);
        boolean reviewer = me.has(Role.OPERATOR) || me.has(Role.SUPERVISOR);
        boolean overseer = me.has(Role.SUPERVISOR) || me.has(Role.AUDITOR);
        boolean network = reader || me.has(Role.ADMIN);

        List<Instant> hours = null;
        List<Long> perHour = null;
        if (network) {
            perHour = reads.perHour(me.scope(), now, HOURS);
            Instant first = now.truncatedTo(ChronoUnit.HOURS).minus(HOURS - 1, ChronoUnit.HOURS);
            hours = new ArrayList<>();
            for (int i = 0; i < HOURS; i++) {
                hours.add(first.plus(i, ChronoUnit.HOURS));
            }
        }
        List<LocalDate> days = days(today, DAYS);
        Map<String, List<Long>> byOffence = reviewer || overseer
                ? violations.byOffenceAndDay(me.scope(), zone, days.getFirst(), today) : null;
        ReviewFigures.Backlog backlog = reviewer ? review.backlog(me.scope(), now) : null;
        ReviewFigures.Throughput throughput = overseer
                ? review.throughput(me.scope(), zone, days.getFirst(), today) : null;
        List<ReviewFigures.Reviewer> reviewers = overseer
                ? review.reviewers(me.scope(), days.getFirst().atStartOfDay(zone).toInstant(), REVIEWERS) : null;
        List<LocalDate> uptimeDays = days(today, UPTIME_DAYS);
        List<Double> upPerDay = network ? uptime.perDay(me.scope(), zone, uptimeDays.getFirst(), today, now) : null;
        return new Figures(hours, perHour, byOffence == null && throughput == null ? null : days, byOffence, backlog,
                throughput, reviewers, upPerDay == null ? null : uptimeDays, upPerDay);
    }

    private static List<LocalDate> days(LocalDate today, int count) {
        List<LocalDate> out = new ArrayList<>(count);
        for (int i = count - 1; i >= 0; i--) {
            out.add(today.minusDays(i));
        }
        return out;
    }
}
