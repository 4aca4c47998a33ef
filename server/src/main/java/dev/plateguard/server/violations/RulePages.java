package dev.plateguard.server.violations;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * The rules page (docs/violations.md): the offence catalogue for its readers (ADMIN, SUPERVISOR), and the rule
 * settings of a site and of a camera (own settings, what applies, history) for the settings API's readers. Its
 * writers (ADMIN, SUPERVISOR) change them through a form, by the same checks and audit as the API
 * ({@link RuleSettingsChanges}). Bus lanes are shown and kept as they are: they are set through the API.
 */
@Controller
class RulePages {

    private static final String DEFAULT_ZONE = "Asia/Tashkent";

    private final CatalogueStore catalogues;
    private final RuleSettingsStore store;
    private final RuleSettingsChanges changes;
    private final MessageSource messages;

    RulePages(CatalogueStore catalogues, RuleSettingsStore store, RuleSettingsChanges changes, MessageSource messages) {
        this.catalogues = catalogues;
        this.store = store;
        this.changes = changes;
        this.messages = messages;
    }

    /** An offence of the catalogue with its fines in som at today's BRV (null without a BRV in force). */
    record OffenceRow(Catalogue.Offence offence, Long fineSom, Long repeatFineSom) {
    }

    /** A speeding tier: km/h over the limit after tolerance, above {@code fromKmhOver} up to {@code upToKmhOver}. */
    record TierRow(BigDecimal fromKmhOver, BigDecimal upToKmhOver, String article, BigDecimal fineBrv, Long fineSom) {
    }

    /** One field of what applies at a camera: its value in words and where it comes from, in words. */
    record EffectiveRow(String field, String value, String source) {
    }

    /**
     * A scope's own settings as the page shows and edits them; {@code disabledRules} and {@code busLanes} in words,
     * null where inherited ({@code disabledList} is the list itself for the form).
     */
    record OwnSettings(int version, Instant updatedAt, String updatedBy, String note, List<String> disabledList,
                       String disabledRules, BigDecimal grace, BigDecimal threshold, String busLanes) {
    }

    /** One version of a scope's settings in words. */
    record HistoryRow(int version, String action, Instant changedAt, String changedBy, String note, String summary) {
    }

    @GetMapping("/rules")
    String page(@RequestParam(required = false) String site, @RequestParam(required = false) String camera,
                @AuthenticationPrincipal UserPrincipal me, Model model, Locale locale) {
        boolean catalogueReader = me.roles().contains(Role.ADMIN) || me.roles().contains(Role.SUPERVISOR);
        model.addAttribute("canEdit", catalogueReader); // the settings API's writers are the catalogue's readers
        model.addAttribute("showCatalogue", catalogueReader);
        if (catalogueReader) {
            catalogue(model);
        }
        List<String> notFound = new ArrayList<>();
        Long siteId = id(site, notFound, locale);
        Long cameraId = id(camera, notFound, locale);
        RuleSettingsStore.Place selectedCamera = cameraId == null ? null : store.camera(cameraId).orElse(null);
        if (cameraId != null && selectedCamera == null) {
            notFound.add(messages.getMessage("rulepage.error.noCamera", null, locale));
        }
        if (selectedCamera != null) {
            siteId = selectedCamera.siteId();
        }
        RuleSettingsStore.Place selectedSite = siteId == null ? null : store.site(siteId).orElse(null);
        if (siteId != null && selectedSite == null) {
            notFound.add(messages.getMessage("rulepage.error.noSite", null, locale));
        }
        model.addAttribute("lookupErrors", notFound);
        model.addAttribute("sites", store.sites());
        model.addAttribute("ruleNames", changes.ruleNames().stream().sorted().toList());
        model.addAttribute("site", selectedSite);
        model.addAttribute("camera", selectedCamera);
        if (selectedSite != null) {
            String zone = selectedSite.timezone();
            model.addAttribute("zone", zone);
            model.addAttribute("cameras", store.cameras(selectedSite.id()));
            model.addAttribute("siteSettings", own(RuleSettingsStore.Scope.SITE, selectedSite.id(), locale));
            model.addAttribute("siteHistory", history(RuleSettingsStore.Scope.SITE, selectedSite.id(), locale));
        }
        if (selectedCamera != null) {
            model.addAttribute("cameraSettings", own(RuleSettingsStore.Scope.CAMERA, selectedCamera.id(), locale));
            model.addAttribute("cameraHistory", history(RuleSettingsStore.Scope.CAMERA, selectedCamera.id(), locale));
            store.effective(selectedCamera.id()).ifPresent(e -> model.addAttribute("effective", effective(e, locale)));
        }
        return "violations/rules";
    }

