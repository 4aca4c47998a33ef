package dev.plateguard.server.security.sso;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;

/**
 * PlateGuard's one client registration at the provider, built from its discovery document
 * ({@code <issuer>/.well-known/openid-configuration}, whose issuer must be the configured one). Discovered at the first
 * need, not at startup, so that PlateGuard starts, and the break-glass administrator signs in, while the provider is
 * down; a failed discovery is retried at the next sign-in after {@link #RETRY}.
 */
final class IssuerRegistration implements ClientRegistrationRepository {

    static final Duration RETRY = Duration.ofSeconds(15);
    private static final Logger log = LoggerFactory.getLogger(IssuerRegistration.class);

    private final SsoSettings settings;
    private final Clock clock;
    private volatile ClientRegistration registration;
    private Instant nextAttempt = Instant.MIN;

    IssuerRegistration(SsoSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!SsoSettings.REGISTRATION_ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration;
        return known != null ? known : discover();
    }

    private synchronized ClientRegistration discover() {
        if (registration != null) {
            return registration;
        }
        Instant now = clock.instant();
        if (now.isBefore(nextAttempt)) {
            return null;
        }
        try {
            ClientRegistration.Builder builder = ClientRegistrations.fromIssuerLocation(settings.issuerUri().strip())
                    .registrationId(SsoSettings.REGISTRATION_ID)
                    .clientId(settings.clientId())
                    .clientName(settings.displayName())
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .scope(settings.scopes())
                    .userNameAttributeName("sub")
                    // PKCE (S256) on every sign-in, for confidential clients too.
                    .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build());
            if (settings.clientSecret() == null) {
                builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
            } else {
                // The method is the discovery document's: client_secret_basic where supported, else client_secret_post.
                builder.clientSecret(settings.clientSecret());
            }
            registration = builder.build();
            log.info("Single sign-on: discovered {} ({})", settings.issuerUri(), settings.displayName());
            return registration;
        } catch (RuntimeException e) {
            nextAttempt = now.plus(RETRY);
            log.warn("Single sign-on: cannot read the discovery document of {} (retrying at the next sign-in after {} s): {}",
                    settings.issuerUri(), RETRY.toSeconds(), e.toString());
            return null;
        }
    }
}
