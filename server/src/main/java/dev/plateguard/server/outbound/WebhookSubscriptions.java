package dev.plateguard.server.outbound;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.InstallationKeys;
import dev.plateguard.server.SecretBox;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Secrets;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.validation.SafeText;

/**
 * Webhook subscriptions, managed by an ADMIN (docs/outbound.md): a URL ({@link WebhookTargets}), the event types
 * it wants, a signing secret generated here, shown once and stored encrypted (installation key
 * {@value #KEY_NAME}), and whether it is active. Every change is audited; the secret never is.
 */
@Service
class WebhookSubscriptions {

    static final String KEY_NAME = "webhook-secrets";
    static final int MAX_SUBSCRIPTIONS = 100;
    static final int MAX_EVENT_TYPES = 20;
    /** An event type, a prefix of types ending in {@code .*}, or {@code *} for all. */
    static final Pattern EVENT_TYPE = Pattern.compile("\\*|[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)*(\\.\\*)?");

    /** A subscription as the API and the page show it: never its secret, only the secret's first characters. */
    record Subscription(long id, String url, List<String> eventTypes, String description, boolean active,
                        boolean includeCovert, String secretHint, String createdBy, Instant createdAt, Instant updatedAt,
                        Instant secretRotatedAt) {
    }

    /**
     * What an ADMIN sends to create or change a subscription; {@code active} defaults to true, {@code includeCovert}
     * (alerts of covert hotlists, which only their owners and auditors see in PlateGuard) to false.
     */
    record Draft(String url, List<String> eventTypes, String description, Boolean active, Boolean includeCovert) {

        Draft(String url, List<String> eventTypes, String description, Boolean active) {
            this(url, eventTypes, description, active, null);
        }
    }

    /** A subscription with its signing secret: answered once, when it is created or its secret replaced. */
    record WithSecret(Subscription subscription, String secret) {
    }

    /** What a delivery needs: where to, and the secret to sign with. */
    record Target(String url, String secret) {
    }

    private final JdbcClient jdbc;
    private final WebhookTargets targets;
    private final SecretBox box;
    private final AuditLog audit;

    WebhookSubscriptions(JdbcClient jdbc, WebhookTargets targets, InstallationKeys keys, AuditLog audit) {
        this.jdbc = jdbc;
        this.targets = targets;
        this.box = new SecretBox(keys, KEY_NAME, "webhook secret", "plateguard webhook-secret v1 webhook:");
        this.audit = audit;
    }

    List<Subscription> list() {
        return jdbc.sql("select * from webhook_subscription order by id").query((rs, n) -> subscription(rs)).list();
    }

    Optional<Subscription> find(long id) {
        return jdbc.sql("select * from webhook_subscription where id = ?").param(id)
                .query((rs, n) -> subscription(rs)).optional();
    }

    Subscription get(long id) {
        return find(id).orElseThrow(() -> Refusal.notFound("no webhook " + id));
    }

    @Transactional
    WithSecret create(Draft draft, String actor) {
        Valid valid = validate(draft);
        if (jdbc.sql("select count(*) from webhook_subscription").query(Long.class).single() >= MAX_SUBSCRIPTIONS) {
            throw Refusal.conflict("at most " + MAX_SUBSCRIPTIONS + " webhooks; delete one first", "tooMany",
                    MAX_SUBSCRIPTIONS);
        }
        refuseDuplicate(valid.url(), null);
        long id = jdbc.sql("select nextval(pg_get_serial_sequence('webhook_subscription', 'id'))")
                .query(Long.class).single();
        String secret = Secrets.generate(WebhookSignature.SECRET_PREFIX);
        jdbc.sql("""
                        insert into webhook_subscription (id, url, event_types, description, active, include_covert,
                            secret_box, secret_hint, created_by)
                        values (?, ?, ?::text[], ?, ?, ?, ?, ?, ?)""")
                .params(id, valid.url(), arrayLiteral(valid.eventTypes()), valid.description(), valid.active(),
                        valid.includeCovert(), box.seal(id, secret.getBytes(StandardCharsets.UTF_8)), Secrets.hint(secret), actor)
                .update();
        audit.record("webhook.create", "webhook:" + id, AuditLog.Outcome.SUCCESS, details(valid));
        return new WithSecret(get(id), secret);
    }

    @Transactional
    Subscription update(long id, Draft draft) {
        Valid valid = validate(draft);
        get(id);
        refuseDuplicate(valid.url(), id);
        jdbc.sql("""
                        update webhook_subscription set url = ?, event_types = ?::text[], description = ?, active = ?,
                            include_covert = ?, updated_at = now()
                        where id = ?""")
                .params(valid.url(), arrayLiteral(valid.eventTypes()), valid.description(), valid.active(),
                        valid.includeCovert(), id)
                .update();
        audit.record("webhook.update", "webhook:" + id, AuditLog.Outcome.SUCCESS, details(valid));
        return get(id);
    }

