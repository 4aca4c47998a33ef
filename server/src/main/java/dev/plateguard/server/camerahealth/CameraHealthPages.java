package dev.plateguard.server.camerahealth;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import dev.plateguard.server.cameras.Camera;
import dev.plateguard.server.cameras.CameraNetwork;
import dev.plateguard.server.cameras.Site;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.reads.LastImage;
import dev.plateguard.server.reads.ReadStatistics;

/**
 * A camera's page (what it is and where, what it reports, a sparkline of its reads, its alarms and their history,
 * its last day of reads against the usual level, and its last image for those who may see reads), and the
 * network's alarms. {@code /cameras/{id}/health}, its older address, redirects here.
 */
@Controller
class CameraHealthPages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** An alarm as the pages show it: condition in words, values with their unit, times in the site's zone. */
    record AlarmRow(CameraAlarms.Alarm alarm, String condition, String raised, String value, String threshold,
                    String cleared, String clearedValue, long cameraId, String cameraName, String siteName) {
    }

    /** An hour of the last day: its reads and the usual level, as a share of the day's largest for the bars. */
    record HourRow(String hour, Integer reads, Double usual, int readsWidth, int usualWidth) {
    }

    /** One hour of the sparkline: its reads and the bar's height in the drawing (0 to {@link #SPARK_HEIGHT}). */
    record SparkBar(Instant hour, int reads, int height) {
    }

    /** The sparkline: {@code span} day (24 hours) or week (168), oldest hour first, ending with the current one. */
    record Sparkline(String span, List<SparkBar> bars, int max, int total, int height) {
    }

    static final int SPARK_HEIGHT = 40;

    private final CameraHealthReports reports;
    private final CameraAlarms alarms;
    private final CameraNetwork network;
    private final LastImage lastImage;
    private final MessageSource messages;
    private final ReadStatistics readStatistics;

    CameraHealthPages(CameraHealthReports reports, CameraAlarms alarms, CameraNetwork network, LastImage lastImage,
                      MessageSource messages, ReadStatistics readStatistics) {
        this.readStatistics = readStatistics;
        this.reports = reports;
        this.alarms = alarms;
        this.network = network;
        this.lastImage = lastImage;
        this.messages = messages;
    }

    /** The camera's former address: links and bookmarks keep working. */
    @GetMapping("/cameras/{id}/health")
    String health(@PathVariable long id) {
        return "redirect:/cameras/" + id;
    }

    @GetMapping("/cameras/{id}")
    String camera(@PathVariable long id, @RequestParam(required = false, defaultValue = "day") String span, Model model,
                  @AuthenticationPrincipal UserPrincipal me, Locale locale) {
        Instant now = Instant.now();
        CameraHealthReports.Report report = reports.of(id, me.scope(), now);
        ZoneId zone = ZoneId.of(report.timezone());
        Camera camera = network.camera(id).orElseThrow();
        Site site = network.site(report.siteId()).orElseThrow();
        Map<Long, Camera> cameras = Map.of(id, camera);
        Map<Long, Site> sites = Map.of(report.siteId(), site);
        boolean inScope = me.scope().covers(site.id(), site.region());
        boolean readRole = me.has(Role.OPERATOR) || me.has(Role.SUPERVISOR) || me.has(Role.INVESTIGATOR);
        model.addAttribute("camera", camera);
        model.addAttribute("site", site);
        model.addAttribute("heard", camera.lastSeenAt() == null ? null : ago(camera.lastSeenAt(), now, locale));
        // Read counts are traffic: only for cameras in the viewer's scope, as the hours table below.
        model.addAttribute("spark", inScope ? sparkline(id, "week".equals(span) ? "week" : "day", now) : null);
        model.addAttribute("readLinks", readRole && inScope);
        double max = report.hours().stream().mapToDouble(h -> Math.max(h.reads() == null ? 0 : h.reads(),
                h.usual() == null ? 0 : h.usual())).max().orElse(0);
        model.addAttribute("report", report);
        model.addAttribute("open", rows(report.open(), cameras, sites, locale));
        model.addAttribute("history", rows(report.history(), cameras, sites, locale));
        model.addAttribute("hours", report.hours().stream().map(h -> new HourRow(TIME.format(h.hour().atZone(zone)),
                h.reads(), h.usual(), width(h.reads(), max), width(h.usual(), max))).toList());
        model.addAttribute("shot", lastImage.of(me, id).orElse(null));
        return "camerahealth/camera";
    }

    @GetMapping("/cameras/alarms")
    String network(Model model, Locale locale) {
        Map<Long, Camera> cameras = new HashMap<>();
        network.cameras(null).forEach(c -> cameras.put(c.id(), c));
        Map<Long, Site> sites = new HashMap<>();
        network.sites().forEach(s -> sites.put(s.id(), s));
        model.addAttribute("open", rows(alarms.list(true, null, 500), cameras, sites, locale));
        model.addAttribute("history", rows(alarms.list(false, null, 100), cameras, sites, locale));
        return "camerahealth/alarms";
    }

    private Sparkline sparkline(long cameraId, String span, Instant now) {
        int hours = span.equals("week") ? 168 : 24;
        Instant last = now.truncatedTo(ChronoUnit.HOURS);
        Instant first = last.minus(Duration.ofHours(hours - 1));
        Map<Instant, Integer> counts = readStatistics.hourlyCounts(cameraId, first, last.plus(Duration.ofHours(1)));
        int max = counts.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<SparkBar> bars = new ArrayList<>();
        for (Instant h = first; !h.isAfter(last); h = h.plus(Duration.ofHours(1))) {
            int reads = counts.getOrDefault(h, 0);
            // A single read still shows: at least one unit high.
            int height = reads == 0 ? 0 : Math.max(1, (int) Math.round(reads * (double) SPARK_HEIGHT / max));
            bars.add(new SparkBar(h, reads, height));
        }
        return new Sparkline(span, bars, max, counts.values().stream().mapToInt(Integer::intValue).sum(), SPARK_HEIGHT);
    }

    /** "5 minutes ago" in the page's language. */
    private String ago(Instant then, Instant now, Locale locale) {
        long seconds = Math.max(0, Duration.between(then, now).getSeconds());
        if (seconds < 60) {
            return messages.getMessage("camerahealth.ago.now", null, locale);
        }
        String key = seconds < 3600 ? "minutes" : seconds < 86_400 ? "hours" : "days";
        long amount = seconds / (seconds < 3600 ? 60 : seconds < 86_400 ? 3600 : 86_400);
        return messages.getMessage("camerahealth.ago." + key, new Object[] {amount}, locale);
    }

    private List<AlarmRow> rows(List<CameraAlarms.Alarm> list, Map<Long, Camera> cameras, Map<Long, Site> sites,
                                Locale locale) {
        return list.stream().map(a -> {
            Camera camera = cameras.get(a.cameraId());
            Site site = camera == null ? null : sites.get(camera.siteId());
            ZoneId zone = site == null ? ZoneId.of("UTC") : ZoneId.of(site.timezone());
            return new AlarmRow(a, messages.getMessage("camerahealth.condition." + a.condition(), null, a.condition(), locale),
                    TIME.format(a.raisedAt().atZone(zone)), value(a, a.raisedValue(), locale),
                    value(a, a.threshold(), locale), a.clearedAt() == null ? null : TIME.format(a.clearedAt().atZone(zone)),
                    value(a, a.clearedValue(), locale), a.cameraId(), camera == null ? "#" + a.cameraId() : camera.name(),
                    site == null ? "" : site.name());
        }).toList();
    }

    private String value(CameraAlarms.Alarm alarm, Double value, Locale locale) {
        if (value == null) {
            return "–";
        }
        String unit = messages.getMessage("camerahealth.unit." + alarm.unit().replace(' ', '-'), null, alarm.unit(), locale);
        return alarm.unit().equals("share") ? Math.round(value * 100) + " %"
                : String.format(locale, value == Math.rint(value) ? "%.0f %s" : "%.1f %s", value, unit);
    }

    private static int width(Number value, double max) {
        return value == null || max <= 0 ? 0 : (int) Math.round(value.doubleValue() * 100 / max);
    }
}
