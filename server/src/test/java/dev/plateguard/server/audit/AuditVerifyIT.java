package dev.plateguard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.security.BrowserSession;
import dev.plateguard.server.security.SecurityTestSupport;
import dev.plateguard.server.users.AdminPagesSupport;

/** Verifying the (shared, untampered) audit chain through the API and the auditor's page: AUDITORs only, audited. */
class AuditVerifyIT extends IntegrationTest {

    @Autowired
    AuditCheckpoints checkpoints;

    @Test
    void anAuditorGetsTheVerificationAndTheCallIsAudited() throws Exception {
        var admin = admin();
        var auditor = SecurityTestSupport.person(client(), admin, "AUDITOR");
        AuditCheckpoint checkpoint = checkpoints.checkpoint(true).orElseThrow();
        assertThat(checkpoint.count()).isPositive();

        var response = client().get("/api/v1/audit/verify", auditor.token());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        var body = response.json();
        assertThat(body.get("intact").asBoolean()).as(response.text()).isTrue();
        assertThat(body.get("entries").asLong()).isGreaterThanOrEqualTo(checkpoint.count());
        assertThat(body.get("checkpointsChecked").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(body.get("headId").asLong()).isGreaterThanOrEqualTo(checkpoint.headId());
        assertThat(body.get("headHash").asString()).matches("[0-9a-f]{64}");
        assertThat(body.get("firstBroken").isNull()).isTrue();

        String details = jdbc.sql("select details::text from audit_event where action = 'audit.verify' and actor = ?")
                .param(auditor.username()).query(String.class).single();
        assertThat(details).contains("\"intact\": true", "\"checkpoints\": ");
        // The entry just written is chained like every other.
        assertThat(jdbc.sql("select chain_hash is not null and chain_seq > ? from audit_event where action = 'audit.verify' and actor = ?")
                .params(checkpoint.count(), auditor.username()).query(Boolean.class).single()).isTrue();
    }

    @Test
    void otherRolesAreForbiddenAndStrangersUnauthenticated() {
        var admin = admin();
        var operator = SecurityTestSupport.person(client(), admin, "OPERATOR");
        var investigator = SecurityTestSupport.person(client(), admin, "INVESTIGATOR");
        assertThat(client().get("/api/v1/audit/verify", operator.token()).status()).isEqualTo(403);
        assertThat(client().get("/api/v1/audit/verify", investigator.token()).status()).isEqualTo(403);
        assertThat(client().get("/api/v1/audit/verify", admin.token()).status()).isEqualTo(403);
        var anonymous = client().get("/api/v1/audit/verify", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.text()).doesNotContain("intact");
        var signedIn = AdminPagesSupport.signIn(client(), admin, "OPERATOR");
        assertThat(signedIn.browser().get("/audit/verify").status()).isEqualTo(403);
    }

    @Test
    void theAuditorPageShowsTheResultInTheirLanguage() {
        var admin = admin();
        var auditor = AdminPagesSupport.signIn(client(), admin, "AUDITOR");
        assertThat(auditor.page("/audit").html()).contains("href=\"/audit/verify\"", "Verify the chain");
        var page = auditor.page("/audit/verify");
        assertThat(page.html()).contains("The audit log is intact.", "Entries verified", "class=\"verification intact\"")
                .doesNotContain("First broken entry");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'audit.verify' and actor = ?")
                .param(auditor.person().username()).query(Long.class).single()).isEqualTo(1);

        var person = SecurityTestSupport.person(client(), admin, "AUDITOR");
        jdbc.sql("update app_user set language = 'ru' where id = ?").param(person.id()).update();
        var russian = new BrowserSession(client());
        assertThat(russian.login(person.username(), person.password()).status()).isEqualTo(302);
        var ru = russian.get("/audit/verify");
        assertThat(ru.status()).isEqualTo(200);
        assertThat(ru.text()).contains("Журнал аудита не изменён.", "Проверено записей");
    }
}
