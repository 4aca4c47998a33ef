package dev.plateguard.server.violations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-site and per-camera rule settings (docs/violations.md): the current settings of each scope in
 * {@code rule_settings}, every version in the append-only {@code rule_settings_history}.
 *
 * <p>Detection asks for the effective settings of a batch's cameras every run (500 ms), so they are cached per
 * camera: one query loads the cameras not cached (site settings and camera overrides, merged here), and every
 * change empties the cache when its transaction commits. Entries also expire after {@link #TTL}, which bounds how
 * long another server instance, or a camera moved to another site, keeps old settings.
 */
@Component
public class RuleSettingsStore {

    static final Duration TTL = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Which kind of thing settings belong to. */
    enum Scope {
        SITE("site", "site_id"), CAMERA("camera", "camera_id");

        final String table;
        final String column;

        Scope(String table, String column) {
            this.table = table;
            this.column = column;
        }

        String label(long id, int version) {
            return table + " " + id + " v" + version;
        }
    }

    /** The current settings of one scope. */
    record Stored(Scope scope, long id, int version, RuleSettingsForm settings, Instant updatedAt, String updatedBy) {
    }

    /**
     * A camera's settings merged from its site's and its own; {@code merged} holds the fields set anywhere (null:
     * a default), {@code settings} what the rules get.
     */
    record Effective(long cameraId, long siteId, RuleSettingsForm merged, RuleSettings settings, Stored site,
                     Stored camera) {
    }

    private final JdbcClient jdbc;
    private final Cache<Long, RuleSettings> cache = Caffeine.newBuilder().expireAfterWrite(TTL).maximumSize(100_000).build();
    private final AtomicLong generation = new AtomicLong();

    RuleSettingsStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The effective settings of each given camera; cameras without settings of their own or their site's get defaults. */
    public Map<Long, RuleSettings> effectiveFor(Collection<Long> cameraIds) {
        Map<Long, RuleSettings> result = new HashMap<>(cache.getAllPresent(cameraIds));
        if (result.size() == cameraIds.size()) {
            return result;
        }
        List<Long> missing = cameraIds.stream().filter(id -> !result.containsKey(id)).distinct().toList();
        if (missing.isEmpty()) {
            return result;
        }
        long before = generation.get();
        Map<Long, RuleSettings> loaded = new HashMap<>();
        load(missing).forEach((id, effective) -> loaded.put(id, effective.settings()));
        for (Long id : missing) {
            loaded.putIfAbsent(id, RuleSettings.DEFAULTS); // no such camera: nothing to apply
        }
        cache.putAll(loaded);
        if (generation.get() != before) {
            cache.invalidateAll(loaded.keySet()); // a change committed meanwhile: these may predate it
        }
        result.putAll(loaded);
        return result;
    }

    /** One camera's effective settings, read now (not cached); empty for an unknown camera. */
    Optional<Effective> effective(long cameraId) {
        return Optional.ofNullable(load(List.of(cameraId)).get(cameraId));
    }

    private Map<Long, Effective> load(List<Long> cameraIds) {
        Map<Long, Effective> out = new HashMap<>();
        jdbc.sql("""
                select c.id, c.site_id,
                       s.settings::text as s_settings, s.version as s_version, s.updated_at as s_at, s.updated_by as s_by,
                       s.note as s_note,
                       k.settings::text as k_settings, k.version as k_version, k.updated_at as k_at, k.updated_by as k_by,
                       k.note as k_note
                from camera c
                left join rule_settings s on s.site_id = c.site_id
                left join rule_settings k on k.camera_id = c.id
                where c.id = any(?)""")
                .param(cameraIds.toArray(Long[]::new))
                .query((ResultSet rs) -> {
                    long cameraId = rs.getLong("id");
                    long siteId = rs.getLong("site_id");
                    Stored site = stored(rs, "s_", Scope.SITE, siteId);
                    Stored camera = stored(rs, "k_", Scope.CAMERA, cameraId);
                    out.put(cameraId, merge(cameraId, siteId, site, camera));
                });
        return out;
    }

    private static Stored stored(ResultSet rs, String prefix, Scope scope, long id) throws SQLException {
        String json = rs.getString(prefix + "settings");
        if (json == null) {
            return null;
        }
        RuleSettingsForm form = JSON.readValue(json, RuleSettingsForm.class);
        form = new RuleSettingsForm(form.disabledRules(), form.redLightGraceSeconds(), form.occupantConfidenceThreshold(),
                form.busLanes(), rs.getString(prefix + "note"));
        return new Stored(scope, id, rs.getInt(prefix + "version"), form, rs.getTimestamp(prefix + "at").toInstant(),
                rs.getString(prefix + "by"));
    }

    /** Camera wins field by field; a list set on the camera (even empty) replaces the site's whole list. */
    static Effective merge(long cameraId, long siteId, Stored site, Stored camera) {
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> rules = pick(RuleSettings.DISABLED_RULES, site, camera, RuleSettingsForm::disabledRules, sources);
        var grace = pick(RuleSettings.RED_LIGHT_GRACE, site, camera, RuleSettingsForm::redLightGraceSeconds, sources);
        var threshold = pick(RuleSettings.OCCUPANT_THRESHOLD, site, camera, RuleSettingsForm::occupantConfidenceThreshold,
                sources);
        var lanes = pick(RuleSettings.BUS_LANES, site, camera, RuleSettingsForm::busLanes, sources);
        RuleSettingsForm merged = new RuleSettingsForm(rules, grace, threshold, lanes, null);
        RuleSettings settings = sources.isEmpty() ? RuleSettings.DEFAULTS : new RuleSettings(
                rules == null ? Set.of() : Set.copyOf(rules), grace, threshold,
                lanes == null ? List.of() : RuleSettingsForm.toBusLanes(lanes), sources);
        return new Effective(cameraId, siteId, merged, settings, site, camera);
    }

    private static <T> T pick(String field, Stored site, Stored camera, java.util.function.Function<RuleSettingsForm, T> get,
                              Map<String, String> sources) {
        for (Stored s : new Stored[] {camera, site}) {
            if (s != null && get.apply(s.settings()) != null) {
                sources.put(field, s.scope().label(s.id(), s.version()));
                return get.apply(s.settings());
            }
        }
        return null;
    }

    /** A site or camera as the rules page names it; {@code siteId} and {@code timezone} where they apply. */
    record Place(long id, String name, Long siteId, String timezone) {
    }

    /** Every site by name: what settings can be set on (read here, as the settings already join the camera table). */
    List<Place> sites() {
        return jdbc.sql("select id, name, timezone from site order by name")
                .query((rs, n) -> new Place(rs.getLong(1), rs.getString(2), null, rs.getString(3))).list();
    }

    Optional<Place> site(long id) {
        return jdbc.sql("select id, name, timezone from site where id = ?").param(id)
                .query((rs, n) -> new Place(rs.getLong(1), rs.getString(2), null, rs.getString(3))).optional();
    }

    List<Place> cameras(long siteId) {
        return jdbc.sql("select id, name, site_id from camera where site_id = ? order by name").param(siteId)
                .query((rs, n) -> new Place(rs.getLong(1), rs.getString(2), rs.getLong(3), null)).list();
    }

    Optional<Place> camera(long id) {
        return jdbc.sql("select id, name, site_id from camera where id = ?").param(id)
                .query((rs, n) -> new Place(rs.getLong(1), rs.getString(2), rs.getLong(3), null)).optional();
    }

    /** Whether the site or camera exists, locking its row against concurrent settings changes when it does. */
    boolean lock(Scope scope, long id) {
        // FOR NO KEY UPDATE serialises settings changes of one scope without blocking ingest's foreign-key checks.
        return jdbc.sql("select id from " + scope.table + " where id = ? for no key update").param(id)
                .query(Long.class).optional().isPresent();
    }

    boolean exists(Scope scope, long id) {
        return jdbc.sql("select exists (select 1 from " + scope.table + " where id = ?)").param(id)
                .query(Boolean.class).single();
    }

    /** The current settings of a site or camera; empty when it inherits everything. */
    Optional<Stored> current(Scope scope, long id) {
        return jdbc.sql("select settings::text, note, version, updated_at, updated_by from rule_settings where "
                        + scope.column + " = ?")
                .param(id)
                .query((rs, n) -> {
                    RuleSettingsForm form = JSON.readValue(rs.getString(1), RuleSettingsForm.class);
                    return new Stored(scope, id, rs.getInt(3), new RuleSettingsForm(form.disabledRules(),
                            form.redLightGraceSeconds(), form.occupantConfidenceThreshold(), form.busLanes(),
                            rs.getString(2)), rs.getTimestamp(4).toInstant(), rs.getString(5));
                })
                .optional();
    }

    /**
     * Replaces the settings of a scope already locked with {@link #lock} (normalised {@code settings}), as a new
     * version; in the caller's transaction. The cache is emptied when it commits.
     */
    Stored put(Scope scope, long id, RuleSettingsForm settings, String actor) {
        int version = nextVersion(scope, id);
        String json = JSON.writeValueAsString(settings.withoutNote());
        int updated = jdbc.sql("update rule_settings set settings = ?::jsonb, note = ?, version = ?, updated_at = now(), "
                        + "updated_by = ? where " + scope.column + " = ?")
                .params(json, settings.note(), version, actor, id).update();
        if (updated == 0) {
            jdbc.sql("insert into rule_settings (" + scope.column + ", settings, note, version, updated_by) "
                            + "values (?, ?::jsonb, ?, ?, ?)")
                    .params(id, json, settings.note(), version, actor).update();
        }
        history(scope, id, version, "put", json, settings.note(), actor);
        invalidateOnCommit();
        return current(scope, id).orElseThrow();
    }

    /**
     * Deletes the settings of a scope already locked with {@link #lock}: it inherits again. Answers the version
     * of the deletion, or empty when there were no settings.
     */
    Optional<Integer> delete(Scope scope, long id, String actor) {
        int deleted = jdbc.sql("delete from rule_settings where " + scope.column + " = ?").param(id).update();
        if (deleted == 0) {
            return Optional.empty();
        }
        int version = nextVersion(scope, id);
        history(scope, id, version, "delete", null, null, actor);
        invalidateOnCommit();
        return Optional.of(version);
    }

    /** The history of a scope, newest first. */
    List<Map<String, Object>> history(Scope scope, long id) {
        List<Map<String, Object>> out = new ArrayList<>();
        jdbc.sql("select version, action, settings::text, note, changed_at, changed_by from rule_settings_history where "
                        + scope.column + " = ? order by version desc")
                .param(id)
                .query((ResultSet rs) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("version", rs.getInt(1));
                    row.put("action", rs.getString(2));
                    row.put("settings", rs.getString(3) == null ? null : JSON.readTree(rs.getString(3)));
                    row.put("note", rs.getString(4));
                    row.put("changedAt", rs.getTimestamp(5).toInstant());
                    row.put("changedBy", rs.getString(6));
                    out.add(row);
                });
        return out;
    }

    private int nextVersion(Scope scope, long id) {
        return jdbc.sql("select coalesce(max(version), 0) + 1 from rule_settings_history where " + scope.column + " = ?")
                .param(id).query(Integer.class).single();
    }

    private void history(Scope scope, long id, int version, String action, String json, String note, String actor) {
        jdbc.sql("insert into rule_settings_history (" + scope.column + ", version, action, settings, note, changed_by) "
                        + "values (?, ?, ?, ?::jsonb, ?, ?)")
                .params(id, version, action, json, note, actor).update();
    }

    private void invalidateOnCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    invalidate();
                }
            });
        } else {
            invalidate();
        }
    }

    /** Forgets every cached camera: the next detection batch reads the settings again. */
    public void invalidate() {
        generation.incrementAndGet();
        cache.invalidateAll();
    }

    /**
     * The rule names a settings list may name: every {@link ViolationRule} and average speed, which detection skips
     * at a camera that switches it off. The registry rules have their own global switch.
     */
    static Set<String> names(List<ViolationRule> rules) {
        Set<String> names = new LinkedHashSet<>();
        rules.forEach(r -> names.add(r.name()));
        names.add(SectionMatcher.RULE);
        return names;
    }
}
