package dev.plateguard.server.violations;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

import dev.plateguard.server.identity.PlateGuardPrincipal;
import dev.plateguard.server.validation.JsonProblems;
import dev.plateguard.server.validation.Refusal;

/**
 * Rule settings per site and per camera (docs/violations.md). OPERATORs, SUPERVISORs and ADMINs read them;
 * SUPERVISORs and ADMINs change them. Every change, and every refused change, is audited
 * ({@code rules.settings.put}, {@code rules.settings.delete}); each change is also a new version in
 * {@code rule_settings_history}.
 */
@RestController
class RuleSettingsController {

    /** Largest JSON body of a PUT. */
    static final int MAX_JSON_BYTES = 16 * 1024;

    /** Strict JSON: unknown fields, duplicate keys, trailing content and type coercions are errors naming the field. */
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Float, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert))
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.TryConvert)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.TryConvert))
            .build();

    private final RuleSettingsStore store;
    private final CatalogueStore catalogues;
    private final RuleSettingsChanges changes;
    private final Set<String> ruleNames;

    RuleSettingsController(RuleSettingsStore store, CatalogueStore catalogues, RuleSettingsChanges changes) {
        this.store = store;
        this.catalogues = catalogues;
        this.changes = changes;
        this.ruleNames = changes.ruleNames();
    }

    // ---- sites ----------------------------------------------------------------------------------------------

    @GetMapping("/api/v1/rules/settings/sites/{siteId}")
    Map<String, Object> site(@PathVariable long siteId) {
        return view(RuleSettingsStore.Scope.SITE, siteId);
    }

    @Operation(summary = "Replace a site's rule settings (SUPERVISOR, ADMIN)", description = "See docs/violations.md.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = RuleSettingsForm.class))))
    @PutMapping("/api/v1/rules/settings/sites/{siteId}")
    @Transactional(noRollbackFor = Refusal.class)
    Map<String, Object> putSite(@PathVariable long siteId, HttpServletRequest request, @AuthenticationPrincipal PlateGuardPrincipal actor)
            throws IOException {
        return put(RuleSettingsStore.Scope.SITE, siteId, request, actor);
    }

    @DeleteMapping("/api/v1/rules/settings/sites/{siteId}")
    @Transactional(noRollbackFor = Refusal.class)
    ResponseEntity<Void> deleteSite(@PathVariable long siteId, @AuthenticationPrincipal PlateGuardPrincipal actor) {
        return delete(RuleSettingsStore.Scope.SITE, siteId, actor);
    }

    @GetMapping("/api/v1/rules/settings/sites/{siteId}/history")
    Map<String, Object> siteHistory(@PathVariable long siteId) {
        return history(RuleSettingsStore.Scope.SITE, siteId);
    }

    // ---- cameras --------------------------------------------------------------------------------------------

    @GetMapping("/api/v1/rules/settings/cameras/{cameraId}")
    Map<String, Object> camera(@PathVariable long cameraId) {
        return view(RuleSettingsStore.Scope.CAMERA, cameraId);
    }

    @Operation(summary = "Replace a camera's rule settings (SUPERVISOR, ADMIN)", description = "See docs/violations.md.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = RuleSettingsForm.class))))
    @PutMapping("/api/v1/rules/settings/cameras/{cameraId}")
    @Transactional(noRollbackFor = Refusal.class)
    Map<String, Object> putCamera(@PathVariable long cameraId, HttpServletRequest request, @AuthenticationPrincipal PlateGuardPrincipal actor)
            throws IOException {
        return put(RuleSettingsStore.Scope.CAMERA, cameraId, request, actor);
    }

    @DeleteMapping("/api/v1/rules/settings/cameras/{cameraId}")
    @Transactional(noRollbackFor = Refusal.class)
    ResponseEntity<Void> deleteCamera(@PathVariable long cameraId, @AuthenticationPrincipal PlateGuardPrincipal actor) {
        return delete(RuleSettingsStore.Scope.CAMERA, cameraId, actor);
    }

    @GetMapping("/api/v1/rules/settings/cameras/{cameraId}/history")
    Map<String, Object> cameraHistory(@PathVariable long cameraId) {
        return history(RuleSettingsStore.Scope.CAMERA, cameraId);
    }

    /** What applies at a camera: each field's value, with the catalogue's values filled in, and where it came from. */
    @GetMapping("/api/v1/rules/settings/cameras/{cameraId}/effective")
    Map<String, Object> effective(@PathVariable long cameraId) {
        RuleSettingsStore.Effective e = store.effective(cameraId)
                .orElseThrow(() -> Refusal.notFound("no camera " + cameraId));
        Catalogue catalogue = catalogues.current();
        RuleSettingsForm m = e.merged();
        Map<String, String> sources = new LinkedHashMap<>();
        String catalogueSource = "catalogue " + catalogue.version();
        sources.put(RuleSettings.DISABLED_RULES, e.settings().source(RuleSettings.DISABLED_RULES).orElse("default"));
        sources.put(RuleSettings.RED_LIGHT_GRACE, e.settings().source(RuleSettings.RED_LIGHT_GRACE).orElse(catalogueSource));
        sources.put(RuleSettings.OCCUPANT_THRESHOLD,
                e.settings().source(RuleSettings.OCCUPANT_THRESHOLD).orElse(catalogueSource));
        sources.put(RuleSettings.BUS_LANES, e.settings().source(RuleSettings.BUS_LANES).orElse("default"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("cameraId", e.cameraId());
        out.put("siteId", e.siteId());
        out.put(RuleSettings.DISABLED_RULES, m.disabledRules() == null ? List.of() : m.disabledRules());
        out.put("enabledRules", ruleNames.stream().filter(e.settings()::enabled).sorted().toList());
        out.put(RuleSettings.RED_LIGHT_GRACE, Catalogue.plain(e.settings().redLightGrace(catalogue)));
        out.put(RuleSettings.OCCUPANT_THRESHOLD, Catalogue.plain(e.settings().occupantThreshold(catalogue)));
        out.put(RuleSettings.BUS_LANES, m.busLanes() == null ? List.of() : m.busLanes());
        out.put("sources", sources);
        out.put("siteVersion", e.site() == null ? null : e.site().version());
        out.put("cameraVersion", e.camera() == null ? null : e.camera().version());
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------

    private Map<String, Object> view(RuleSettingsStore.Scope scope, long id) {
        if (!store.exists(scope, id)) {
            throw Refusal.notFound("no " + scope.table + " " + id);
        }
        return view(scope, id, store.current(scope, id).orElse(null));
    }

    /** The settings of a scope; all fields null (inherited) and no version when it has none. */
    private static Map<String, Object> view(RuleSettingsStore.Scope scope, long id, RuleSettingsStore.Stored stored) {
        RuleSettingsForm s = stored == null ? new RuleSettingsForm(null, null, null, null, null) : stored.settings();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(scope == RuleSettingsStore.Scope.SITE ? "siteId" : "cameraId", id);
        out.put("version", stored == null ? null : stored.version());
        out.put("updatedAt", stored == null ? null : stored.updatedAt());
        out.put("updatedBy", stored == null ? null : stored.updatedBy());
        out.put(RuleSettings.DISABLED_RULES, s.disabledRules());
        out.put(RuleSettings.RED_LIGHT_GRACE, s.redLightGraceSeconds());
        out.put(RuleSettings.OCCUPANT_THRESHOLD, s.occupantConfidenceThreshold());
        out.put(RuleSettings.BUS_LANES, s.busLanes());
        out.put("note", s.note());
        return out;
    }

    private Map<String, Object> put(RuleSettingsStore.Scope scope, long id, HttpServletRequest request,
                                    PlateGuardPrincipal actor) throws IOException {
        RuleSettingsStore.Stored stored = changes.put(scope, id, () -> {
            requireJson(request);
            return parse(body(request));
        }, actor);
        return view(scope, id, stored);
    }

    private ResponseEntity<Void> delete(RuleSettingsStore.Scope scope, long id, PlateGuardPrincipal actor) {
        changes.delete(scope, id, actor);
        return ResponseEntity.noContent().build();
    }

    private Map<String, Object> history(RuleSettingsStore.Scope scope, long id) {
        if (!store.exists(scope, id)) {
            throw Refusal.notFound("no " + scope.table + " " + id);
        }
        return Map.of("items", store.history(scope, id));
    }

    private static RuleSettingsForm parse(byte[] json) {
        try {
            RuleSettingsForm form = STRICT.readValue(json, RuleSettingsForm.class);
            if (form == null) {
                throw Refusal.malformed("body must be a JSON object");
            }
            return form;
        } catch (JacksonException e) {
            throw JsonProblems.from(e, "");
        }
    }

    private static void requireJson(HttpServletRequest request) {
        String header = request.getContentType();
        MediaType type;
        try {
            type = header == null ? null : MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        if (type == null || !MediaType.APPLICATION_JSON.isCompatibleWith(type) || type.isWildcardType()
                || type.isWildcardSubtype()) {
            throw Refusal.unsupportedMedia("Content-Type", "must be " + MediaType.APPLICATION_JSON);
        }
        String charset = type.getParameter("charset");
        if (charset != null && !charset.replace("\"", "").equalsIgnoreCase("utf-8")) {
            throw Refusal.unsupportedMedia("Content-Type", "charset must be UTF-8");
        }
    }

    private static byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_JSON_BYTES) {
            throw Refusal.tooLarge("body exceeds " + MAX_JSON_BYTES + " bytes");
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw Refusal.tooLarge("body exceeds " + MAX_JSON_BYTES + " bytes");
            }
            return bytes;
        }
    }
}
