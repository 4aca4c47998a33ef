package dev.plateguard.server.camerahealth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.plateguard.server.cameras.Camera;
import dev.plateguard.server.cameras.CameraHealth;
import dev.plateguard.server.cameras.CameraNetwork;
import dev.plateguard.server.cameras.Site;
import dev.plateguard.server.reads.ReadStatistics;
import dev.plateguard.server.recognition.RecognitionOutcomes;

/**
 * Evaluates every active camera against each {@link Condition} (docs/camera-health.md) and raises or clears its
 * alarms: every {@code plateguard.camera-health.interval}, or as of any given time ({@link #evaluate}). A condition
 * that cannot be measured now (no heartbeat, too few reads, too little history) leaves its alarm as it is. An
 * inactive camera's alarms are cleared.
 */
@Component
class HealthCheck {

    private static final Logger log = LoggerFactory.getLogger(HealthCheck.class);
    /** Reads per camera looked at for its clock and its recognitions: its latest ones. */
    static final int LATEST_READS = 200;
    /** Hours a check counts back after a pause (a restart), so that the history has no holes. */
    static final int CATCH_UP_HOURS = 24;

    /** What one evaluation changed. */
    record Outcome(int cameras, int raised, int cleared) {
    }

    /** Whether a condition holds ({@code bad}), has passed ({@code false}), or cannot be told now (null). */
    record Verdict(Boolean bad, Double value, double threshold, Map<String, Object> details) {

        static final Verdict UNKNOWN = new Verdict(null, null, 0, Map.of());
    }

    private final CameraNetwork network;
    private final CameraHealth cameraHealth;
    private final ReadStatistics reads;
    private final RecognitionOutcomes recognitions;
    private final ReadTallies tallies;
    private final CameraAlarms alarms;
    private final CameraHealthSettings settings;
    private final Clock clock = Clock.systemUTC();

    HealthCheck(CameraNetwork network, CameraHealth cameraHealth, ReadStatistics reads, RecognitionOutcomes recognitions,
                ReadTallies tallies, CameraAlarms alarms, CameraHealthSettings settings) {
        this.network = network;
        this.cameraHealth = cameraHealth;
        this.reads = reads;
        this.recognitions = recognitions;
        this.tallies = tallies;
        this.alarms = alarms;
        this.settings = settings;
    }

    @SchedulerLock(name = "camera-health")
    @Scheduled(fixedDelayString = "${plateguard.camera-health.interval:1m}",
            initialDelayString = "${plateguard.camera-health.interval:1m}")
    void scheduled() {
        if (!settings.enabled()) {
            return;
        }
        try {
            Outcome outcome = evaluate(clock.instant());
            if (outcome.raised() + outcome.cleared() > 0) {
                log.info("Camera health: {} alarms raised, {} cleared", outcome.raised(), outcome.cleared());
            }
        } catch (RuntimeException e) {
            log.error("Camera-health evaluation failed; the next one tries again", e);
        }
    }

    /** Evaluates every camera as of {@code now}. */
    Outcome evaluate(Instant now) {
        List<Camera> cameras = network.cameras(null);
        Map<Long, Site> sites = network.sites().stream().collect(Collectors.toMap(Site::id, Function.identity()));
        List<Long> active = cameras.stream().filter(Camera::active).map(Camera::id).toList();
        Map<Long, Set<Condition>> open = alarms.openConditions();
        Map<Long, ReadStatistics.Promptness> promptness = reads.promptness(active,
                now.minus(settings.clockWindow()), LATEST_READS);
        Map<Long, RecognitionOutcomes.Counts> recognised = recognitions.recent(active,
                now.minus(settings.noPlateWindow()), LATEST_READS);
        LowReads lowReads = lowReads(now);
        int raised = 0;
        int cleared = 0;
        for (Camera camera : cameras) {
            Set<Condition> openNow = open.getOrDefault(camera.id(), EnumSet.noneOf(Condition.class));
            Site site = sites.get(camera.siteId());
            for (Condition condition : Condition.values()) {
                Verdict verdict = camera.active() ? verdict(condition, camera, now, promptness.get(camera.id()),
                        recognised.get(camera.id()), lowReads) : new Verdict(false, null, 0, Map.of());
                if (Boolean.TRUE.equals(verdict.bad()) && !openNow.contains(condition)) {
                    raised += alarms.raise(camera, site, condition, verdict.value(), verdict.threshold(), now,
                            verdict.details()).isPresent() ? 1 : 0;
                } else if (Boolean.FALSE.equals(verdict.bad()) && openNow.contains(condition)) {
                    cleared += alarms.clear(camera, site, condition, verdict.value(), now).isPresent() ? 1 : 0;
                }
            }
        }
        return new Outcome(cameras.size(), raised, cleared);
    }

