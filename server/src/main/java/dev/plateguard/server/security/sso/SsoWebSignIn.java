package dev.plateguard.server.security.sso;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.logout.LogoutSuccessHandler;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.users.UserSessions;
import dev.plateguard.server.security.FailureAuditGate;
import dev.plateguard.server.security.SignedInSessions;
import dev.plateguard.server.security.WebSignIn;

/**
 * Adds "Sign in with &lt;provider&gt;" to the web chain: Spring Security's OAuth 2.0 login (authorization code with PKCE,
 * discovery, ID-token validation) with PlateGuard's own last step ({@link SsoUserService}), audit, session and logout.
 *
 * <ul>
 *   <li>{@code GET /oauth2/authorization/sso} sends the browser to the provider; its answer comes back to
 *       {@code GET /login/oauth2/code/sso}. Both are filters of the web chain, no controller.</li>
 *   <li>A sign-in ends as a session of the account ({@link SsoAuthentication}, principal a {@code UserPrincipal}), like
 *       a password sign-in; PlateGuard keeps none of the provider's access or refresh tokens.</li>
 *   <li>Every outcome is audited as {@code login} with target {@code sso}: success, and each refusal with its reason.
 *       Failures that need no valid sign-in at the provider (a forged or replayed answer) go through the failure
 *       audit gate, so that a loop cannot fill the audit.</li>
 *   <li>Logout ends the session and, when the provider advertises an {@code end_session_endpoint}, the provider's
 *       session too (RP-initiated logout), which then returns to {@code /login?logout}.</li>
 * </ul>
 */
final class SsoWebSignIn implements WebSignIn {

    /** PlateGuard keeps no tokens of the provider: the ID token is checked once, the access token used once. */
    private static final OAuth2AuthorizedClientRepository NO_CLIENTS = new OAuth2AuthorizedClientRepository() {
        @Override
        public <T extends OAuth2AuthorizedClient> T loadAuthorizedClient(String registrationId, Authentication principal,
                                                                         HttpServletRequest request) {
            return null;
        }

        @Override
        public void saveAuthorizedClient(OAuth2AuthorizedClient client, Authentication principal,
                                         HttpServletRequest request, HttpServletResponse response) {
        }

        @Override
        public void removeAuthorizedClient(String registrationId, Authentication principal, HttpServletRequest request,
                                           HttpServletResponse response) {
        }
    };

    private static final Set<String> PROVIDER_ERRORS = Set.of("access_denied", "login_required", "interaction_required",
            "consent_required", "account_selection_required", "temporarily_unavailable", "server_error",
            "unauthorized_client", "invalid_scope", "unsupported_response_type", "invalid_request_uri",
            "invalid_request_object", "request_not_supported", "request_uri_not_supported", "registration_not_supported",
            "invalid_request");

    private final SsoSettings settings;
    private final IssuerRegistration registration;
    private final SsoUserService users;
    private final AuditLog audit;
    private final FailureAuditGate auditGate;
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();
    private final SecurityContextRepository contexts = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
    private final SavedRequestAwareAuthenticationSuccessHandler landing = new SavedRequestAwareAuthenticationSuccessHandler();

    SsoWebSignIn(SsoSettings settings, IssuerRegistration registration, SsoUserService users, AuditLog audit,
                 FailureAuditGate auditGate) {
        this.settings = settings;
        this.registration = registration;
        this.users = users;
        this.audit = audit;
        this.auditGate = auditGate;
    }

