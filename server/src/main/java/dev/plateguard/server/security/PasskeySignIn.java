package dev.plateguard.server.security;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpMessageConverterAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.authentication.PublicKeyCredentialRequestOptionsFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationProvider;
import org.springframework.security.web.webauthn.management.CredentialRecordOwnerAuthorizationManager;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsFilter;
import org.springframework.security.web.webauthn.registration.WebAuthnRegistrationFilter;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.http.ProblemWriter;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.users.PasskeySettings;
import dev.plateguard.server.users.Passkeys;
import dev.plateguard.server.users.UserRepository;
import dev.plateguard.server.users.UserSessions;
import dev.plateguard.server.validation.Refusal;

/**
 * Passkeys (WebAuthn) in the web UI, with Spring Security's own ceremonies: its options, registration and
 * authentication filters and {@link Webauthn4JRelyingPartyOperations}; the credentials live in {@code users}
 * ({@link Passkeys}). User verification (a PIN or biometric on the authenticator) is required, so a passkey is two
 * factors on its own: it signs a person in without a password, or completes a password sign-in as the second
 * factor. Either way the session ends up exactly as after a code (a {@link UserPrincipal} with the person's roles,
 * a new session id, a {@code user_session} row, a {@code login} audit record naming the method).
 * <p>
 * Endpoints (JSON, Spring's formats): {@code POST /webauthn/authenticate/options} and {@code POST /login/webauthn}
 * for anyone; {@code POST /webauthn/register/options}, {@code POST /webauthn/register} and
 * {@code DELETE /webauthn/register/{id}} only for a person fully signed in, and adding one only within
 * {@code plateguard.passkeys.fresh-sign-in} of the sign-in. Accounts refused a password by policy (local accounts
 * switched off for single sign-on) are refused a passkey too: the identity provider stays the way in.
 */
@Component
class PasskeySignIn implements WebSignIn {

