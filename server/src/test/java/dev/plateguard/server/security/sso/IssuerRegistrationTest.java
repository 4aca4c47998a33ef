package dev.plateguard.server.security.sso;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

import dev.plateguard.server.identity.Role;

/**
 * Discovery at the first need, against a small HTTP server playing the provider's discovery document: a provider
 * that is down is retried later, not at every request; once up, the registration requires PKCE.
 */
class IssuerRegistrationTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aProviderThatIsDownIsRetriedLaterAndAProviderThatIsUpGivesARegistrationWithPkce() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger hits = new AtomicInteger();
        AtomicBoolean up = new AtomicBoolean(false);
        String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/police";
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            byte[] body = ("""
                    {"issuer":"%1$s","authorization_endpoint":"%1$s/auth","token_endpoint":"%1$s/token",
                     "jwks_uri":"%1$s/certs","userinfo_endpoint":"%1$s/userinfo","end_session_endpoint":"%1$s/logout",
                     "response_types_supported":["code"],"subject_types_supported":["public"],
                     "id_token_signing_alg_values_supported":["RS256"],
                     "token_endpoint_auth_methods_supported":["client_secret_basic","client_secret_post"]}""")
                    .formatted(issuer).getBytes(StandardCharsets.UTF_8);
            boolean discovery = exchange.getRequestURI().getPath().equals("/realms/police/.well-known/openid-configuration");
            int status = up.get() && discovery ? 200 : 503;
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, status == 200 ? body.length : -1);
            if (status == 200) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        try {
            MovableClock clock = new MovableClock();
            SsoSettings settings = new SsoSettings(true, issuer, "plateguard", null, List.of("openid", "profile"), "Police",
                    "preferred_username", "roles", Map.of("pg", Role.OPERATOR), "plateguard_regions", "plateguard_sites",
                    "*", true, List.of(), List.of(), SsoSettings.LocalAccounts.ENABLED, null, false);
            IssuerRegistration registration = new IssuerRegistration(settings, clock);

            assertThat(registration.findByRegistrationId("sso")).isNull();
            int afterFirst = hits.get();
            assertThat(afterFirst).isPositive();
            assertThat(registration.findByRegistrationId("sso")).as("within the retry pause").isNull();
            assertThat(hits.get()).isEqualTo(afterFirst);

            up.set(true);
            clock.now = clock.now.plus(IssuerRegistration.RETRY).plus(Duration.ofSeconds(1));
            ClientRegistration found = registration.findByRegistrationId("sso");
            assertThat(found).isNotNull();
            assertThat(found.getClientSettings().isRequireProofKey()).isTrue();
            assertThat(found.getClientAuthenticationMethod()).as("no secret: a public client")
                    .isEqualTo(ClientAuthenticationMethod.NONE);
            assertThat(found.getProviderDetails().getIssuerUri()).isEqualTo(issuer);
            assertThat(found.getProviderDetails().getConfigurationMetadata()).containsKey("end_session_endpoint");
            assertThat(found.getScopes()).containsExactlyInAnyOrder("openid", "profile");
            assertThat(found.getRedirectUri()).isEqualTo("{baseUrl}/login/oauth2/code/{registrationId}");
            int afterFound = hits.get();
            assertThat(registration.findByRegistrationId("sso")).isSameAs(found);
            assertThat(hits.get()).as("discovered once").isEqualTo(afterFound);
            assertThat(registration.findByRegistrationId("other")).isNull();
        } finally {
            server.stop(0);
        }
    }
}
