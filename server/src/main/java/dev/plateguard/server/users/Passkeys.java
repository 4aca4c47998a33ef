package dev.plateguard.server.users;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.Refusal;

/**
 * A person's passkeys (WebAuthn credentials). The ceremonies are Spring Security's own (its filters and
 * {@code Webauthn4JRelyingPartyOperations}, wired in {@code security}); this module owns the tables they write
 * ({@code user_entities}, {@code user_credentials}, through Spring's JDBC repositories handed out here) and what a
 * person or an ADMIN does with them: list, remove, reset. A new passkey and a removed one are audited here, whoever
 * adds or removes it; the label is checked before anything is stored.
 */
@Service
public class Passkeys {

    public static final int LABEL_MAX = 64;

    /** One passkey as its owner sees it: never the key itself. */
    public record Passkey(String id, String label, Instant createdAt, @Nullable Instant lastUsedAt, boolean synced) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final PublicKeyCredentialUserEntityRepository userEntities;
    private final UserCredentialRepository credentials;

    Passkeys(JdbcClient jdbc, JdbcTemplate template, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.userEntities = new JdbcPublicKeyCredentialUserEntityRepository(template);
        this.credentials = new AuditedCredentials(new JdbcUserCredentialRepository(template));
    }

    /** Spring Security's view of the WebAuthn user handles, for its relying-party operations. */
    public PublicKeyCredentialUserEntityRepository userEntities() {
        return userEntities;
    }

    /** Spring Security's view of the credentials, for its relying-party operations and filters. */
    public UserCredentialRepository credentials() {
        return credentials;
    }

    public List<Passkey> list(String username) {
        return jdbc.sql("""
                        select c.credential_id, c.label, c.created, c.last_used, c.backup_eligible
                        from user_credentials c join user_entities e on e.id = c.user_entity_user_id
                        where e.name = ? order by c.created, c.credential_id""")
                .param(username)
                .query((rs, n) -> {
                    Instant created = rs.getTimestamp("created").toInstant();
                    Instant lastUsed = rs.getTimestamp("last_used") == null ? null : rs.getTimestamp("last_used").toInstant();
                    // Spring records a new passkey as last used when it was made: that is not a sign-in.
                    if (lastUsed != null && !lastUsed.isAfter(created.plusSeconds(2))) {
                        lastUsed = null;
                    }
                    return new Passkey(rs.getString("credential_id"), rs.getString("label"), created, lastUsed,
                            rs.getBoolean("backup_eligible"));
                })
                .list();
    }

    public boolean has(String username) {
        return jdbc.sql("""
                        select exists (select 1 from user_credentials c join user_entities e on e.id = c.user_entity_user_id
                                       where e.name = ?)""")
                .param(username).query(Boolean.class).single();
    }

    /** The owner removes one of their passkeys; answers false when they have none with that id. */
    @Transactional
    public boolean remove(UserPrincipal owner, String credentialId) {
        if (credentialId == null || credentialId.length() > 1000) {
            return false;
        }
        Map<String, Object> removed = jdbc.sql("""
                        delete from user_credentials c using user_entities e
                        where c.credential_id = ? and e.id = c.user_entity_user_id and e.name = ?
                        returning c.label""")
                .params(credentialId, owner.username()).query().listOfRows().stream().findFirst().orElse(null);
        if (removed == null) {
            return false;
        }
        audit.record("passkey.remove", "user:" + owner.username(), AuditLog.Outcome.SUCCESS,
                Map.of("label", removed.get("label"), "credential", shortId(credentialId)));
        return true;
    }

    static String shortId(String credentialId) {
        return credentialId.length() <= 12 ? credentialId : credentialId.substring(0, 12) + "…";
    }

    /**
     * Spring's repository, with a check of the label and an audit record for each new passkey. Spring also saves
     * here after every sign-in (the signature counter, last use): those are updates, not audited.
     */
    private final class AuditedCredentials implements UserCredentialRepository {

        private final UserCredentialRepository delegate;

        AuditedCredentials(UserCredentialRepository delegate) {
            this.delegate = delegate;
        }

        @Override
        public void save(CredentialRecord record) {
            boolean added = delegate.findByCredentialId(record.getCredentialId()) == null;
            if (added) {
                String label = record.getLabel() == null ? "" : record.getLabel();
                if (label.isBlank() || label.length() > LABEL_MAX || label.chars().anyMatch(Character::isISOControl)) {
                    throw Refusal.invalid("label", "a passkey needs a name of 1 to " + LABEL_MAX
                            + " characters, without control characters");
                }
            }
            delegate.save(record);
            if (added) {
                PublicKeyCredentialUserEntity owner = userEntities.findById(record.getUserEntityUserId());
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("label", record.getLabel());
                details.put("credential", shortId(record.getCredentialId().toBase64UrlString()));
                details.put("synced", record.isBackupEligible());
                audit.record("passkey.add", "user:" + (owner == null ? "?" : owner.getName()), AuditLog.Outcome.SUCCESS,
                        details);
            }
        }

        /** Spring's own removal endpoint (the owner's, checked by Spring before it gets here). */
        @Override
        public void delete(Bytes credentialId) {
            CredentialRecord record = delegate.findByCredentialId(credentialId);
            delegate.delete(credentialId);
            if (record != null) {
                PublicKeyCredentialUserEntity owner = userEntities.findById(record.getUserEntityUserId());
                audit.record("passkey.remove", "user:" + (owner == null ? "?" : owner.getName()),
                        AuditLog.Outcome.SUCCESS, Map.of("label", record.getLabel(),
                                "credential", shortId(credentialId.toBase64UrlString())));
            }
        }

        @Override
        public @Nullable CredentialRecord findByCredentialId(Bytes credentialId) {
            return delegate.findByCredentialId(credentialId);
        }

        @Override
        public List<CredentialRecord> findByUserId(Bytes userId) {
            return delegate.findByUserId(userId);
        }
    }
}
