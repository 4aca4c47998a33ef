package dev.plateguard.server.dashboard;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.web.Codes;
import dev.plateguard.server.web.Times;

/**
 * The start page ({@code /}): links to the sections a person may open, and the figures their roles act on as
 * charts. Each chart's data travels as JSON in a {@code data-chart} attribute that the page script draws with uPlot
 * (no inline script: the CSP forbids it); the same numbers are in a table beside it, for screen readers and print.
 */
@Controller
class StartPage {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StartFigures figures;
    private final MessageSource messages;
    private final Codes codes;

    StartPage(StartFigures figures, MessageSource messages, Codes codes) {
        this.figures = figures;
        this.messages = messages;
        this.codes = codes;
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal UserPrincipal me, Model model, Locale locale) {
        StartFigures.Figures f = figures.of(me, Instant.now());
        model.addAttribute("figures", f);
        model.addAttribute("zone", Times.DEFAULT_ZONE);
        if (f.readsPerHour() != null) {
            model.addAttribute("readsChart", chart("bars", "hour", seconds(f.hours()),
                    List.of(series(text("home.chart.reads", locale), f.readsPerHour(), 0)), "count"));
        }
        if (f.violationsByOffence() != null && !f.violationsByOffence().isEmpty()) {
            List<Map<String, Object>> series = new ArrayList<>();
            int i = 0;
            for (Map.Entry<String, List<Long>> offence : f.violationsByOffence().entrySet()) {
                series.add(series(codes.offence(offence.getKey()), offence.getValue(), i++));
            }
            model.addAttribute("violationsChart", chart("lines", "day", days(f.days()), series, "count"));
        }
        if (f.throughput() != null) {
            model.addAttribute("throughputChart", chart("bars", "day", days(f.days()), List.of(
                    series(text("home.chart.confirmed", locale), f.throughput().confirmed(), 2),
                    series(text("home.chart.rejected", locale), f.throughput().rejected(), 1)), "count"));
        }
        if (f.uptime() != null) {
            List<Object> percent = f.uptime().stream().map(u -> u == null ? null : (Object) (Math.round(u * 1000) / 10.0))
                    .toList();
            model.addAttribute("uptimeChart", chart("lines", "day", days(f.uptimeDays()),
                    List.of(series(text("home.chart.uptime", locale), percent, 3)), "percent"));
        }
        return "home";
    }

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    private static Map<String, Object> series(String label, List<?> values, int colour) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("label", label);
        s.put("values", values);
        s.put("colour", colour);
        return s;
    }

    private static String chart(String type, String xUnit, List<Long> x, List<Map<String, Object>> series, String yUnit) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", type);
        chart.put("xUnit", xUnit);
        chart.put("zone", Times.DEFAULT_ZONE);
        chart.put("x", x);
        chart.put("series", series);
        chart.put("yUnit", yUnit);
        return JSON.writeValueAsString(chart);
    }

    private static List<Long> seconds(List<Instant> hours) {
        return hours.stream().map(Instant::getEpochSecond).toList();
    }

    private static List<Long> days(List<LocalDate> days) {
        ZoneId zone = ZoneId.of(Times.DEFAULT_ZONE);
        return days.stream().map(d -> d.atStartOfDay(zone).toEpochSecond()).toList();
    }
}
