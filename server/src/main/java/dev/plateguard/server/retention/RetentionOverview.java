package dev.plateguard.server.retention;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/** The policy, schedule and runs as the API answers them ({@code GET /api/v1/retention}) and the page shows them. */
@Component
class RetentionOverview {

    private final RetentionPolicy policy;
    private final RetentionRuns runs;
    private final LegalHolds holds;

    RetentionOverview(RetentionPolicy policy, RetentionRuns runs, LegalHolds holds) {
        this.policy = policy;
        this.runs = runs;
        this.holds = holds;
    }

    Map<String, Object> body() {
        RetentionSettings settings = policy.settings();
        Instant now = Instant.now();
        RetentionPolicy.Cutoffs cutoffs = policy.cutoffs(now);
        Optional<RetentionRuns.Run> last = runs.lastFinished();
        List<Map<String, Object>> classes = new ArrayList<>();
        for (RetentionPolicy.DataClass c : policy.classes()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", c.name());
            item.put("period", c.period());
            item.put("with", c.with());
            item.put("from", c.from());
            item.put("covers", c.covers());
            item.put("property", c.property());
            Instant cutoff = RetentionPolicy.cutoff(cutoffs, c.name());
            item.put("cutoff", cutoff == null ? null : cutoff.toString());
            item.put("lastPurge", last.map(run -> lastPurge(run, c.name())).orElse(null));
            classes.add(item);
        }
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("enabled", settings.enabled());
        schedule.put("cron", settings.cron());
        schedule.put("zone", settings.zone().getId());
        schedule.put("nextRun", settings.enabled() ? nextRun(settings) : null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("classes", classes);
        body.put("schedule", schedule);
        body.put("batchSize", settings.batchSize());
        body.put("batchPause", settings.batchPause().toString());
        body.put("maxRunTime", settings.maxRunTime().toString());
        body.put("holds", Map.of("active", holds.activeCount()));
        body.put("lastPurge", last.map(RetentionOverview::run).orElse(null));
        body.put("running", runs.recent(1).stream().filter(r -> r.outcome().equals("running")).findFirst()
                .map(RetentionOverview::run).orElse(null));
        return body;
    }

    Optional<Map<String, Object>> run(long id) {
        return runs.find(id).map(RetentionOverview::run);
    }

    static String nextRun(RetentionSettings settings) {
        ZonedDateTime next = CronExpression.parse(settings.cron()).next(ZonedDateTime.now(settings.zone()));
        return next == null ? null : next.toOffsetDateTime().toString();
    }

    private static Map<String, Object> lastPurge(RetentionRuns.Run run, String dataClass) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run", run.id());
        out.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
        out.put("cutoff", run.cutoffs().get(dataClass));
        out.put("deleted", run.counts() == null ? null : run.counts().get(dataClass));
        return out;
    }

    static Map<String, Object> run(RetentionRuns.Run run) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", run.id());
        out.put("trigger", run.trigger());
        out.put("actor", run.actor());
        out.put("startedAt", run.startedAt().toString());
        out.put("finishedAt", run.finishedAt() == null ? null : run.finishedAt().toString());
        out.put("outcome", run.outcome());
        out.put("cutoffs", run.cutoffs());
        out.put("counts", run.counts());
        out.put("error", run.error());
        return out;
    }
}
