package dev.plateguard.server.camerahealth;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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

import dev.plateguard.server.cameras.Camera;
import dev.plateguard.server.cameras.CameraNetwork;
import dev.plateguard.server.cameras.Site;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.reads.LastImage;

/**
 * A camera's health page (what it reports, its alarms and their history, its last day of reads against the usual
 * level, and its last image for those who may see reads), and the network's alarms.
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

    private final CameraHealthReports reports;
    private final CameraAlarms alarms;
    private final CameraNetwork network;
    private final LastImage lastImage;
    private final MessageSource messages;

    CameraHealthPages(CameraHealthReports reports, CameraAlarms alarms, CameraNetwork network, LastImage lastImage,
                      MessageSource messages) {
        this.reports = reports;
        this.alarms = alarms;
        this.network = network;
        this.lastImage = lastImage;
        this.messages = messages;
    }

    @GetMapping("/cameras/{id}/health")
    String camera(@PathVariable long id, Model model, @AuthenticationPrincipal UserPrincipal me, Locale locale) {
        CameraHealthReports.Report report = reports.of(id, me.scope(), Instant.now());
        ZoneId zone = ZoneId.of(report.timezone());
        Map<Long, Camera> cameras = Map.of(id, network.camera(id).orElseThrow());
        Map<Long, Site> sites = Map.of(report.siteId(), network.site(report.siteId()).orElseThrow());
        double max = report.hours().stream().mapToDouble(h -> Math.max(h.reads() == null ? 0 : h.reads(),
                h.usual() == null ? 0 : h.usual())).max().orElse(0);
        model.addAttribute("report", report);
        model.addAttribute("lastSeen", report.lastSeenAt() == null ? null : TIME.format(report.lastSeenAt().atZone(zone)));
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
