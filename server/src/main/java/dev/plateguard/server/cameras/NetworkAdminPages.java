package dev.plateguard.server.cameras;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.http.ApiProblem;
import dev.plateguard.server.http.FieldProblem;
import dev.plateguard.server.identity.UserPrincipal;

/**
 * Admin pages for the camera network: sites (with coordinates picked on a map), cameras, and each camera's
 * device keys. Plain HTML forms, Post/Redirect/Get; a refused form is shown again with its errors and a 4xx
 * status. Changes go through {@link NetworkChanges} and {@link DeviceKeys}, exactly as the API's do.
 */
@Controller
class NetworkAdminPages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final Pattern AT_MOST = Pattern.compile("must be at most (\\d+) characters");
    private static final Pattern NUMBER_LIST = Pattern.compile("[\\s,;]+");

    /** A camera with its site, for lists. */
    record CameraRow(Camera camera, Site site, long activeKeys) {
    }

    /** A device key with its times shown in the site's time zone. */
    record KeyRow(DeviceKeys.KeyInfo key, String created, String lastUsed, String revoked) {
    }

    /** A site with its number of cameras, for the list. */
    record SiteRow(Site site, long cameras) {
    }

    private final CameraNetwork network;
    private final NetworkChanges changes;
    private final DeviceKeys keys;
    private final MessageSource messages;
    private final JdbcClient jdbc;
    private final PlateGuardProperties.MapTiles tiles;

    NetworkAdminPages(CameraNetwork network, NetworkChanges changes, DeviceKeys keys, MessageSource messages,
                      JdbcClient jdbc, PlateGuardProperties properties) {
        this.network = network;
        this.jdbc = jdbc;
        this.changes = changes;
        this.keys = keys;
        this.messages = messages;
        this.tiles = properties.map();
    }

    // ---- Sites -------------------------------------------------------------------------------------------------

    @GetMapping("/admin/sites")
    String sites(Model model) {
        Map<Long, Long> counts = network.cameras(null).stream()
                .collect(Collectors.groupingBy(Camera::siteId, Collectors.counting()));
        model.addAttribute("rows", network.sites().stream()
                .map(s -> new SiteRow(s, counts.getOrDefault(s.id(), 0L))).toList());
        return "admin/sites";
    }

    @GetMapping("/admin/sites/new")
    String newSite(Model model) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("timezone", SiteForm.DEFAULT_TIMEZONE);
        return sitePage(model, null, values, Map.of(), List.of());
    }

    @PostMapping("/admin/sites")
    String createSite(@RequestParam MultiValueMap<String, String> params, Model model, RedirectAttributes redirect,
                      HttpServletResponse response, Locale locale) {
        return saveSite(null, params, model, redirect, response, locale);
    }

    @GetMapping("/admin/sites/{id}")
    String site(@PathVariable long id, Model model, HttpServletResponse response) {
        var site = network.site(id);
        if (site.isEmpty()) {
            return missing(model, response, "/admin/sites");
        }
        return sitePage(model, site.get(), siteValues(site.get()), Map.of(), List.of());
    }

    @PostMapping("/admin/sites/{id}")
    String updateSite(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model,
                      RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        if (network.site(id).isEmpty()) {
            return missing(model, response, "/admin/sites");
        }
        return saveSite(id, params, model, redirect, response, locale);
    }

    private String saveSite(Long id, MultiValueMap<String, String> params, Model model, RedirectAttributes redirect,
                            HttpServletResponse response, Locale locale) {
        Map<String, String> values = values(params, "name", "city", "region", "latitude", "longitude", "address", "timezone");
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        SiteForm form = new SiteForm(values.get("name"), values.get("city"), values.get("region"),
                decimal(values, "latitude", errors, locale), decimal(values, "longitude", errors, locale),
                values.get("address"), values.get("timezone"));
        if (errors.isEmpty()) {
            try {
                Site saved = id == null ? changes.createSite(form) : changes.updateSite(id, form);
                redirect.addFlashAttribute("flash", text(id == null ? "admin.sites.flash.created" : "admin.sites.flash.updated",
                        locale, saved.name()));
                return "redirect:/admin/sites/" + saved.id();
            } catch (ApiProblem problem) {
                response.setStatus(problem.status().value());
                explain(problem, errors, general, locale);
            }
        } else {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            form.validate().forEach(p -> errors.putIfAbsent(p.field(), describe(p, locale)));
        }
        return sitePage(model, id == null ? null : network.site(id).orElse(null), values, errors, general);
    }

    private String sitePage(Model model, Site site, Map<String, String> values, Map<String, String> errors,
                            List<String> general) {
        model.addAttribute("site", site);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("general", general);
        model.addAttribute("tileUrl", tiles.tileUrl());
        model.addAttribute("tileAttribution", tiles.attribution());
        model.addAttribute("zones", List.of("Asia/Tashkent", "Asia/Samarkand", "Asia/Dushanbe", "Asia/Bishkek",
                "Asia/Almaty", "Asia/Ashgabat"));
        if (site != null) {
            model.addAttribute("cameras", cameraRows(network.cameras(site.id())));
        }
        return "admin/site";
    }

    private static Map<String, String> siteValues(Site site) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("name", site.name());
        values.put("city", site.city());
        values.put("region", site.region());
        values.put("latitude", String.valueOf(site.latitude()));
        values.put("longitude", String.valueOf(site.longitude()));
        values.put("address", site.address());
        values.put("timezone", site.timezone());
        return values;
    }

    // ---- Cameras -----------------------------------------------------------------------------------------------

    @GetMapping("/admin/cameras")
    String cameras(Model model) {
        model.addAttribute("rows", cameraRows(network.cameras(null)));
        model.addAttribute("hasSites", !network.sites().isEmpty());
        return "admin/cameras";
    }

    @GetMapping("/admin/cameras/new")
    String newCamera(@RequestParam(required = false) Long site, Model model) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("siteId", site == null ? null : String.valueOf(site));
        values.put("kind", "anpr");
        values.put("active", "true");
        return cameraPage(model, null, values, Map.of(), List.of());
    }

    @PostMapping("/admin/cameras")
    String createCamera(@RequestParam MultiValueMap<String, String> params, Model model, RedirectAttributes redirect,
                        HttpServletResponse response, Locale locale) {
        return saveCamera(null, params, model, redirect, response, locale);
    }

    @GetMapping("/admin/cameras/{id}")
    String camera(@PathVariable long id, Model model, HttpServletResponse response) {
        var camera = network.camera(id);
        if (camera.isEmpty()) {
            return missing(model, response, "/admin/cameras");
        }
        return cameraPage(model, camera.get(), cameraValues(camera.get()), Map.of(), List.of());
    }

    @PostMapping("/admin/cameras/{id}")
    String updateCamera(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model,
                        RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        if (network.camera(id).isEmpty()) {
            return missing(model, response, "/admin/cameras");
        }
        return saveCamera(id, params, model, redirect, response, locale);
    }

    private String saveCamera(Long id, MultiValueMap<String, String> params, Model model, RedirectAttributes redirect,
                              HttpServletResponse response, Locale locale) {
        Map<String, String> values = values(params, "siteId", "name", "kind", "heading", "lanes", "speedLimitKmh", "active");
        // An unchecked checkbox is not sent at all.
        boolean active = values.get("active") != null;
        values.put("active", active ? "true" : null);
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        Long siteId = whole(values, "siteId", errors, locale);
        Integer heading = integer(whole(values, "heading", errors, locale));
        Integer limit = integer(whole(values, "speedLimitKmh", errors, locale));
        List<Integer> lanes = lanes(values.get("lanes"), errors, locale);
        CameraForm form = new CameraForm(siteId, values.get("name"), values.get("kind"), heading, lanes, limit, active);
        if (errors.isEmpty()) {
            try {
                Camera saved = id == null ? changes.createCamera(form) : changes.updateCamera(id, form);
                redirect.addFlashAttribute("flash", text(id == null ? "admin.cameras.flash.created"
                        : "admin.cameras.flash.updated", locale, saved.name()));
                return "redirect:/admin/cameras/" + saved.id();
            } catch (ApiProblem problem) {
                response.setStatus(problem.status().value());
                explain(problem, errors, general, locale);
            }
        } else {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            form.validate().forEach(p -> errors.putIfAbsent(p.field(), describe(p, locale)));
        }
        return cameraPage(model, id == null ? null : network.camera(id).orElse(null), values, errors, general);
    }

    private String cameraPage(Model model, Camera camera, Map<String, String> values, Map<String, String> errors,
                              List<String> general) {
        model.addAttribute("camera", camera);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("general", general);
        model.addAttribute("sites", network.sites());
        model.addAttribute("kinds", Camera.KINDS);
        if (camera != null) {
            Site site = network.site(camera.siteId()).orElseThrow();
            model.addAttribute("site", site);
            model.addAttribute("keys", keyRows(camera, site));
        }
        return "admin/camera";
    }

    private static Map<String, String> cameraValues(Camera camera) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("siteId", String.valueOf(camera.siteId()));
        values.put("name", camera.name());
        values.put("kind", camera.kind());
        values.put("heading", camera.heading() == null ? null : String.valueOf(camera.heading()));
        values.put("lanes", camera.lanes().stream().map(String::valueOf).collect(Collectors.joining(", ")));
        values.put("speedLimitKmh", camera.speedLimitKmh() == null ? null : String.valueOf(camera.speedLimitKmh()));
        values.put("active", camera.active() ? "true" : null);
        return values;
    }

    // ---- Device keys -------------------------------------------------------------------------------------------

    /** Issues a key and shows it on this response only: it is not put in the session, and never shown again. */
    @PostMapping("/admin/cameras/{id}/keys")
    String issueKey(@PathVariable long id, @AuthenticationPrincipal UserPrincipal admin, Model model,
                    HttpServletResponse response) {
        var camera = network.camera(id);
        if (camera.isEmpty()) {
            return missing(model, response, "/admin/cameras");
        }
        DeviceKeys.IssuedKey issued = keys.issue(id, admin);
        model.addAttribute("camera", camera.get());
        model.addAttribute("site", network.site(camera.get().siteId()).orElseThrow());
        model.addAttribute("issued", issued);
        return "admin/key-issued";
    }

    @PostMapping("/admin/cameras/{id}/keys/{keyId}/revoke")
    String revokeKey(@PathVariable long id, @PathVariable long keyId, RedirectAttributes redirect, Locale locale) {
        try {
            keys.revoke(id, keyId);
            redirect.addFlashAttribute("flash", text("admin.keys.flash.revoked", locale, String.valueOf(keyId)));
        } catch (ApiProblem problem) {
            redirect.addFlashAttribute("flashError", text("admin.keys.flash.notActive", locale, String.valueOf(keyId)));
        }
        return "redirect:/admin/cameras/" + id;
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------

    private List<CameraRow> cameraRows(List<Camera> cameras) {
        Map<Long, Site> sites = network.sites().stream().collect(Collectors.toMap(Site::id, Function.identity()));
        Map<Long, Long> activeKeys = new java.util.HashMap<>();
        jdbc.sql("select camera_id, count(*) from device_key where revoked_at is null group by camera_id")
                .query((java.sql.ResultSet rs) -> {
                    activeKeys.put(rs.getLong(1), rs.getLong(2));
                });
        return cameras.stream().map(c -> new CameraRow(c, sites.get(c.siteId()), activeKeys.getOrDefault(c.id(), 0L)))
                .toList();
    }

    private List<KeyRow> keyRows(Camera camera, Site site) {
        ZoneId zone = ZoneId.of(site.timezone());
        return keys.list(camera.id()).stream().map(k -> new KeyRow(k, time(k.createdAt(), zone),
                time(k.lastUsedAt(), zone), time(k.revokedAt(), zone))).toList();
    }

    private static String time(Instant instant, ZoneId zone) {
        return instant == null ? null : TIME.format(instant.atZone(zone));
    }

    private static String missing(Model model, HttpServletResponse response, String back) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        model.addAttribute("back", back);
        return "admin/missing";
    }

    /** The named form fields, stripped, with blanks as null (an absent optional field). */
    private static Map<String, String> values(MultiValueMap<String, String> params, String... names) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            String value = params.getFirst(name);
            values.put(name, value == null || value.isBlank() ? null : value.strip());
        }
        return values;
    }

    /** A decimal number; a comma is accepted as the decimal separator, as Uzbek and Russian write it. */
    private Double decimal(Map<String, String> values, String field, Map<String, String> errors, Locale locale) {
        String value = values.get(field);
        if (value == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(value.replace(',', '.'));
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.put(field, text("admin.problem.number", locale));
        return null;
    }

    private Long whole(Map<String, String> values, String field, Map<String, String> errors, Locale locale) {
        String value = values.get(field);
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            errors.put(field, text("admin.problem.wholeNumber", locale));
            return null;
        }
    }

    private static Integer integer(Long value) {
        // Out-of-range values still reach validation as out of range, not as a wrapped int.
        return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    private List<Integer> lanes(String value, Map<String, String> errors, Locale locale) {
        if (value == null) {
            return List.of();
        }
        List<Integer> lanes = new ArrayList<>();
        for (String part : NUMBER_LIST.split(value)) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                lanes.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                errors.put("lanes", text("admin.problem.lanes", locale));
                return List.of();
            }
        }
        return lanes;
    }

    /** The service's problems as messages in the user's language, per field where they name one. */
    private void explain(ApiProblem problem, Map<String, String> errors, List<String> general, Locale locale) {
        if (problem.status() == HttpStatus.CONFLICT) {
            String message = problem.getMessage();
            boolean site = message.startsWith("a site named");
            String text = text(site ? "admin.problem.siteNameTaken" : "admin.problem.cameraNameTaken", locale);
            errors.putIfAbsent("name", text);
            general.add(text);
            return;
        }
        for (FieldProblem p : problem.errors()) {
            errors.putIfAbsent(p.field(), describe(p, locale));
        }
        if (problem.errors().isEmpty()) {
            general.add(problem.getMessage());
        }
    }

    /** A field problem of {@link SiteForm} or {@link CameraForm} in the user's language. */
    private String describe(FieldProblem problem, Locale locale) {
        String message = problem.message();
        Matcher atMost = AT_MOST.matcher(message);
        if (atMost.matches()) {
            return text("admin.problem.tooLong", locale, atMost.group(1));
        }
        if (message.equals("is required")) {
            return text("admin.problem.required", locale);
        }
        if (message.startsWith("contains characters")) {
            return text("admin.problem.unsafeText", locale);
        }
        String key = switch (problem.field()) {
            case "latitude" -> "admin.problem.latitude";
            case "longitude" -> "admin.problem.longitude";
            case "timezone" -> "admin.problem.timezone";
            case "siteId" -> "admin.problem.noSite";
            case "kind" -> "admin.problem.kind";
            case "heading" -> "admin.problem.heading";
            case "lanes" -> "admin.problem.lanes";
            case "speedLimitKmh" -> "admin.problem.speedLimit";
            default -> null;
        };
        return key == null ? message : text(key, locale);
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