    private Verdict verdict(Condition condition, Camera camera, Instant now, ReadStatistics.Promptness prompt,
                            RecognitionOutcomes.Counts recognised, LowReads lowReads) {
        return switch (condition) {
            case STALE -> silence(camera, now, cameraHealth.settings().staleAfter());
            case OFFLINE -> silence(camera, now, cameraHealth.settings().offlineAfter());
            case CLOCK_DRIFT -> clock(camera, now, prompt);
            case LOW_READS -> lowReads.verdict(camera);
            case NO_PLATES -> recognised == null || recognised.total() < settings.noPlateMinReads() ? Verdict.UNKNOWN
                    : hysteresis(recognised.noPlateShare(), settings.noPlateShare(), settings.noPlateClearShare(),
                            details("recognitions", recognised.total(), "noPlate", recognised.noPlate()));
            case QUEUE_BACKLOG -> camera.lastSeenAt() == null || camera.queueDepth() == null ? Verdict.UNKNOWN
                    : hysteresis(camera.queueDepth(), settings.queueBacklog(), settings.queueBacklogClear(), Map.of());
            case DISK_FULL -> camera.lastSeenAt() == null || camera.diskUsedPercent() == null ? Verdict.UNKNOWN
                    : hysteresis(camera.diskUsedPercent(), settings.diskUsed(), settings.diskUsedClear(), Map.of());
        };
    }

    /**
     * Silent longer than {@code after}: raised. Cleared once heard from again within half the stale time, so that a
     * camera whose heartbeats come just about at the limit does not flap.
     */
    private Verdict silence(Camera camera, Instant now, Duration after) {
        if (camera.lastSeenAt() == null) {
            return Verdict.UNKNOWN; // never seen: not yet installed, nothing to miss
        }
        double silent = Duration.between(camera.lastSeenAt(), now).toMillis() / 1000.0;
        return hysteresis(silent, after.toMillis() / 1000.0,
                cameraHealth.settings().staleAfter().toMillis() / 2000.0,
                details("lastSeenAt", camera.lastSeenAt().toString()));
    }

    /**
     * The offset the last heartbeat reported, while heartbeats come; otherwise what the camera's latest reads tell
     * (their largest capture time minus receipt time, {@link ReadStatistics.Promptness}), unless they are all older
     * than the clock window (then they are a backlog, not a clock).
     */
    private Verdict clock(Camera camera, Instant now, ReadStatistics.Promptness prompt) {
        boolean heard = camera.lastSeenAt() != null
                && Duration.between(camera.lastSeenAt(), now).compareTo(cameraHealth.settings().staleAfter()) <= 0;
        double offset;
        String source;
        if (heard && camera.clockOffsetMs() != null) {
            offset = camera.clockOffsetMs() / 1000.0;
            source = "heartbeat";
        } else if (prompt != null && prompt.reads() >= settings.clockMinReads()
                && prompt.maxSkewMs() >= -settings.clockWindow().toMillis()) {
            // Even the most prompt read captured longer ago than the window: a backlog being uploaded, which no
            // read can tell from a slow clock. Left to heartbeats.
            offset = prompt.maxSkewMs() / 1000.0;
            source = "reads";
        } else {
            return Verdict.UNKNOWN;
        }
        return hysteresis(Math.abs(offset), settings.clockDrift().toMillis() / 1000.0,
                settings.clockDriftClear().toMillis() / 1000.0, details("offsetSeconds", offset, "source", source));
    }