    @PostMapping("/rules/sites/{id}")
    String putSite(@PathVariable long id, @RequestParam(required = false) String disabledRulesMode,
                   @RequestParam(required = false) List<String> disabledRules, @RequestParam(required = false) String grace,
                   @RequestParam(required = false) String threshold, @RequestParam(required = false) String note,
                   @AuthenticationPrincipal UserPrincipal me, RedirectAttributes redirect, Locale locale) {
        put(RuleSettingsStore.Scope.SITE, id, disabledRulesMode, disabledRules, grace, threshold, note, me, redirect, locale);
        return "redirect:" + back(id, null);
    }

    @PostMapping("/rules/cameras/{id}")
    String putCamera(@PathVariable long id, @RequestParam(required = false) String disabledRulesMode,
                     @RequestParam(required = false) List<String> disabledRules, @RequestParam(required = false) String grace,
                     @RequestParam(required = false) String threshold, @RequestParam(required = false) String note,
                     @AuthenticationPrincipal UserPrincipal me, RedirectAttributes redirect, Locale locale) {
        put(RuleSettingsStore.Scope.CAMERA, id, disabledRulesMode, disabledRules, grace, threshold, note, me, redirect, locale);
        return "redirect:" + back(null, id);
    }

    @PostMapping("/rules/sites/{id}/clear")
    String clearSite(@PathVariable long id, @AuthenticationPrincipal UserPrincipal me, RedirectAttributes redirect,
                     Locale locale) {
        clear(RuleSettingsStore.Scope.SITE, id, me, redirect, locale);
        return "redirect:" + back(id, null);
    }

    @PostMapping("/rules/cameras/{id}/clear")
    String clearCamera(@PathVariable long id, @AuthenticationPrincipal UserPrincipal me, RedirectAttributes redirect,
                       Locale locale) {
        clear(RuleSettingsStore.Scope.CAMERA, id, me, redirect, locale);
        return "redirect:" + back(null, id);
    }

    // ---------------------------------------------------------------------------------------------------------

    private void put(RuleSettingsStore.Scope scope, long id, String disabledRulesMode, List<String> disabledRules,
                     String grace, String threshold, String note, UserPrincipal me, RedirectAttributes redirect,
                     Locale locale) {
        try {
            RuleSettingsStore.Stored stored = changes.put(scope, id, () -> {
                List<FieldProblem> errors = new ArrayList<>();
                BigDecimal graceValue = decimal(RuleSettings.RED_LIGHT_GRACE, grace, errors);
                BigDecimal thresholdValue = decimal(RuleSettings.OCCUPANT_THRESHOLD, threshold, errors);
                if (!errors.isEmpty()) {
                    throw Refusal.invalid(errors);
                }
                // "inherit" leaves the list out; "set" stores it, empty meaning every rule on here.
                List<String> rules = "set".equals(disabledRulesMode)
                        ? (disabledRules == null ? List.of() : disabledRules) : null;
                // The page does not edit bus lanes: the ones stored stay as they are.
                var lanes = store.current(scope, id).map(s -> s.settings().busLanes()).orElse(null);
                return new RuleSettingsForm(rules, graceValue, thresholdValue, lanes, note);
            }, me);
            redirect.addFlashAttribute("flash", messages.getMessage("rulepage.flash.saved",
                    new Object[] {stored.version()}, locale));
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", text(e, locale));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // the form is read before: never here
        }
    }

    private void clear(RuleSettingsStore.Scope scope, long id, UserPrincipal me, RedirectAttributes redirect, Locale locale) {
        try {
            changes.delete(scope, id, me);
            redirect.addFlashAttribute("flash", messages.getMessage("rulepage.flash.cleared", null, locale));
        } catch (Refusal e) {
            redirect.addFlashAttribute("flashError", messages.getMessage(
                    e.getMessage() != null && e.getMessage().contains("no rule settings") ? "rulepage.error.noSettings"
                            : "rulepage.error.notFound", null, locale));
        }
    }

    private static String back(Long site, Long camera) {
        return UriComponentsBuilder.fromPath("/rules").queryParamIfPresent("site", Optional.ofNullable(site))
                .queryParamIfPresent("camera", Optional.ofNullable(camera)).build().toUriString();
    }