    @Override
    public void configure(HttpSecurity http) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver requests = new DefaultOAuth2AuthorizationRequestResolver(registration,
                OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
        if (!settings.requiredAcr().isEmpty()) {
            // Ask for the level we will insist on, so that the provider can step up instead of PlateGuard refusing.
            String acrValues = String.join(" ", settings.requiredAcr());
            requests.setAuthorizationRequestCustomizer(r -> r.additionalParameters(p -> p.put("acr_values", acrValues)));
        }
        OidcClientInitiatedLogoutSuccessHandler providerLogout = new OidcClientInitiatedLogoutSuccessHandler(registration);
        providerLogout.setPostLogoutRedirectUri("{baseUrl}/login?logout");
        providerLogout.setDefaultTargetUrl("/login?logout");
        http.oauth2Login(o -> o
                        .loginPage("/login")
                        .clientRegistrationRepository(registration)
                        .authorizedClientRepository(NO_CLIENTS)
                        .authorizationEndpoint(a -> a.authorizationRequestResolver(requests))
                        .userInfoEndpoint(u -> u.oidcUserService(users))
                        .successHandler(this::signedIn)
                        .failureHandler(this::refused)
                        .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                            @Override
                            public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                                // Provider unreachable (discovery failed): back to the login page, not a 500.
                                filter.setAuthenticationFailureHandler(SsoWebSignIn.this::notStarted);
                                return filter;
                            }
                        }))
                .logout(l -> l.logoutSuccessHandler(logoutSuccess(providerLogout)));
    }

    /** The provider's origin may be a form's target: logout is a form POST answered by a redirect to the provider. */
    @Override
    public String contentSecurityPolicy(String policy) {
        return policy.replace("form-action 'self'", "form-action 'self' " + settings.issuerOrigin());
    }

    /** Discovers the provider soon after startup (in the background), so that a misconfiguration shows in the log. */
    @EventListener(ApplicationReadyEvent.class)
    void discoverEarly() {
        Thread.ofVirtual().name("sso-discovery").start(() -> registration.findByRegistrationId(SsoSettings.REGISTRATION_ID));
    }

    private void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, jakarta.servlet.ServletException {
        SsoUser user = (SsoUser) ((OAuth2AuthenticationToken) authentication).getPrincipal();
        List<SimpleGrantedAuthority> authorities = user.principal().roles().stream().map(Role::authority)
                .map(SimpleGrantedAuthority::new).toList();
        SsoAuthentication session = new SsoAuthentication(user.principal(), authorities,
                user.getIdToken().getTokenValue(), user.getSubject());
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(session);
        holder.setContext(context);
        contexts.saveContext(context, request, response);
        SignedInSessions.signedIn(request, UserSessions.SSO);
        audit.recordFor("user", user.principal().username(), "login", "sso", AuditLog.Outcome.SUCCESS, user.auditDetails());
        landing.onAuthenticationSuccess(request, response, session);
    }

    private void refused(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        SsoRefusal.Reason reason;
        if (exception instanceof SsoRefusal refusal) {
            // The provider vouched for this person: audited in full, always.
            reason = refusal.reason;
            audit.recordFor("anonymous", refusal.actor, "login", "sso", AuditLog.Outcome.DENIED, refusal.details);
        } else {
            Map<String, Object> details = new LinkedHashMap<>();
            String error = exception instanceof OAuth2AuthenticationException o ? o.getError().getErrorCode() : "failed";
            reason = switch (error) {
                case "invalid_id_token", "invalid_nonce", "invalid_token_response", "invalid_user_info_response",
                     "invalid_grant" -> SsoRefusal.Reason.INVALID_TOKEN;
                case "authorization_request_not_found", "invalid_state_parameter" -> SsoRefusal.Reason.NO_REQUEST;
                case "client_registration_not_found" -> SsoRefusal.Reason.UNAVAILABLE;
                default -> PROVIDER_ERRORS.contains(error) ? SsoRefusal.Reason.PROVIDER_ERROR : SsoRefusal.Reason.FAILED;
            };
            details.put("error", bounded(error));
            if (exception instanceof OAuth2AuthenticationException o && o.getError().getDescription() != null) {
                details.put("reason", bounded(o.getError().getDescription()));
            } else if (exception.getMessage() != null) {
                details.put("reason", bounded(exception.getMessage()));
            }
            if (auditGate.admit("login", request.getRemoteAddr())) {
                audit.recordFor("anonymous", "anonymous", "login", "sso", AuditLog.Outcome.FAILURE, details);
            }
        }
        response.sendRedirect(request.getContextPath() + "/login?sso=" + reason.code);
    }

    private void notStarted(HttpServletRequest request, HttpServletResponse response, AuthenticationException exception)
            throws IOException {
        if (auditGate.admit("login", request.getRemoteAddr())) {
            audit.recordFor("anonymous", "anonymous", "login", "sso", AuditLog.Outcome.FAILURE,
                    Map.of("error", "not started", "reason", bounded(String.valueOf(exception.getMessage()))));
        }
        response.sendRedirect(request.getContextPath() + "/login?sso=" + SsoRefusal.Reason.UNAVAILABLE.code);
    }

    /**
     * Spring's RP-initiated logout for a session of the provider (with the ID token as {@code id_token_hint}); a
     * password session, or a provider without an end-session endpoint, lands on {@code /login?logout}.
     */
    private LogoutSuccessHandler logoutSuccess(OidcClientInitiatedLogoutSuccessHandler providerLogout) {
        return (request, response, authentication) -> {
            Authentication forProvider = authentication;
            if (authentication instanceof SsoAuthentication sso
                    && registration.findByRegistrationId(SsoSettings.REGISTRATION_ID) != null) {
                OidcIdToken idToken = OidcIdToken.withTokenValue(sso.idToken()).subject(sso.subject()).build();
                forProvider = new OAuth2AuthenticationToken(new DefaultOidcUser(sso.getAuthorities(), idToken),
                        sso.getAuthorities(), SsoSettings.REGISTRATION_ID);
            } else if (authentication instanceof SsoAuthentication) {
                forProvider = null; // the provider is unreachable: end PlateGuard's session at least
            }
            providerLogout.onLogoutSuccess(request, response, forProvider);
        };
    }

    private static String bounded(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
