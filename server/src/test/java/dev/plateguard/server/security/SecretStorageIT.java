package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.identity.Secrets;

/**
 * Secrets at rest: personal tokens and device keys only as SHA-256 hashes, passwords only as Argon2id. The raw
 * secret appears nowhere in the database, in any table or column (audit details included).
 */
class SecretStorageIT extends IntegrationTest {

    @Test
    void personalTokensAreStoredOnlyAsHashes() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        byte[] stored = jdbc.sql("select token_hash from personal_token where id = ?").param(person.tokenId())
                .query(byte[].class).single();
        assertThat(stored).isEqualTo(Secrets.hash(person.token()));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(person.token().substring(4));
        // Use the token once, so that last-used bookkeeping and audit have had their chance to leak it.
        assertThat(client().get("/api/v1/reads", person.token()).status()).isEqualTo(200);
        assertThat(tablesContaining(person.token())).isEmpty();
        assertThat(tablesContaining(person.token().substring(4))).isEmpty();
    }

    @Test
    void deviceKeysAreStoredOnlyAsHashes() {
        var admin = admin();
        var device = client().device(admin);
        assertThat(device.key()).startsWith(Secrets.DEVICE_KEY_PREFIX).hasSize(4 + 43);
        byte[] stored = jdbc.sql("select key_hash from device_key where id = ?").param(device.keyId())
                .query(byte[].class).single();
        assertThat(stored).isEqualTo(Secrets.hash(device.key()));
        // The hint shown in key lists is a short prefix only.
        String hint = jdbc.sql("select key_hint from device_key where id = ?").param(device.keyId()).query(String.class).single();
        assertThat(hint.replace("…", "")).hasSizeLessThanOrEqualTo(10);
        assertThat(device.key()).startsWith(hint.replace("…", ""));
        assertThat(client().postJson("/api/v1/heartbeat", device.key(), Map.of("status", "ok")).status()).isEqualTo(200);
        assertThat(tablesContaining(device.key())).isEmpty();
        assertThat(tablesContaining(device.key().substring(10))).isEmpty();
        // The key listing never shows the key again.
        var keys = client().get("/api/v1/cameras/" + device.cameraId() + "/keys", admin.token());
        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.text()).doesNotContain(device.key()).doesNotContain(device.key().substring(10));
    }

    @Test
    void passwordsAreStoredAsArgon2id() {
        var admin = admin();
        var a = SecurityTestSupport.person(client(), admin, "OPERATOR");
        var b = SecurityTestSupport.person(client(), admin, "OPERATOR");
        String hashA = passwordHash(a.username());
        String hashB = passwordHash(b.username());
        assertThat(hashA).startsWith("$argon2id$").doesNotContain(a.password());
        assertThat(hashB).startsWith("$argon2id$");
        // Salted: the same password gives different hashes.
        assertThat(hashA).isNotEqualTo(hashB);
        assertThat(passwordHash("admin")).startsWith("$argon2id$");
        assertThat(tablesContaining(TestClient.PASSWORD)).isEmpty();
        // The API never shows hashes.
        var users = client().get("/api/v1/users", admin.token());
        assertThat(users.text()).doesNotContain("$argon2").doesNotContain("\"password");
    }

    private String passwordHash(String username) {
        return jdbc.sql("select password_hash from app_user where username = ?").param(username).query(String.class).single();
    }

    /** Tables in which some row's text form contains the needle, raw or hex-encoded (as a bytea would show it). */
    private List<String> tablesContaining(String needle) {
        String hex = HexFormat.of().formatHex(needle.getBytes(StandardCharsets.UTF_8));
        List<String> tables = jdbc.sql("""
                select quote_ident(table_schema) || '.' || quote_ident(table_name) from information_schema.tables
                where table_schema not in ('pg_catalog', 'information_schema') and table_type = 'BASE TABLE'""")
                .query(String.class).list();
        assertThat(tables).contains("public.personal_token", "public.device_key", "public.audit_event");
        List<String> found = new ArrayList<>();
        for (String table : tables) {
            long n = jdbc.sql("select count(*) from " + table + " t where strpos(t::text, ?) > 0 or strpos(t::text, ?) > 0")
                    .params(needle, hex).query(Long.class).single();
            if (n > 0) {
                found.add(table);
            }
        }
        return found;
    }
}
