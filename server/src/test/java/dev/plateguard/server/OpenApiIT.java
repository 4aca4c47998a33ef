package dev.plateguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.security.BrowserSession;

/** The OpenAPI document is served to signed-in users and describes the device endpoints' bodies. */
class OpenApiIT extends IntegrationTest {

    @Test
    void describesEveryApiPathIncludingTheMultipartReadBody() {
        admin();
        var session = new BrowserSession(client());
        session.login("admin", TestClient.PASSWORD);
        var response = session.get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        var paths = response.json().get("paths");
        assertThat(paths.propertyNames()).contains("/api/v1/reads", "/api/v1/reads/batch", "/api/v1/heartbeat",
                "/api/v1/sites", "/api/v1/cameras", "/api/v1/cameras/{cameraId}/keys", "/api/v1/users",
                "/api/v1/tokens", "/api/v1/setup", "/api/v1/audit", "/api/v1/audit/verify", "/api/v1/evidence/{sha256}", "/api/v1/sites.geojson",
                "/api/v1/retention", "/api/v1/retention/purge", "/api/v1/holds", "/api/v1/holds/{id}/lift",
                "/api/v1/me/totp", "/api/v1/me/totp/confirm", "/api/v1/users/{id}/totp",
                "/api/v1/me/sessions", "/api/v1/me/sessions/{id}", "/api/v1/me/sessions/end-others",
                "/api/v1/users/{id}/sessions", "/api/v1/users/{id}/sessions/end", "/api/v1/receivers/{format}");
        var multipart = paths.get("/api/v1/reads").get("post").get("requestBody").get("content").get("multipart/form-data");
        assertThat(multipart).isNotNull();
        assertThat(response.text()).contains("ReadMetadata").contains("capturedAt");
    }

    /** Integrators read it with a personal token (issue 15); a device key, a bad token or none get no document. */
    @Test
    void aPersonalTokenReadsTheDocumentAndOthersAreRefused() {
        String integration = client().userToken(admin(), "INTEGRATION");
        var withToken = client().get("/v3/api-docs", integration);
        assertThat(withToken.status()).as(withToken.toString()).isEqualTo(200);
        assertThat(withToken.json().get("paths").propertyNames()).contains("/api/v1/reads", "/api/v1/receivers/{format}");
        assertThat(withToken.header("Set-Cookie")).as("stateless: no session for a token").isNull();
        assertThat(client().get("/v3/api-docs.yaml", integration).status()).isEqualTo(200);
        assertThat(client().get("/v3/api-docs", client().device(admin()).key()).status()).isEqualTo(403);
        assertThat(client().get("/v3/api-docs", "pgu_" + "x".repeat(43)).status()).isEqualTo(401);
        var anonymous = client().get("/v3/api-docs", null);
        assertThat(anonymous.status()).as("anonymous: to the login page").isEqualTo(302);
        assertThat(anonymous.header("Location")).contains("/login");
    }
}