    private void catalogue(Model model) {
        Catalogue catalogue = catalogues.current();
        Long brv = catalogue.brvOn(LocalDate.now(ZoneId.of(DEFAULT_ZONE))).orElse(null);
        List<OffenceRow> offences = catalogue.offences().stream().map(o -> new OffenceRow(o, som(o.fineBrv(), brv),
                som(o.repeatFineBrv(), brv))).toList();
        List<TierRow> tiers = new ArrayList<>();
        BigDecimal previous = BigDecimal.ZERO;
        for (Catalogue.SpeedTier t : catalogue.speedTiers()) {
            tiers.add(new TierRow(previous, t.upToKmhOver(), t.article(), t.fineBrv(), som(t.fineBrv(), brv)));
            previous = t.upToKmhOver();
        }
        model.addAttribute("catalogue", catalogue);
        model.addAttribute("brvNow", brv);
        model.addAttribute("offences", offences);
        model.addAttribute("tiers", tiers);
    }

    private static Long som(BigDecimal fineBrv, Long brv) {
        return fineBrv == null || brv == null ? null : Catalogue.fineSom(fineBrv, brv);
    }

    private OwnSettings own(RuleSettingsStore.Scope scope, long id, Locale locale) {
        return store.current(scope, id).map(stored -> {
            RuleSettingsForm f = stored.settings();
            String disabled = f.disabledRules() == null ? null
                    : f.disabledRules().isEmpty() ? t(locale, "rulepage.none") : rules(f.disabledRules(), locale);
            return new OwnSettings(stored.version(), stored.updatedAt(), stored.updatedBy(), f.note(), f.disabledRules(),
                    disabled, f.redLightGraceSeconds(), f.occupantConfidenceThreshold(),
                    f.busLanes() == null ? null : lanes(f.busLanes(), locale));
        }).orElse(null);
    }

    private List<EffectiveRow> effective(RuleSettingsStore.Effective e, Locale locale) {
        Catalogue catalogue = catalogues.current();
        RuleSettings s = e.settings();
        List<EffectiveRow> rows = new ArrayList<>();
        List<String> disabled = changes.ruleNames().stream().filter(r -> !s.enabled(r)).sorted().toList();
        rows.add(new EffectiveRow(RuleSettings.DISABLED_RULES, disabled.isEmpty()
                ? t(locale, "rulepage.allRulesOn") : rules(disabled, locale),
                source(e, RuleSettingsForm::disabledRules, null, locale)));
        rows.add(new EffectiveRow(RuleSettings.RED_LIGHT_GRACE,
                t(locale, "code.unit.seconds", number(s.redLightGrace(catalogue), locale)),
                source(e, RuleSettingsForm::redLightGraceSeconds, catalogue, locale)));
        rows.add(new EffectiveRow(RuleSettings.OCCUPANT_THRESHOLD, number(s.occupantThreshold(catalogue), locale),
                source(e, RuleSettingsForm::occupantConfidenceThreshold, catalogue, locale)));
        rows.add(new EffectiveRow(RuleSettings.BUS_LANES, lanes(e.merged().busLanes(), locale),
                source(e, RuleSettingsForm::busLanes, null, locale)));
        return rows;
    }

    /** Camera first, then site, then the catalogue (for the values it has) or the defaults. */
    private String source(RuleSettingsStore.Effective e, java.util.function.Function<RuleSettingsForm, ?> field,
                          Catalogue catalogue, Locale locale) {
        if (e.camera() != null && field.apply(e.camera().settings()) != null) {
            return t(locale, "rulepage.source.camera", String.valueOf(e.camera().version()));
        }
        if (e.site() != null && field.apply(e.site().settings()) != null) {
            return t(locale, "rulepage.source.site", String.valueOf(e.site().version()));
        }
        return catalogue == null ? t(locale, "rulepage.source.default")
                : t(locale, "rulepage.source.catalogue", String.valueOf(catalogue.version()));
    }

    private List<HistoryRow> history(RuleSettingsStore.Scope scope, long id, Locale locale) {
        List<HistoryRow> rows = new ArrayList<>();
        for (var h : store.history(scope, id)) {
            rows.add(new HistoryRow((Integer) h.get("version"), t(locale, "rulepage.action." + h.get("action")),
                    (Instant) h.get("changedAt"), (String) h.get("changedBy"), (String) h.get("note"),
                    summary((JsonNode) h.get("settings"), locale)));
        }
        return rows;
    }

