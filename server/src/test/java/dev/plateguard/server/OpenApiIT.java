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
                "/api/v1/users/{id}/sessions", "/api/v1/users/{id}/sessions/end");
        var multipart = paths.get("/api/v1/reads").get("post").get("requestBody").get("content").get("multipart/form-data");
        assertThat(multipart).isNotNull();
        assertThat(response.text()).contains("ReadMetadata").contains("capturedAt");
    }
}
