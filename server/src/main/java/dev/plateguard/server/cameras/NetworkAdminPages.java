package dev.plateguard.server.cameras;

import java.beans.PropertyEditorSupport;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.springframework.context.MessageSource;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.cameras.NetworkAdminForms.CameraInput;
import dev.plateguard.server.cameras.NetworkAdminForms.SiteInput;
import dev.plateguard.server.http.ProblemResponses;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Admin pages for the camera network: sites (with coordinates picked on a map), cameras, and each camera's
 * device keys. Plain HTML forms, Post/Redirect/Get; a refused form is shown again with its errors and a 4xx
 * status. Changes go through {@link NetworkChanges} and {@link DeviceKeys}, exactly as the API's do.
 */
@Controller
class NetworkAdminPages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    /** Field problems and refusals are shown with the message {@code admin.problem.<code>}. */
    private static final String PROBLEM = "admin.problem.";

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

    /** Site and camera form fields are stripped; a blank one is absent (an optional field left empty). */
    @InitBinder("values")
    void typed(WebDataBinder binder) {
        binder.registerCustomEditor(String.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                setValue(text == null || text.isBlank() ? null : text.strip());
            }
        });
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
        return sitePage(model, null, SiteInput.blank(), Map.of(), List.of());
    }

    @PostMapping("/admin/sites")
    String createSite(@Valid @ModelAttribute("values") SiteInput values, BindingResult typed, Model model,
                      RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        return saveSite(null, values, typed, model, redirect, response, locale);
    }

    @GetMapping("/admin/sites/{id}")
    String site(@PathVariable long id, Model model, HttpServletResponse response) {
        var site = network.site(id);
        if (site.isEmpty()) {
            return missing(model, response, "/admin/sites");
        }
        return sitePage(model, site.get(), SiteInput.of(site.get()), Map.of(), List.of());
    }

    @PostMapping("/admin/sites/{id}")
    String updateSite(@PathVariable long id, @Valid @ModelAttribute("values") SiteInput values, BindingResult typed,
                      Model model, RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        if (network.site(id).isEmpty()) {
            return missing(model, response, "/admin/sites");
        }
        return saveSite(id, values, typed, model, redirect, response, locale);
    }

    private String saveSite(Long id, SiteInput values, BindingResult typed, Model model, RedirectAttributes redirect,
                            HttpServletResponse response, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        SiteForm form = values.form();
        if (!typed.hasErrors()) {
            try {
                Site saved = id == null ? changes.createSite(form) : changes.updateSite(id, form);
                redirect.addFlashAttribute("flash", text(id == null ? "admin.sites.flash.created" : "admin.sites.flash.updated",
                        locale, saved.name()));
                return "redirect:/admin/sites/" + saved.id();
            } catch (Refusal refusal) {
                response.setStatus(ProblemResponses.status(refusal.kind()).value());
                explain(refusal, errors, general, locale);
            }
        } else {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            explain(typed, form.validate(), errors, locale);
        }
        return sitePage(model, id == null ? null : network.site(id).orElse(null), values, errors, general);
    }

    private String sitePage(Model model, Site site, SiteInput values, Map<String, String> errors,
                            List<String> general) {
        model.addAttribute("site", site);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("general", general);
        model.addAttribute("tileUrl", tiles.tileUrl());
        model.addAttribute("tileAttribution", tiles.attribution());
        model.addAttribute("zones", List.of("Asia/Tashkent", "Asia/Samarkand", "Asia/Dushanbe", "Asia/Bishkek",
                "Asia/Almaty", "Asia/Ashgabat"));
        model.addAttribute("plateCountries", SiteForm.PLATE_COUNTRIES);
        if (site != null) {
            model.addAttribute("cameras", cameraRows(network.cameras(site.id())));
        }
        return "admin/site";
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
        return cameraPage(model, null, CameraInput.blank(site), Map.of(), List.of());
    }

    @PostMapping("/admin/cameras")
    String createCamera(@Valid @ModelAttribute("values") CameraInput values, BindingResult typed, Model model,
                        RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        return saveCamera(null, values, typed, model, redirect, response, locale);
    }

    @GetMapping("/admin/cameras/{id}")
    String camera(@PathVariable long id, Model model, HttpServletResponse response) {
        var camera = network.camera(id);
        if (camera.isEmpty()) {
            return missing(model, response, "/admin/cameras");
        }
        return cameraPage(model, camera.get(), CameraInput.of(camera.get()), Map.of(), List.of());
    }

    @PostMapping("/admin/cameras/{id}")
    String updateCamera(@PathVariable long id, @Valid @ModelAttribute("values") CameraInput values,
                        BindingResult typed, Model model, RedirectAttributes redirect, HttpServletResponse response,
                        Locale locale) {
        if (network.camera(id).isEmpty()) {
            return missing(model, response, "/admin/cameras");
        }
        return saveCamera(id, values, typed, model, redirect, response, locale);
    }

    private String saveCamera(Long id, CameraInput values, BindingResult typed, Model model,
                              RedirectAttributes redirect, HttpServletResponse response, Locale locale) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        CameraForm form = values.form();
        if (!typed.hasErrors()) {
            try {
                Camera saved = id == null ? changes.createCamera(form) : changes.updateCamera(id, form);
                redirect.addFlashAttribute("flash", text(id == null ? "admin.cameras.flash.created"
                        : "admin.cameras.flash.updated", locale, saved.name()));
                return "redirect:/admin/cameras/" + saved.id();
            } catch (Refusal refusal) {
                response.setStatus(ProblemResponses.status(refusal.kind()).value());
                explain(refusal, errors, general, locale);
            }
        } else {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            explain(typed, form.validate(), errors, locale);
        }
        return cameraPage(model, id == null ? null : network.camera(id).orElse(null), values, errors, general);
    }

    private String cameraPage(Model model, Camera camera, CameraInput values, Map<String, String> errors,
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
        } catch (Refusal problem) {
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

    /**
     * A form whose numbers are not numbers: those fields say so, and every other field shows what
     * {@link SiteForm#validate()} or {@link CameraForm#validate()} finds wrong with it.
     */
    private void explain(BindingResult typed, List<FieldProblem> problems, Map<String, String> errors, Locale locale) {
        // Bean Validation has resolved each annotation's {admin.problem.…} message in the request's language.
        typed.getFieldErrors().forEach(e -> errors.putIfAbsent(e.getField(), e.getDefaultMessage()));
        problems.forEach(p -> errors.putIfAbsent(p.field(), text(p.resolvable(PROBLEM), locale)));
    }

    /** The service's refusal in the user's language, per field where it names one. */
    private void explain(Refusal refusal, Map<String, String> errors, List<String> general, Locale locale) {
        if (refusal.kind() == Refusal.Kind.CONFLICT) {
            // The one conflict here: the site's or camera's name is in use.
            String text = text(refusal.resolvable(PROBLEM), locale);
            errors.putIfAbsent("name", text);
            general.add(text);
            return;
        }
        for (FieldProblem p : refusal.errors()) {
            errors.putIfAbsent(p.field(), text(p.resolvable(PROBLEM), locale));
        }
        if (refusal.errors().isEmpty()) {
            general.add(refusal.getMessage());
        }
    }

    private String text(MessageSourceResolvable message, Locale locale) {
        return messages.getMessage(message, locale);
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