    /** Stored settings in words: only the fields they set. */
    private String summary(JsonNode settings, Locale locale) {
        if (settings == null) {
            return t(locale, "rulepage.inheritsAll");
        }
        List<String> parts = new ArrayList<>();
        JsonNode rules = settings.get(RuleSettings.DISABLED_RULES);
        if (rules != null && !rules.isNull()) {
            List<String> names = new ArrayList<>();
            rules.forEach(r -> names.add(r.asString()));
            parts.add(t(locale, "rulepage.field.disabledRules") + ": "
                    + (names.isEmpty() ? t(locale, "rulepage.none") : rules(names, locale)));
        }
        JsonNode grace = settings.get(RuleSettings.RED_LIGHT_GRACE);
        if (grace != null && !grace.isNull()) {
            parts.add(t(locale, "rulepage.field.redLightGraceSeconds") + ": "
                    + t(locale, "code.unit.seconds", number(grace.decimalValue(), locale)));
        }
        JsonNode threshold = settings.get(RuleSettings.OCCUPANT_THRESHOLD);
        if (threshold != null && !threshold.isNull()) {
            parts.add(t(locale, "rulepage.field.occupantConfidenceThreshold") + ": " + number(threshold.decimalValue(), locale));
        }
        JsonNode lanes = settings.get(RuleSettings.BUS_LANES);
        if (lanes != null && !lanes.isNull()) {
            parts.add(t(locale, "rulepage.field.busLanes") + ": " + lanes.size());
        }
        return parts.isEmpty() ? t(locale, "rulepage.inheritsAll") : String.join(" · ", parts);
    }

    /** Rule names in words, for a list of disabled rules. */
    String rules(List<String> names, Locale locale) {
        return String.join(", ", names.stream().map(n -> messages.getMessage("rulepage.rule." + n, null, n, locale)).toList());
    }

    /** Bus lanes in words: "lane 1: Mon, Tue 07:00–10:00 (bus, taxi)". */
    String lanes(List<RuleSettingsForm.BusLaneForm> lanes, Locale locale) {
        if (lanes == null || lanes.isEmpty()) {
            return t(locale, "rulepage.noBusLanes");
        }
        List<String> out = new ArrayList<>();
        for (var lane : lanes) {
            List<String> windows = new ArrayList<>();
            for (var w : lane.schedule() == null ? List.<RuleSettingsForm.WindowForm>of() : lane.schedule()) {
                String days = w.days() == null || w.days().size() == 7 ? t(locale, "rulepage.daily")
                        : String.join(", ", w.days().stream().map(d -> t(locale, "rulepage.day." + d)).toList());
                windows.add(days + " " + w.from() + "–" + w.to());
            }
            String types = String.join(", ", (lane.allowedVehicleTypes() == null ? List.of(RuleSettings.DEFAULT_ALLOWED_TYPE)
                    : lane.allowedVehicleTypes()).stream()
                    .map(v -> messages.getMessage("code.vehicle." + v, null, v, locale)).toList());
            out.add(t(locale, "rulepage.lane", String.valueOf(lane.lane()),
                    windows.isEmpty() ? t(locale, "rulepage.always") : String.join("; ", windows), types));
        }
        return String.join(" · ", out);
    }

    private String text(Refusal e, Locale locale) {
        if (e.errors().isEmpty()) {
            return t(locale, "rulepage.error.notFound");
        }
        List<String> out = new ArrayList<>();
        for (FieldProblem p : e.errors()) {
            String root = p.field().split("[\\[.]", 2)[0];
            String key = "number".equals(p.code()) ? "rulepage.error.number" : "rulepage.error." + root;
            out.add(messages.getMessage("rulepage.field." + root, null, root, locale) + ": "
                    + messages.getMessage(key, null, p.message(), locale));
        }
        return String.join(" ", out);
    }

    private Long id(String value, List<String> errors, Locale locale) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            errors.add(t(locale, "rulepage.error.id"));
            return null;
        }
    }

    /** A decimal as a person types it (comma or point); blank means inherited. */
    private static BigDecimal decimal(String field, String value, List<FieldProblem> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(value.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            errors.add(FieldProblem.coded(field, "number", "must be a number"));
            return null;
        }
    }

    private static String number(BigDecimal value, Locale locale) {
        if (value == null) {
            return "–";
        }
        java.text.NumberFormat format = java.text.NumberFormat.getNumberInstance(locale);
        format.setMaximumFractionDigits(3);
        return format.format(value);
    }

    private String t(Locale locale, String key, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
