package dev.plateguard.server.camerahealth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import dev.plateguard.server.cameras.Camera;
import dev.plateguard.server.cameras.CameraHealth;
import dev.plateguard.server.cameras.CameraNetwork;
import dev.plateguard.server.cameras.Site;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.validation.Refusal;

/** One camera's health as the API and its page show it: what it reports, its alarms, its recent hours. */
@Service
class CameraHealthReports {

    /** Hours shown: the last day. */
    static final int HOURS = 24;
    static final int HISTORY = 50;

    /**
     * An hour of the last day: the reads captured in it, and the usual level of that hour of the week (the median
     * of past weeks, when there are enough); both null when unknown or, for reads, outside the viewer's scope.
     */
    record Hour(Instant hour, Integer reads, Double usual) {
    }

    /** A camera's health; {@code liveness} online, stale, offline or never-seen. */
    record Report(long cameraId, String cameraName, long siteId, String siteName, String timezone, boolean active,
                  String liveness, Instant lastSeenAt, Long clockOffsetMs, String status, Integer queueDepth,
                  Integer diskUsedPercent, String firmware, List<CameraAlarms.Alarm> open,
                  List<CameraAlarms.Alarm> history, List<Hour> hours) {
    }

    private final CameraNetwork network;
    private final CameraHealth cameraHealth;
    private final CameraAlarms alarms;
    private final ReadTallies tallies;
    private final CameraHealthSettings settings;

    CameraHealthReports(CameraNetwork network, CameraHealth cameraHealth, CameraAlarms alarms, ReadTallies tallies,
                        CameraHealthSettings settings) {
        this.network = network;
        this.cameraHealth = cameraHealth;
        this.alarms = alarms;
        this.tallies = tallies;
        this.settings = settings;
    }

    /** The camera's report as of {@code now}; read counts only when the camera's site is in {@code scope}. */
    Report of(long cameraId, Scope scope, Instant now) {
        Camera camera = network.camera(cameraId).orElseThrow(() -> Refusal.notFound("no camera " + cameraId));
        Site site = network.site(camera.siteId()).orElseThrow();
        List<CameraAlarms.Alarm> all = alarms.list(null, cameraId, HISTORY);
        return new Report(camera.id(), camera.name(), site.id(), site.name(), site.timezone(), camera.active(),
                cameraHealth.liveness(camera, now).cssClass(), camera.lastSeenAt(), camera.clockOffsetMs(),
                camera.status(), camera.queueDepth(), camera.diskUsedPercent(), camera.firmware(),
                all.stream().filter(CameraAlarms.Alarm::open).toList(),
                all.stream().filter(a -> !a.open()).toList(),
                scope.covers(site.id(), site.region()) ? hours(camera.id(), now) : List.of());
    }

    private List<Hour> hours(long cameraId, Instant now) {
        Instant last = ReadTallies.hourOf(now.minus(settings.readSettle())).minus(Duration.ofHours(1));
        Instant first = last.minus(Duration.ofHours(HOURS - 1));
        Map<Instant, Integer> counted = tallies.ofCamera(cameraId,
                first.minus(Duration.ofDays(7L * settings.baselineWeeks())), last.plus(Duration.ofHours(1)));
        List<Hour> out = new ArrayList<>();
        for (Instant h = first; !h.isAfter(last); h = h.plus(Duration.ofHours(1))) {
            List<Integer> weeks = new ArrayList<>();
            for (int k = 1; k <= settings.baselineWeeks(); k++) {
                Integer past = counted.get(h.minus(Duration.ofDays(7L * k)));
                if (past != null) {
                    weeks.add(past);
                }
            }
            out.add(new Hour(h, counted.get(h),
                    weeks.size() >= settings.baselineMinWeeks() ? HealthCheck.median(weeks) : null));
        }
        return out;
    }
}