    private static final Logger log = LoggerFactory.getLogger(PasskeySignIn.class);
    private static final String BEFORE = PasskeySignIn.class.getName() + ".before";
    private static final RequestMatcher REGISTER = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.POST, "/webauthn/register");
    private static final RequestMatcher REGISTER_OPTIONS = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.POST, "/webauthn/register/options");
    private static final RequestMatcher REMOVE = PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.DELETE, "/webauthn/register/{id}");

    private final PasskeySettings settings;
    private final Passkeys passkeys;
    private final UserRepository users;
    private final List<PasswordSignInPolicy> policies;
    private final LoginThrottle throttle;
    private final AuditLog audit;
    private final FailureAuditGate auditGate;
    /** Read by the relying party at every ceremony: filled from the settings, or once the server knows its port. */
    private final Set<String> origins = ConcurrentHashMap.newKeySet();
    private final Webauthn4JRelyingPartyOperations relyingParty;

    PasskeySignIn(PasskeySettings settings, Passkeys passkeys, UserRepository users, List<PasswordSignInPolicy> policies,
                  LoginThrottle throttle, AuditLog audit, FailureAuditGate auditGate) {
        this.settings = settings;
        this.passkeys = passkeys;
        this.users = users;
        this.policies = policies;
        this.throttle = throttle;
        this.audit = audit;
        this.auditGate = auditGate;
        origins.addAll(settings.origins());
        if (settings.origins().isEmpty()) {
            origins.add("https://" + settings.rpId());
        }
        relyingParty = new Webauthn4JRelyingPartyOperations(passkeys.userEntities(), passkeys.credentials(),
                PublicKeyCredentialRpEntity.builder().id(settings.rpId()).name(settings.rpName()).build(), origins);
        relyingParty.setCustomizeCreationOptions(options -> options.authenticatorSelection(
                AuthenticatorSelectionCriteria.builder()
                        .userVerification(UserVerificationRequirement.REQUIRED)
                        .residentKey(ResidentKeyRequirement.REQUIRED)
                        .build()));
        relyingParty.setCustomizeRequestOptions(options -> options.userVerification(UserVerificationRequirement.REQUIRED));
    }

    /** With no origins configured and the rp-id {@code localhost}: this server's own port, once it has one. */
    @EventListener
    void serverStarted(WebServerInitializedEvent event) {
        if (settings.origins().isEmpty() && "localhost".equals(settings.rpId())
                && !"management".equals(event.getApplicationContext().getServerNamespace())) {
            origins.add("http://localhost:" + event.getWebServer().getPort());
            origins.add("https://localhost:" + event.getWebServer().getPort());
        }
        log.info("Passkeys: relying party {} for origins {}", settings.rpId(), origins);
    }

    @Override
    public void configure(HttpSecurity http) {
        if (!settings.enabled()) {
            return;
        }
        WebAuthnAuthenticationFilter signIn = new WebAuthnAuthenticationFilter();
        signIn.setAuthenticationManager(new ProviderManager(new PasskeyAccounts()));
        // The authentication before this one (a half-done password sign-in?) is kept for the success handler,
        // then the session id changes, as after any sign-in.
        ChangeSessionIdAuthenticationStrategy changeId = new ChangeSessionIdAuthenticationStrategy();
        signIn.setSessionAuthenticationStrategy((authentication, request, response) -> {
            request.setAttribute(BEFORE, SecurityContextHolder.getContext().getAuthentication());
            changeId.onAuthentication(authentication, request, response);
        });
        HttpMessageConverterAuthenticationSuccessHandler redirect = new HttpMessageConverterAuthenticationSuccessHandler();
        redirect.setRequestCache(SignedInSessions.requestCache());
        signIn.setAuthenticationSuccessHandler((request, response, authentication) -> {
            UserPrincipal user = (UserPrincipal) authentication.getPrincipal();
            boolean afterPassword = request.getAttribute(BEFORE) instanceof Authentication before
                    && before.getPrincipal() instanceof PendingSignIn pending && pending.user().userId() == user.userId();
            String how = afterPassword ? UserSessions.PASSWORD_PASSKEY : UserSessions.PASSKEY;
            throttle.recordSuccess(user.username());
            audit.recordFor("user", user.username(), "login", "web", AuditLog.Outcome.SUCCESS,
                    afterPassword ? Map.of("secondFactor", "passkey") : Map.of("method", "passkey"));
            SignedInSessions.signedIn(request, how);
            redirect.onAuthenticationSuccess(request, response, authentication);
        });
        signIn.setAuthenticationFailureHandler((request, response, exception) -> {
            String ip = request.getRemoteAddr();
            throttle.recordIpFailure(ip);
            if (auditGate.admit("login", ip)) {
                audit.recordFor("anonymous", "anonymous", "login", "web", AuditLog.Outcome.FAILURE,
                        Map.of("reason", "passkey not accepted", "method", "passkey"));
            }
            ProblemWriter.unauthorized(response, "passkey-refused", "the passkey was not accepted");
        });

        PublicKeyCredentialCreationOptionsFilter creationOptions = new PublicKeyCredentialCreationOptionsFilter(relyingParty);
        WebAuthnRegistrationFilter registration = new WebAuthnRegistrationFilter(passkeys.credentials(), relyingParty);
        // In the session as serialisable values: the session may be stored in the database and read by another node.
        PasskeyCreationOptions creationOptionsRepository = new PasskeyCreationOptions();
        creationOptions.setCreationOptionsRepository(creationOptionsRepository);
        registration.setCreationOptionsRepository(creationOptionsRepository);
        registration.setDeleteCredentialAuthorizationManager(
                new CredentialRecordOwnerAuthorizationManager(passkeys.credentials(), passkeys.userEntities()));

        http.addFilterBefore(signIn, BasicAuthenticationFilter.class);
        http.addFilterBefore(new PublicKeyCredentialRequestOptionsFilter(relyingParty), AuthorizationFilter.class);
        // Registration only after the chain's rules (SecurityConfiguration: a person fully signed in), in this order.
        http.addFilterAfter(new FreshSignInCheck(settings.freshSignIn()), AuthorizationFilter.class);
        http.addFilterAfter(creationOptions, FreshSignInCheck.class);
        http.addFilterAfter(new RefusalsAsProblems(registration), PublicKeyCredentialCreationOptionsFilter.class);
    }

    /**
     * Spring's WebAuthn provider with PlateGuard's accounts: the person behind a verified passkey, if their account
     * may sign in at all, becomes a {@link UserPrincipal} with their roles, as after a password and a code.
     */
    private final class PasskeyAccounts implements AuthenticationProvider {

        private final WebAuthnAuthenticationProvider webAuthn = new WebAuthnAuthenticationProvider(relyingParty,
                new Accounts());

        @Override
        public Authentication authenticate(Authentication authentication) throws AuthenticationException {
            Authentication verified = webAuthn.authenticate(authentication);
            UserRepository.Credentials credentials = users.findCredentials(verified.getName())
                    .orElseThrow(() -> new UsernameNotFoundException("no account"));
            var account = credentials.account();
            UserPrincipal principal = new UserPrincipal(account.id(), account.username(), account.roles(),
                    credentials.securityStamp(), account.scope());
            List<SimpleGrantedAuthority> authorities = account.roles().stream().map(Role::authority)
                    .map(SimpleGrantedAuthority::new).toList();
            return UsernamePasswordAuthenticationToken.authenticated(principal, null, authorities);
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return webAuthn.supports(authentication);
        }
    }

    /** What Spring's provider asks after the signature checks out: is the account there, enabled and allowed? */
    private final class Accounts implements UserDetailsService {

        @Override
        public User loadUserByUsername(String username) {
            UserRepository.Credentials credentials = users.findCredentials(username)
                    .orElseThrow(() -> new UsernameNotFoundException("no account"));
            if (credentials.account().disabled()) {
                throw new DisabledException("account disabled");
            }
            Optional<String> refused = policies.stream().map(p -> p.refusal(username)).flatMap(Optional::stream).findFirst();
            if (refused.isPresent()) {
                throw new DisabledException(refused.get());
            }
            return (User) User.withUsername(username).password("").authorities(credentials.account().roles().stream()
                    .map(Role::authority).toArray(String[]::new)).build();
        }
    }

    /**
     * Adding a passkey needs a recent sign-in: a session left open on a shared screen must not be enough to plant a
     * lasting way into the account.
     */
    static final class FreshSignInCheck extends OncePerRequestFilter {

        private final Duration maxAge;

        FreshSignInCheck(Duration maxAge) {
            this.maxAge = maxAge;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (REGISTER_OPTIONS.matches(request) || REGISTER.matches(request)) {
                HttpSession session = request.getSession(false);
                Instant at = session == null ? null : SignedInSessions.signedInAt(session);
                if (at == null || at.plus(maxAge).isBefore(Instant.now())) {
                    ProblemWriter.forbidden(response, "stale-sign-in",
                            "sign in again to add a passkey: the sign-in must be at most " + maxAge.toMinutes()
                                    + " minutes old");
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * Spring's registration filter lets a failed verification or a refused label escape as an exception (a 500):
     * here they become a 400 problem, and nothing is stored (the credential is saved last, after every check).
     */
    static final class RefusalsAsProblems extends OncePerRequestFilter {

        private final WebAuthnRegistrationFilter registration;

        RefusalsAsProblems(WebAuthnRegistrationFilter registration) {
            this.registration = registration;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!REGISTER.matches(request) && !REMOVE.matches(request)) {
                chain.doFilter(request, response);
                return;
            }
            try {
                registration.doFilter(request, response, chain);
            } catch (RuntimeException e) {
                if (response.isCommitted()) {
                    throw e;
                }
                response.reset();
                String detail = e instanceof Refusal refusal ? refusal.getMessage()
                        : "the authenticator's answer could not be verified";
                log.info("Passkey registration refused: {}", e.toString());
                ProblemWriter.badRequest(response, "passkey-refused", detail);
            }
        }
    }
}
