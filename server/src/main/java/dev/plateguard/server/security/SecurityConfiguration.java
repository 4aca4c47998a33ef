package dev.plateguard.server.security;

import java.util.List;

import jakarta.servlet.DispatcherType;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.cameras.DeviceKeys;
import dev.plateguard.server.http.ProblemWriter;
import dev.plateguard.server.identity.Authorities;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.metrics.MetricsSettings;
import dev.plateguard.server.users.EnrolmentTokens;
import dev.plateguard.server.users.PersonalTokens;
import dev.plateguard.server.users.UserRepository;
import dev.plateguard.server.users.UserSessions;

/**
 * Deny by default. Two chains: the API ({@code /api/**}), stateless with bearer tokens, and the web UI, with a
 * session, CSRF protection and a login page; and two small ones: the metrics scrape (a scrape token only) and the
 * OpenAPI document for integrators. Any route not listed here is refused.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** No inline script anywhere; inline style only (Leaflet and Swagger UI position elements with it). */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            + "img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
            + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    /** The policy, with the configured map tile server's origin (if any) allowed as an image source. */
    static String contentSecurityPolicy(PlateGuardProperties properties) {
        String tiles = properties.map().tileUrl();
        if (tiles.isBlank()) {
            return CONTENT_SECURITY_POLICY;
        }
        java.net.URI uri = java.net.URI.create(tiles.replace("{", "").replace("}", ""));
        String origin = uri.getScheme() + "://" + uri.getRawAuthority();
        return CONTENT_SECURITY_POLICY.replace("img-src 'self' data: blob:;", "img-src 'self' data: blob: " + origin + ";");
    }

    /** The one authority of an enrolment token ({@code pge_…}): enrolling a second factor through the API. */
    static final String ENROLMENT = "MFA_ENROLMENT";
    /** The one authority of a browser session whose second factor is still to come ({@link PendingSignIn}). */
    static final String PENDING = "MFA_PENDING";

    private static final String ADMIN = "ADMIN";
    private static final String[] READ_ROLES = {"OPERATOR", "SUPERVISOR", "INVESTIGATOR"};
    private static final String[] RECOGNISE_ROLES = {"OPERATOR", "SUPERVISOR", "ADMIN"};
    private static final String[] NETWORK_ROLES = {"ADMIN", "OPERATOR", "SUPERVISOR", "INVESTIGATOR"};
    private static final String[] PERSON_ROLES = {"ADMIN", "OPERATOR", "SUPERVISOR", "INVESTIGATOR", "AUDITOR", "INTEGRATION"};
    /** Hotlists (docs/security.md, "Hotlists and alerts"): these create and manage lists; auditors also see them. */
    private static final String[] HOTLIST_MANAGERS = {"SUPERVISOR", "INVESTIGATOR"};
    private static final String[] HOTLIST_READERS = {"OPERATOR", "SUPERVISOR", "INVESTIGATOR", "AUDITOR"};

    /** Argon2id at OWASP's minimum: 19 MiB, 2 iterations, 1 lane (the Spring 5.8 defaults used 16 MiB). */
    static final int ARGON2_MEMORY_KIB = 19 * 1024;
    static final int ARGON2_ITERATIONS = 2;

    /**
     * Hashes with weaker parameters still verify; {@link PasswordAuthenticator} rehashes them at the next
     * successful sign-in ({@code upgradeEncoding} compares the stored parameters with these).
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new Argon2PasswordEncoder(16, 32, 1, ARGON2_MEMORY_KIB, ARGON2_ITERATIONS);
    }

    /**
     * The metrics scrape, {@code GET /actuator/prometheus}: a scrape token ({@code Bearer pgm_…}) whose hash is
     * configured ({@code plateguard.metrics.scrape-token-sha256}), and nothing else opens it: no person, no camera,
     * no session. With no hash configured nobody can scrape (docs/observability.md).
     */
    @Bean
    @Order(0)
    SecurityFilterChain metricsScrape(HttpSecurity http, MetricsSettings settings, LoginThrottle throttle, AuditLog audit,
                                      FailureAuditGate auditGate, PlateGuardProperties properties) throws Exception {
        http.securityMatcher("/actuator/prometheus", "/actuator/prometheus/**")
                .csrf(csrf -> csrf.disable()) // a bearer token only: no ambient credential for CSRF to abuse
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .addFilterBefore(new ScrapeTokenFilter(settings, throttle, audit, auditGate), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus").hasAuthority(Authorities.METRICS_SCRAPE)
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            ProblemWriter.unauthorized(response, "unauthenticated", "the metrics need a scrape token");
                        })
                        .accessDeniedHandler((request, response, ex) -> ProblemWriter.forbidden(response, "forbidden",
                                "a scrape token reads GET /actuator/prometheus only")))
                .headers(h -> headers(h, contentSecurityPolicy(properties)));
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, DeviceKeys deviceKeys, PersonalTokens tokens, LoginThrottle throttle,
                            AuditLog audit, FailureAuditGate auditGate, AbuseSettings abuse,
                            PlateGuardProperties properties, EnrolmentTokens enrolmentTokens) throws Exception {
        http.securityMatcher("/api/**")
                .csrf(csrf -> csrf.disable()) // bearer tokens only: no ambient credential for CSRF to abuse
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .addFilterBefore(new BearerTokenFilter(deviceKeys, tokens, throttle, audit, auditGate, enrolmentTokens), AnonymousAuthenticationFilter.class)
                // Vendor receivers: the device key in the path, or HTTP Basic (after the bearer filter, in this order).
                .addFilterBefore(new ReceiverCredentialsFilter(deviceKeys, throttle, audit, auditGate), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new ApiRateLimiter(abuse), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        // The second dispatch of a request already authorised (a live stream that ends).
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/setup", "/api/v1/tokens", "/api/v1/password-change").permitAll()
                        // An enrolment token opens these two and nothing else: it carries no role.
                        .requestMatchers(HttpMethod.POST, "/api/v1/me/totp", "/api/v1/me/totp/confirm").hasAuthority(ENROLMENT)
                        .requestMatchers(HttpMethod.POST, "/api/v1/reads", "/api/v1/reads/batch", "/api/v1/heartbeat")
                            .hasAuthority(Authorities.DEVICE)
                        // Vendor formats (receivers); the key segment of /{format}/{key} is cut off before (DeviceKeyInPath).
                        .requestMatchers(HttpMethod.POST, "/api/v1/receivers/*")
                            .hasAuthority(Authorities.DEVICE)
                        .requestMatchers("/api/v1/users", "/api/v1/users/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/role-grants", "/api/v1/role-grants/**").hasRole(ADMIN)
                        .requestMatchers("/api/v1/evidence-encryption", "/api/v1/evidence-encryption/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/v1/sites", "/api/v1/cameras", "/api/v1/cameras/*/keys").hasRole(ADMIN)
                        .requestMatchers("/api/v1/cameras/*/keys", "/api/v1/cameras/*/keys/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.PUT, "/api/v1/sites/*", "/api/v1/cameras/*").hasRole(ADMIN)
                        // The managed list of regions and cities that sites name (cameras/Regions).
                        .requestMatchers(HttpMethod.POST, "/api/v1/regions", "/api/v1/cities").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/regions").hasAnyRole(NETWORK_ROLES)
                        .requestMatchers(HttpMethod.GET, "/api/v1/sites", "/api/v1/sites/*", "/api/v1/sites.geojson",
                                "/api/v1/cameras", "/api/v1/cameras/*").hasAnyRole(NETWORK_ROLES)
                        // Camera health (docs/camera-health.md): the network's roles, like the cameras themselves.
                        .requestMatchers(HttpMethod.GET, "/api/v1/cameras/*/health", "/api/v1/camera-alarms")
                            .hasAnyRole(NETWORK_ROLES)
                        .requestMatchers(HttpMethod.GET, "/api/v1/reads", "/api/v1/reads.csv", "/api/v1/reads/*", "/api/v1/evidence/*")
                            .hasAnyRole(READ_ROLES)
                        // Passages are reads grouped (reads module): the same roles, scope and purpose rules.
                        .requestMatchers(HttpMethod.GET, "/api/v1/passages", "/api/v1/passages/*").hasAnyRole(READ_ROLES)
                        // Purpose-bound investigation (reads module): journeys, the purposes list, access requests
                        // beyond the standard reach (a SUPERVISOR decides; never the requester, checked by the service).
                        .requestMatchers(HttpMethod.GET, "/api/v1/journeys").hasAnyRole(READ_ROLES)
                        .requestMatchers(HttpMethod.GET, "/api/v1/search-purposes").hasAnyRole(ADMIN, "OPERATOR", "SUPERVISOR", "INVESTIGATOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/search-purposes").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.PATCH, "/api/v1/search-purposes/*").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/access-requests").hasAnyRole(READ_ROLES)
                        .requestMatchers(HttpMethod.POST, "/api/v1/access-requests").hasAnyRole(READ_ROLES)
                        .requestMatchers(HttpMethod.POST, "/api/v1/access-requests/*/approve", "/api/v1/access-requests/*/reject")
                            .hasRole("SUPERVISOR")
                        // Recognitions show plates: read roles list them. Asking for one answers no plate, so ADMIN
                        // (who deploys models) may ask too.
                        .requestMatchers(HttpMethod.GET, "/api/v1/reads/*/recognitions").hasAnyRole(READ_ROLES)
                        .requestMatchers(HttpMethod.POST, "/api/v1/reads/*/recognitions").hasAnyRole(RECOGNISE_ROLES)
                        .requestMatchers(HttpMethod.GET, "/api/v1/recognition/status").hasAnyRole(RECOGNISE_ROLES)
                        .requestMatchers(HttpMethod.GET, "/api/v1/violations/catalogue").hasAnyRole(ADMIN, "SUPERVISOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/violations/catalogue").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/violations", "/api/v1/violations/*")
                            .hasAnyRole("OPERATOR", "SUPERVISOR")
                        .requestMatchers(HttpMethod.GET, "/api/v1/public/notices/verify").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/notices", "/api/v1/notices/*", "/api/v1/notices/*/pdf")
                            .hasAnyRole("INTEGRATION", "SUPERVISOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/notices/*/events").hasRole("INTEGRATION")
                        .requestMatchers(HttpMethod.GET, "/api/v1/audit", "/api/v1/audit/verify").hasRole("AUDITOR")
                        // Retention (docs/retention.md): the policy and the purge are ADMIN's; legal holds are set and
                        // lifted by ADMIN and INVESTIGATOR, and a SUPERVISOR may look at them.
                        .requestMatchers(HttpMethod.GET, "/api/v1/retention", "/api/v1/retention/runs/*").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/v1/retention/purge").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/holds", "/api/v1/holds/*")
                            .hasAnyRole(ADMIN, "INVESTIGATOR", "SUPERVISOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/holds", "/api/v1/holds/*/lift").hasAnyRole(ADMIN, "INVESTIGATOR")
                        // Outbound channels (docs/outbound.md): webhooks, deliveries, dead letters, MQTT status.
                        .requestMatchers("/api/v1/webhooks", "/api/v1/webhooks/**", "/api/v1/outbound/**").hasRole(ADMIN)
                        // Hotlists: managers create and change them (the service decides which list whom), readers
                        // look. Alerts: the read roles follow and handle them; auditors may list them, not act.
                        .requestMatchers(HttpMethod.GET, "/api/v1/hotlists", "/api/v1/hotlists/*", "/api/v1/hotlists/*/entries")
                            .hasAnyRole(HOTLIST_READERS)
                        .requestMatchers(HttpMethod.POST, "/api/v1/hotlists", "/api/v1/hotlists/*/entries", "/api/v1/hotlists/*/import")
                            .hasAnyRole(HOTLIST_MANAGERS)
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/hotlists/*", "/api/v1/hotlists/*/entries/*")
                            .hasAnyRole(HOTLIST_MANAGERS)
                        .requestMatchers(HttpMethod.GET, "/api/v1/alerts/stream").hasAnyRole(READ_ROLES)
                        .requestMatchers(HttpMethod.GET, "/api/v1/alerts", "/api/v1/alerts/*").hasAnyRole(HOTLIST_READERS)
                        .requestMatchers(HttpMethod.POST, "/api/v1/alerts/*/acknowledge", "/api/v1/alerts/*/escalate")
                            .hasAnyRole(READ_ROLES)
                        .requestMatchers("/api/v1/tokens", "/api/v1/tokens/*").hasAnyRole(PERSON_ROLES)
                        // Everyone's own browser sessions (docs/security.md, "Sessions").
                        .requestMatchers(HttpMethod.GET, "/api/v1/me/passkeys").hasAnyRole(PERSON_ROLES)
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/me/passkeys/*").hasAnyRole(PERSON_ROLES)
                        .requestMatchers(HttpMethod.GET, "/api/v1/me/sessions").hasAnyRole(PERSON_ROLES)
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/me/sessions/*").hasAnyRole(PERSON_ROLES)
                        .requestMatchers(HttpMethod.POST, "/api/v1/me/sessions/end-others").hasAnyRole(PERSON_ROLES)
                        .requestMatchers(HttpMethod.POST, "/api/v1/violations/*/claim", "/api/v1/violations/*/decision")
                            .hasAnyRole("OPERATOR", "SUPERVISOR")
                        .requestMatchers(HttpMethod.GET, "/api/v1/rules/catalogue").hasAnyRole(ADMIN, "SUPERVISOR")
                        .requestMatchers(HttpMethod.PUT, "/api/v1/rules/catalogue").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/notices/*.pdf").hasAnyRole("INTEGRATION", "SUPERVISOR")
                        .requestMatchers("/api/v1/review/qc", "/api/v1/review/qc/**", "/api/v1/review/stats")
                            .hasRole("SUPERVISOR")
                        .requestMatchers("/api/v1/review/**").hasAnyRole("OPERATOR", "SUPERVISOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/registry/import").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.PUT, "/api/v1/registry/vehicles/*/*", "/api/v1/registry/vehicles/*").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/registry/vehicles/*/*").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/registry/vehicles/*/*", "/api/v1/registry/vehicles/*").hasAnyRole("OPERATOR", "SUPERVISOR")
                        .requestMatchers(HttpMethod.POST, "/api/v1/sections").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/sections").hasAnyRole(ADMIN, "SUPERVISOR", "OPERATOR")
                        .requestMatchers("/api/v1/exemptions", "/api/v1/exemptions/*").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/v1/rules/settings/sites/*", "/api/v1/rules/settings/sites/*/history",
                                "/api/v1/rules/settings/cameras/*", "/api/v1/rules/settings/cameras/*/history",
                                "/api/v1/rules/settings/cameras/*/effective").hasAnyRole(ADMIN, "SUPERVISOR", "OPERATOR")
                        .requestMatchers(HttpMethod.PUT, "/api/v1/rules/settings/sites/*", "/api/v1/rules/settings/cameras/*")
                            .hasAnyRole(ADMIN, "SUPERVISOR")
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/rules/settings/sites/*", "/api/v1/rules/settings/cameras/*")
                            .hasAnyRole(ADMIN, "SUPERVISOR")
                        .anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            if (request.getRequestURI().startsWith(request.getContextPath() + DeviceKeyInPath.RECEIVERS)) {
                                // cameras that offer only Basic (Hikvision HTTP hosts) wait for this challenge
                                response.addHeader("WWW-Authenticate", "Basic realm=\"PlateGuard receivers\", charset=\"UTF-8\"");
                            }
                            ProblemWriter.unauthorized(response, "unauthenticated",
                                    "this endpoint needs a bearer token");
                        })
                        .accessDeniedHandler((request, response, ex) -> {
                            if (hasAuthority(ENROLMENT)) {
                                ProblemWriter.forbidden(response, "enrolment-token-only", "an enrolment token allows "
                                        + "POST /api/v1/me/totp and POST /api/v1/me/totp/confirm only; enrol, then "
                                        + "sign in with POST /api/v1/tokens");
                            } else {
                                ProblemWriter.forbidden(response, "forbidden", "your role does not allow this");
                            }
                        }))
                .headers(h -> headers(h, contentSecurityPolicy(properties)));
        return http.build();
    }

    /**
     * The OpenAPI document for integrators: {@code GET /v3/api-docs} with a personal token ({@code Bearer pgu_…}),
     * stateless like the API. Without a bearer header these paths stay with the web chain (a signed-in browser).
     */
    @Bean
    @Order(2)
    SecurityFilterChain apiDocs(HttpSecurity http, DeviceKeys deviceKeys, PersonalTokens tokens, LoginThrottle throttle,
                                AuditLog audit, FailureAuditGate auditGate, PlateGuardProperties properties,
                                EnrolmentTokens enrolmentTokens) throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher docs = new OrRequestMatcher(paths.matcher("/v3/api-docs"), paths.matcher("/v3/api-docs.yaml"),
                paths.matcher("/v3/api-docs/**"));
        RequestMatcher bearer = request -> {
            String header = request.getHeader(org.springframework.http.HttpHeaders.AUTHORIZATION);
            return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
        };
        http.securityMatcher(new AndRequestMatcher(docs, bearer))
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .addFilterBefore(new BearerTokenFilter(deviceKeys, tokens, throttle, audit, auditGate, enrolmentTokens), AnonymousAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a.requestMatchers(HttpMethod.GET, "/**").hasAnyRole(PERSON_ROLES).anyRequest().denyAll())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            ProblemWriter.unauthorized(response, "unauthenticated", "the API description needs a personal token");
                        })
                        .accessDeniedHandler((request, response, ex) -> ProblemWriter.forbidden(response, "forbidden",
                                "the API description is for people: a personal token (pgu_…), not a device key")))
                .headers(h -> headers(h, contentSecurityPolicy(properties)));
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain web(HttpSecurity http, PasswordAuthenticator authenticator, UserRepository users,
                            PlateGuardProperties properties, List<WebSignIn> signIns, UserSessions sessions,
                            ApplicationContext application) throws Exception {
        // Further ways in besides the password form (single sign-on, security.sso), each a bean of its own.
        String policy = contentSecurityPolicy(properties);
        for (WebSignIn signIn : signIns) {
            signIn.configure(http);
            policy = signIn.contentSecurityPolicy(policy);
        }
        String webPolicy = policy;
        SavedRequestAwareAuthenticationSuccessHandler signedIn = new SavedRequestAwareAuthenticationSuccessHandler();
        AccessDeniedHandlerImpl forbidden = new AccessDeniedHandlerImpl();
        // Only a person whose sign-in is complete: not anonymous, not halfway through the second factor.
        AuthorizationManager<RequestAuthorizationContext> signedInPerson = (authentication, context) -> {
            Authentication auth = authentication.get();
            return new AuthorizationDecision(auth != null && auth.isAuthenticated() && auth.getPrincipal() instanceof UserPrincipal);
        };
        http.authenticationProvider(new FormLoginProvider(authenticator))
                .requestCache(c -> c.requestCache(SignedInSessions.requestCache()))
                // Both right after the session's context is loaded, in this order: the account's stamp, then the
                // session's own record (ended by its owner or an admin, timed out).
                .addFilterAfter(new SessionStampFilter(users, sessions), SecurityContextHolderFilter.class)
                .addFilterAfter(new SignedInSessions.CheckFilter(sessions), SecurityContextHolderFilter.class)
                .authorizeHttpRequests(a -> a
                        // The second dispatch of a request already authorised (the live alert feed that ends).
                        .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                        .requestMatchers("/login", "/password-change", "/setup", "/verify", "/css/**", "/js/**", "/images/**", "/geo/**", "/webjars/**", "/vendor/**",
                                "/favicon.ico", "/error").permitAll()
                        // The second step of a sign-in: only for a session halfway through it (PendingSignIn).
                        .requestMatchers("/login/code", "/login/enrol").hasAuthority(PENDING)
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/actuator/**").denyAll()
                        .requestMatchers(HttpMethod.POST, "/reads/*/recognitions").hasAnyRole(RECOGNISE_ROLES)
                        .requestMatchers(HttpMethod.GET, "/recognition").hasAnyRole(RECOGNISE_ROLES)
                        .requestMatchers(HttpMethod.POST, "/recognition/reruns").hasAnyRole(RECOGNISE_ROLES)
                        // as the registry API: OPERATOR and SUPERVISOR look up, ADMIN changes; all three see the queue
                        .requestMatchers(HttpMethod.GET, "/registry").hasAnyRole(ADMIN, "OPERATOR", "SUPERVISOR")
                        .requestMatchers(HttpMethod.GET, "/registry/vehicle").hasAnyRole("OPERATOR", "SUPERVISOR")
                        .requestMatchers(HttpMethod.POST, "/registry/vehicle", "/registry/vehicle/delete", "/registry/import")
                            .hasRole(ADMIN)
                        .requestMatchers("/reads/**", "/search", "/search.csv", "/journeys", "/plates/*", "/evidence/*").hasAnyRole(READ_ROLES)
                        .requestMatchers("/cameras", "/cameras/**").hasAnyRole(NETWORK_ROLES)
                        .requestMatchers("/admin/**").hasRole(ADMIN)
                        .requestMatchers("/audit", "/audit/**", "/audit.csv").hasRole("AUDITOR")
                        .requestMatchers("/review", "/review/**").hasAnyRole("OPERATOR", "SUPERVISOR")
                        .requestMatchers("/violations").hasAnyRole("OPERATOR", "SUPERVISOR")
                        // Notices (docs/notices.md): the notices API's readers; the PDF here serves a browser session.
                        .requestMatchers(HttpMethod.GET, "/notices", "/notices/*", "/notices/*/pdf")
                            .hasAnyRole("INTEGRATION", "SUPERVISOR")
                        // Rules (docs/violations.md): the rule settings API's readers look, its writers change.
                        .requestMatchers(HttpMethod.GET, "/rules").hasAnyRole(ADMIN, "SUPERVISOR", "OPERATOR")
                        .requestMatchers(HttpMethod.POST, "/rules/sites/*", "/rules/cameras/*", "/rules/sites/*/clear",
                                "/rules/cameras/*/clear").hasAnyRole(ADMIN, "SUPERVISOR")
                        .requestMatchers(HttpMethod.GET, "/alerts", "/alerts/stream").hasAnyRole(READ_ROLES)
                        .requestMatchers(HttpMethod.POST, "/alerts/*/acknowledge", "/alerts/*/escalate").hasAnyRole(READ_ROLES)
                        .requestMatchers(HttpMethod.GET, "/hotlists", "/hotlists/*").hasAnyRole(HOTLIST_READERS)
                        .requestMatchers(HttpMethod.POST, "/hotlists", "/hotlists/**").hasAnyRole(HOTLIST_MANAGERS)
                        // Adding and removing passkeys (PasskeySignIn's filters run after these rules); signing in with
                        // one (/webauthn/authenticate/options, /login/webauthn) is answered before them, for anyone.
                        .requestMatchers(HttpMethod.POST, "/webauthn/register/options", "/webauthn/register").access(signedInPerson)
                        .requestMatchers(HttpMethod.DELETE, "/webauthn/register/*").access(signedInPerson)
                        .requestMatchers(HttpMethod.GET, "/me/passkeys").access(signedInPerson)
                        .requestMatchers(HttpMethod.POST, "/me/passkeys/*/remove").access(signedInPerson)
                        // Every signed-in person's own sessions and tokens.
                        .requestMatchers(HttpMethod.GET, "/me/sessions").access(signedInPerson)
                        .requestMatchers(HttpMethod.POST, "/me/sessions/*/end", "/me/sessions/end-others", "/me/tokens/*/revoke")
                            .access(signedInPerson)
                        // Pages for every signed-in person: home, their API documentation.
                        .requestMatchers(HttpMethod.GET, "/", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**").access(signedInPerson)
                        // A page no handler answers is "not found" for everyone, signed in or not (UnknownPages).
                        .requestMatchers(new UnknownPages(application)).permitAll()
                        // A page nobody listed above is nobody's: a new controller must be added here on purpose.
                        .anyRequest().denyAll())
                .formLogin(f -> f.loginPage("/login")
                        // The right password of someone with a second factor leads to its page, nowhere else.
                        .successHandler((request, response, auth) -> {
                            if (auth.getPrincipal() instanceof PendingSignIn pending) {
                                response.sendRedirect(request.getContextPath() + pending.page());
                            } else {
                                SignedInSessions.signedIn(request, UserSessions.PASSWORD);
                                signedIn.onAuthenticationSuccess(request, response, auth);
                            }
                        })
                        .failureHandler((request, response, ex) -> response.sendRedirect(
                                request.getContextPath() + (ex instanceof FormLoginProvider.ThrottledException t
                                        ? "/login?throttled=" + t.retryAfterSeconds
                                        : ex instanceof FormLoginProvider.PasswordChangeRequiredException
                                        ? "/password-change?required" : "/login?error"))))
                // The session's record ends first; then the session is invalidated (deleted from the store).
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout")
                        .addLogoutHandler(new SignedInSessions.SignOut(sessions)))
                // Halfway through the second factor, any other page leads back to the second factor's page.
                // A browser without a sign-in goes to the login page (with a notice when its session timed out or was
                // ended); an htmx request gets HX-Redirect there.
                .exceptionHandling(e -> e.authenticationEntryPoint(SignedInSessions.entryPoint(sessions))
                        .accessDeniedHandler((request, response, ex) -> {
                    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
                    if (auth != null && auth.getPrincipal() instanceof PendingSignIn pending) {
                        response.sendRedirect(request.getContextPath() + pending.page());
                    } else {
                        forbidden.handle(request, response, ex);
                    }
                }))
                .headers(h -> headers(h, webPolicy));
        return http.build();
    }

    /** Takes a device key out of a receiver path before Spring Security's chain, which logs the path, runs. */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<DeviceKeyInPath> deviceKeyInPath() {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new DeviceKeyInPath());
        registration.addUrlPatterns(DeviceKeyInPath.RECEIVERS + "*");
        registration.setOrder(org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10);
        return registration;
    }

    private static boolean hasAuthority(String authority) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority()));
    }

    private static void headers(HeadersConfigurer<HttpSecurity> headers, String policy) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(policy))
                .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                .addHeaderWriter(new StaticHeadersWriter("Permissions-Policy",
                        "camera=(), microphone=(), geolocation=(), payment=()"));
    }
}