    /** The last settled hour against the same hour of the week in past weeks. */
    private LowReads lowReads(Instant now) {
        Instant hour = ReadTallies.hourOf(now.minus(settings.readSettle())).minus(Duration.ofHours(1));
        List<Instant> recent = new ArrayList<>();
        for (int back = CATCH_UP_HOURS - 1; back >= 0; back--) {
            recent.add(hour.minus(Duration.ofHours(back)));
        }
        Set<Instant> done = tallies.tallied(recent);
        for (Instant h : recent) {
            if (!done.contains(h) && tallies.tally(h) && h.equals(hour)) {
                housekeeping(now);
            }
        }
        List<Instant> weeks = new ArrayList<>();
        for (int k = 1; k <= settings.baselineWeeks(); k++) {
            weeks.add(hour.minus(Duration.ofDays(7L * k)));
        }
        List<Instant> wanted = new ArrayList<>(weeks);
        wanted.add(hour);
        Set<Instant> counted = tallies.tallied(wanted);
        return new LowReads(hour, weeks, counted, tallies.counts(wanted));
    }

    /** Counts kept for the baseline only as long as it looks back; cleared alarms as long as history says. */
    private void housekeeping(Instant now) {
        tallies.purge(now.minus(Duration.ofDays(7L * settings.baselineWeeks() + 7)));
        alarms.purgeCleared(now.atZone(java.time.ZoneOffset.UTC).minus(settings.history()).toInstant());
    }

    /** The low-reads measurement of one evaluation: the hour, the past weeks' same hours, their counts. */
    private final class LowReads {
        final Instant hour;
        final List<Instant> weeks;
        final Set<Instant> counted;
        final Map<Instant, Map<Long, Integer>> counts;

        LowReads(Instant hour, List<Instant> weeks, Set<Instant> counted, Map<Instant, Map<Long, Integer>> counts) {
            this.hour = hour;
            this.weeks = weeks;
            this.counted = counted;
            this.counts = counts;
        }

        Verdict verdict(Camera camera) {
            if (!counted.contains(hour)) {
                return Verdict.UNKNOWN;
            }
            List<Integer> samples = new ArrayList<>();
            for (Instant week : weeks) {
                // A week counts when its hour was counted and the camera existed then (no row: no reads).
                if (counted.contains(week) && !camera.createdAt().isAfter(week)) {
                    samples.add(counts.getOrDefault(week, Map.of()).getOrDefault(camera.id(), 0));
                }
            }
            if (samples.size() < settings.baselineMinWeeks()) {
                return Verdict.UNKNOWN;
            }
            double baseline = median(samples);
            if (baseline < settings.lowReadsMinBaseline()) {
                return Verdict.UNKNOWN;
            }
            int count = counts.getOrDefault(hour, Map.of()).getOrDefault(camera.id(), 0);
            Map<String, Object> details = details("hour", hour.toString(), "baseline", baseline, "weeks", samples.size());
            if (count < baseline * settings.lowReadsRatio()) {
                return new Verdict(true, (double) count, baseline * settings.lowReadsRatio(), details);
            }
            return count >= baseline * settings.lowReadsClearRatio() ? new Verdict(false, (double) count, 0, details)
                    : Verdict.UNKNOWN;
        }
    }

    /** Raised at {@code raiseAt} or above, cleared at {@code clearAt} or below, unchanged between. */
    static Verdict hysteresis(double value, double raiseAt, double clearAt, Map<String, Object> details) {
        if (value >= raiseAt) {
            return new Verdict(true, value, raiseAt, details);
        }
        return value <= clearAt ? new Verdict(false, value, raiseAt, details) : Verdict.UNKNOWN;
    }

    static double median(List<Integer> values) {
        List<Integer> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    private static Map<String, Object> details(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
