package dev.plateguard.server.security.sso;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.recognition.RecognitionTestConfiguration;

/**
 * A PlateGuard of its own with single sign-on on, against a real OpenID provider started before it
 * ({@link TestIdentityProvider}). Own data directory and database (not an {@link IntegrationTest}'s, whose
 * configuration differs); the SSO test classes share this one context. Local accounts are off except for the
 * break-glass administrator {@code admin}, created by first-start setup as in production; roles come from Keycloak's
 * nested {@code realm_access.roles}; a second factor (amr otp or hwk) is required.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecognitionTestConfiguration.class)
abstract class SsoTestBase {

    static final TestIdentityProvider PROVIDER = TestIdentityProvider.start();
    static final String BREAK_GLASS = "admin";
    static final String DISPLAY_NAME = "Test IdP";
    static final Path OWN_DIR;

    static {
        try {
            OWN_DIR = Files.createTempDirectory("plateguard-sso-test-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void ssoServer(DynamicPropertyRegistry registry) {
        registry.add("plateguard.data-dir", OWN_DIR::toString);
        registry.add("plateguard.embedded-db.port", () -> "0");
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("plateguard.auth.max-failures-per-ip", () -> "1000");
        registry.add("plateguard.review.interval", () -> "1h");
        registry.add("plateguard.violations.registry-recheck-interval", () -> "1h");
        registry.add("plateguard.recognition.poll-interval", () -> "1h");
        registry.add("plateguard.sso.enabled", () -> "true");
        registry.add("plateguard.sso.issuer-uri", PROVIDER::issuer);
        registry.add("plateguard.sso.client-id", () -> TestIdentityProvider.CLIENT_ID);
        registry.add("plateguard.sso.client-secret", () -> TestIdentityProvider.CLIENT_SECRET);
        registry.add("plateguard.sso.display-name", () -> DISPLAY_NAME);
        registry.add("plateguard.sso.roles-claim", () -> "realm_access.roles");
        registry.add("plateguard.sso.role-mapping.pg-operator", () -> "OPERATOR");
        registry.add("plateguard.sso.role-mapping.pg-supervisor", () -> "SUPERVISOR");
        registry.add("plateguard.sso.role-mapping.pg-admin", () -> "ADMIN");
        registry.add("plateguard.sso.role-mapping.pg-auditor", () -> "AUDITOR");
        registry.add("plateguard.sso.role-mapping[/police/investigators]", () -> "INVESTIGATOR");
        registry.add("plateguard.sso.required-amr", () -> "otp,hwk");
        registry.add("plateguard.sso.local-accounts", () -> "break-glass");
        registry.add("plateguard.sso.break-glass-user", () -> BREAK_GLASS);
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    private static String adminToken;

    @BeforeEach
    void registerAtProvider() {
        PROVIDER.registerClient(base());
        // First-start setup before anything else: no sign-in through the provider is accepted before it.
        adminToken();
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    TestClient client() {
        return new TestClient(base());
    }

    /** The break-glass administrator, created by first-start setup; a personal token of theirs (password sign-in). */
    synchronized String adminToken() {
        if (adminToken == null) {
            try {
                String setup = Files.readString(OWN_DIR.resolve("setup-token")).strip();
                var created = client().postJson("/api/v1/setup", null,
                        Map.of("token", setup, "username", BREAK_GLASS, "password", TestClient.PASSWORD));
                if (created.status() != 201) {
                    throw new IllegalStateException("setup: " + created);
                }
                client().rememberSetupAuthenticator(BREAK_GLASS, created); // ADMIN signs in with a second factor
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            adminToken = client().login(BREAK_GLASS, TestClient.PASSWORD);
        }
        return adminToken;
    }

    /** A new site in a new region; answers {@code [region, siteId]}. */
    Object[] site() {
        String region = TestClient.unique("Region");
        // A region of its own, put on the managed list of regions and cities first.
        client().listRegion(new TestClient.Admin(adminToken()), region, "Tashkent");
        var site = client().postJson("/api/v1/sites", adminToken(), Map.of("name", TestClient.unique("Junction"),
                "city", "Tashkent", "region", region, "latitude", 41.31, "longitude", 69.28));
        if (site.status() != 201) {
            throw new IllegalStateException("site: " + site);
        }
        return new Object[] {region, site.json().get("id").asLong()};
    }

    /**
     * Signs in through the provider from PlateGuard's login page: the button, the provider's login form, and back.
     * Answers the last page (PlateGuard's, after its redirects).
     */
    OidcBrowser.Page signIn(OidcBrowser browser, String username, String password) {
        OidcBrowser.Page start = browser.get(base() + "/oauth2/authorization/sso");
        OidcBrowser.Page atProvider = browser.follow(start);
        if (atProvider.uri().getHost().equals("localhost") && atProvider.uri().getPath().equals("/login")) {
            return browser.signInAtProvider(atProvider, username, password);
        }
        return atProvider;
    }
}
