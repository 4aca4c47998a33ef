package dev.plateguard.server.security.sso;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * A real OpenID provider for the single sign-on tests: Spring Authorization Server in an application of its own, on a
 * random port of {@code localhost} (PlateGuard runs on 127.0.0.1: another site, as a real provider is). It speaks the
 * whole protocol: discovery, authorization endpoint with a form login, PKCE required, token endpoint with client
 * authentication, signed ID tokens (RS256) and their JWK set, user info, and RP-initiated logout.
 *
 * <p>People are added by the tests with the claims their ID token carries besides sub and preferred_username (roles,
 * scope, amr...); a claim
 * {@code iss} or {@code aud} among them overrides the real one, to play a token minted for another issuer or
 * client.
 */
public final class TestIdentityProvider implements AutoCloseable {

    public static final String CLIENT_ID = "plateguard";
    public static final String CLIENT_SECRET = "test-client-secret-" + UUID.randomUUID();

    /** A person at the provider: password, whether the provider lets them in, and the ID token's extra claims. */
    record Person(String password, boolean enabled, Map<String, Object> claims) {
    }

    private final ConfigurableApplicationContext context;
    private final Directory directory;
    private final String issuer;

    private TestIdentityProvider(ConfigurableApplicationContext context) {
        this.context = context;
        this.directory = context.getBean(Directory.class);
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.issuer = "http://localhost:" + port;
    }

    /** Starts the provider; its own Spring application, sharing nothing with PlateGuard's but the JVM. */
    public static TestIdentityProvider start() {
        SpringApplication app = new SpringApplication(ProviderConfiguration.class);
        // No listeners: no application.properties of PlateGuard's, and no re-initialised logging.
        app.setListeners(List.of());
        app.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        app.setRegisterShutdownHook(false);
        Map<String, Object> properties = new HashMap<>();
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        // Cookies do not tell ports apart: the provider's session cookie must not overwrite PlateGuard's.
        properties.put("server.servlet.session.cookie.name", "IDPSESSION");
        app.setDefaultProperties(properties);
        return new TestIdentityProvider(app.run());
    }

    public String issuer() {
        return issuer;
    }

    /** Adds or replaces a person whose ID token carries {@code claims} besides the standard ones. */
    public void person(String username, String password, Map<String, Object> claims) {
        directory.people.put(username, new Person(password, true, new HashMap<>(claims)));
    }

    /** Changes the claims of a person's next ID tokens. */
    public void claims(String username, Map<String, Object> claims) {
        Person p = directory.people.get(username);
        directory.people.put(username, new Person(p.password(), p.enabled(), new HashMap<>(claims)));
    }

    /** Disables a person at the provider: they can no longer sign in there. */
    public void disable(String username) {
        Person p = directory.people.get(username);
        directory.people.put(username, new Person(p.password(), false, p.claims()));
    }

    /**
     * Registers PlateGuard (running at {@code base}) as the confidential client {@link #CLIENT_ID}: its redirect and
     * post-logout URIs, PKCE required, no consent screen.
     */
    public void registerClient(String base) {
        directory.clients.put(CLIENT_ID, RegisteredClient.withId("plateguard-client")
                .clientId(CLIENT_ID)
                .clientSecret("{noop}" + CLIENT_SECRET)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri(base + "/login/oauth2/code/sso")
                .postLogoutRedirectUri(base + "/login?logout")
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE).scope(OidcScopes.EMAIL)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .build());
    }

    @Override
    public void close() {
        context.close();
    }

    /** The provider's people and clients, changed by the tests while it runs. */
    static final class Directory implements UserDetailsService, RegisteredClientRepository {
        final Map<String, Person> people = new ConcurrentHashMap<>();
        final Map<String, RegisteredClient> clients = new ConcurrentHashMap<>();

        @Override
        public UserDetails loadUserByUsername(String username) {
            Person p = people.get(username);
            if (p == null) {
                throw new UsernameNotFoundException(username);
            }
            return User.withUsername(username).password("{noop}" + p.password()).disabled(!p.enabled()).authorities("USER")
                    .build();
        }

        @Override
        public void save(RegisteredClient client) {
            clients.put(client.getClientId(), client);
        }

        @Override
        public RegisteredClient findById(String id) {
            return clients.values().stream().filter(c -> c.getId().equals(id)).findFirst().orElse(null);
        }

        @Override
        public RegisteredClient findByClientId(String clientId) {
            return clients.get(clientId);
        }
    }

    /** Spring Authorization Server as its reference configuration has it, with the tests' people. */
    @TestConfiguration(proxyBeanMethods = false)
    @EnableWebSecurity
    @ImportAutoConfiguration({TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class})
    static class ProviderConfiguration {

        @Bean
        Directory directory() {
            return new Directory();
        }

        @Bean
        @Order(1)
        SecurityFilterChain protocol(HttpSecurity http) throws Exception {
            OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
            http.securityMatcher(server.getEndpointsMatcher())
                    .with(server, s -> s.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                            new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                    .oauth2ResourceServer(r -> r.jwt(Customizer.withDefaults()));
            return http.build();
        }

        @Bean
        @Order(2)
        SecurityFilterChain signIn(HttpSecurity http) throws Exception {
            http.authorizeHttpRequests(a -> a.anyRequest().authenticated()).formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        JWKSource<SecurityContext> jwkSource() throws NoSuchAlgorithmException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        @Bean
        org.springframework.security.oauth2.jwt.JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource) {
            return org.springframework.security.oauth2.jwt.NimbusJwtDecoder.withJwkSource(jwkSource).build();
        }

        @Bean
        AuthorizationServerSettings authorizationServerSettings() {
            return AuthorizationServerSettings.builder().build();
        }

        /** The person's extra claims into their ID token; iss and aud among them replace the real ones. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims(Directory directory) {
            return context -> {
                if (!"id_token".equals(context.getTokenType().getValue())) {
                    return;
                }
                Person person = directory.people.get(context.getPrincipal().getName());
                if (person == null) {
                    return;
                }
                // As Keycloak does: the username in every ID token.
                context.getClaims().claim("preferred_username", context.getPrincipal().getName());
                context.getClaims().claims(claims -> person.claims().forEach((name, value) -> {
                    if (value == null) {
                        claims.remove(name);
                    } else {
                        claims.put(name, value);
                    }
                }));
            };
        }
    }
}
