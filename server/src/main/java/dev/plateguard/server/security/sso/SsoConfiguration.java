package dev.plateguard.server.security.sso;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.session.web.http.DefaultCookieSerializer;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.security.FailureAuditGate;
import dev.plateguard.server.users.ExternalAccounts;
import dev.plateguard.server.users.UserRepository;

/**
 * Single sign-on through the organisation's OpenID provider ({@code plateguard.sso.enabled=true}, docs/security.md).
 * Everything of it is here and only here: with it off, no bean of this package exists, no OAuth 2.0 filter is in the
 * chain and the login page shows no button.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("plateguard.sso.enabled")
class SsoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SsoConfiguration.class);

    @Bean
    SsoWebSignIn ssoWebSignIn(SsoSettings settings, UserRepository users, ExternalAccounts accounts, AuditLog audit,
                              FailureAuditGate auditGate) {
        return new SsoWebSignIn(settings, new IssuerRegistration(settings, Clock.systemUTC()),
                new SsoUserService(settings, users, accounts), audit, auditGate);
    }

    @Bean
    LocalAccountPolicy ssoLocalAccountPolicy(SsoSettings settings, ExternalAccounts accounts) {
        return new LocalAccountPolicy(settings, accounts);
    }

    /**
     * The provider sends the browser back with a cross-site navigation, which a SameSite=Strict cookie does not
     * follow: the session that holds the sign-in's state and PKCE verifier would be missing. With single sign-on on,
     * a Strict session cookie becomes Lax (still never sent on cross-site POSTs or sub-requests; every form carries a
     * CSRF token anyway). Runs after the properties are applied; an explicit None or Lax stays.
     */
    @Bean
    DefaultCookieSerializerCustomizer ssoSessionCookie(Environment environment) {
        return new SessionCookieLax(environment.getProperty("server.servlet.session.cookie.same-site"));
    }

    /** Runs after Boot has applied {@code server.servlet.session.cookie.*} to Spring Session's cookie. */
    static final class SessionCookieLax implements DefaultCookieSerializerCustomizer, Ordered {

        private final String configured;

        SessionCookieLax(String configured) {
            this.configured = configured;
        }

        @Override
        public void customize(DefaultCookieSerializer serializer) {
            if (configured == null || configured.isBlank() || "strict".equalsIgnoreCase(configured.strip())) {
                serializer.setSameSite("Lax");
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    /** Warns at startup when the break-glass administrator could not sign in. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> ssoBreakGlassCheck(SsoSettings settings, UserRepository users,
                                                                  ExternalAccounts accounts) {
        return event -> {
            if (!settings.breakGlassOnly()) {
                return;
            }
            String name = settings.breakGlassUser();
            var found = users.findCredentials(name);
            if (found.isEmpty()) {
                log.warn("Single sign-on: the break-glass user '{}' does not exist yet; name it so at first-start setup, "
                        + "or every password sign-in is refused", name);
            } else if (found.get().account().disabled() || !found.get().account().roles().contains(Role.ADMIN)
                    || accounts.isExternal(name)) {
                log.warn("Single sign-on: the break-glass user '{}' is disabled, not an ADMIN, or an account of the provider: "
                        + "there is no way in while the provider is down", name);
            }
        };
    }
}