    /** A new signing secret, shown once; the old one stops working at once. */
    @Transactional
    WithSecret replaceSecret(long id) {
        get(id);
        String secret = Secrets.generate(WebhookSignature.SECRET_PREFIX);
        jdbc.sql("""
                        update webhook_subscription set secret_box = ?, secret_hint = ?, secret_rotated_at = now(),
                            updated_at = now()
                        where id = ?""")
                .params(box.seal(id, secret.getBytes(StandardCharsets.UTF_8)), Secrets.hint(secret), id).update();
        audit.record("webhook.secret", "webhook:" + id, AuditLog.Outcome.SUCCESS, null);
        return new WithSecret(get(id), secret);
    }

    /** Deletes the subscription with its deliveries and their attempts. */
    @Transactional
    void delete(long id) {
        Subscription gone = get(id);
        jdbc.sql("delete from webhook_subscription where id = ?").param(id).update();
        audit.record("webhook.delete", "webhook:" + id, AuditLog.Outcome.SUCCESS, Map.of("url", gone.url()));
    }

    /** Where a delivery goes and its secret, decrypted; empty when the subscription is gone. */
    Optional<Target> target(long id) {
        return jdbc.sql("select url, secret_box from webhook_subscription where id = ?").param(id)
                .query((rs, n) -> new Target(rs.getString("url"),
                        new String(box.open(id, rs.getBytes("secret_box")), StandardCharsets.UTF_8)))
                .optional();
    }

    private record Valid(String url, List<String> eventTypes, String description, boolean active,
                         boolean includeCovert) {
    }

    private Valid validate(Draft draft) {
        if (draft == null) {
            throw Refusal.malformed("a JSON object {\"url\", \"eventTypes\", \"description\", \"active\", \"includeCovert\"} is required");
        }
        List<FieldProblem> errors = new ArrayList<>();
        String url = null;
        try {
            url = targets.check(draft.url(), "url").toString();
        } catch (Refusal refused) {
            errors.addAll(refused.errors());
        }
        List<String> types = draft.eventTypes() == null ? List.of() : draft.eventTypes();
        if (types.isEmpty()) {
            errors.add(FieldProblem.coded("eventTypes", "required", "is required: one or more event types, "
                    + "prefixes such as alert.* or *"));
        } else if (types.size() > MAX_EVENT_TYPES) {
            errors.add(FieldProblem.coded("eventTypes", "tooMany", "at most " + MAX_EVENT_TYPES + " entries",
                    MAX_EVENT_TYPES));
        } else {
            for (int i = 0; i < types.size(); i++) {
                String type = types.get(i);
                if (type == null || type.length() > 64 || !EVENT_TYPE.matcher(type).matches()) {
                    errors.add(FieldProblem.coded("eventTypes[" + i + "]", "eventType", "must be an event type "
                            + "(alert.raised), a prefix ending in .* (camera.health.*) or * (at most 64 characters)"));
                }
            }
        }
        SafeText.check("description", draft.description(), 200, errors);
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        String description = draft.description() == null || draft.description().isBlank() ? null
                : draft.description().strip();
        return new Valid(url, List.copyOf(new LinkedHashSet<>(types)), description,
                draft.active() == null || draft.active(), Boolean.TRUE.equals(draft.includeCovert()));
    }

    private void refuseDuplicate(String url, Long except) {
        if (jdbc.sql("select exists (select 1 from webhook_subscription where url = ? and id is distinct from ?)")
                .params(url, except).query(Boolean.class).single()) {
            throw Refusal.conflict("a webhook with this URL exists already; change its event types instead",
                    "duplicateUrl");
        }
    }

    private static Map<String, Object> details(Valid valid) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", valid.url());
        details.put("eventTypes", valid.eventTypes());
        details.put("active", valid.active());
        details.put("includeCovert", valid.includeCovert());
        return details;
    }

    private static String arrayLiteral(List<String> values) {
        // Types match EVENT_TYPE: no quotes, commas or braces to escape.
        return "{" + String.join(",", values) + "}";
    }

    private static Subscription subscription(ResultSet rs) throws SQLException {
        Array types = rs.getArray("event_types");
        return new Subscription(rs.getLong("id"), rs.getString("url"), Arrays.asList((String[]) types.getArray()),
                rs.getString("description"), rs.getBoolean("active"), rs.getBoolean("include_covert"),
                rs.getString("secret_hint"),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), rs.getTimestamp("secret_rotated_at").toInstant());
    }
}
