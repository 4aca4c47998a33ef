package dev.plateguard.server.users;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Passkeys (WebAuthn) in the dashboard ({@code plateguard.passkeys.*}); docs/security.md, "Passkeys".
 *
 * @param enabled     whether people may add passkeys and sign in with them (without a password, or as the second
 *                    factor after it); off, existing passkeys stay stored but sign nobody in
 * @param rpId        the relying party id: the host name people reach the dashboard at (a passkey belongs to it and
 *                    works on it and its subdomains only); never an IP address, which browsers refuse
 * @param rpName      the name authenticators show next to the passkey
 * @param origins     the exact origins the browser may report (scheme://host[:port], on the rp-id); empty:
 *                    https://rp-id and, for localhost, http(s)://localhost on this server's own port
 * @param freshSignIn adding a passkey needs a sign-in at most this old, so that a session left open cannot plant a
 *                    lasting way into the account
 */
@ConfigurationProperties("plateguard.passkeys")
public record PasskeySettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("localhost") String rpId,
        @DefaultValue("PlateGuard") String rpName,
        @DefaultValue({}) List<String> origins,
        @DefaultValue("15m") Duration freshSignIn) {

    public PasskeySettings {
        origins = origins == null ? List.of() : List.copyOf(origins);
        if (rpId == null || !rpId.matches("[a-z0-9]([a-z0-9.-]*[a-z0-9])?") || rpId.matches("[0-9.]+")) {
            throw new IllegalArgumentException("plateguard.passkeys.rp-id must be a host name (not an IP address), "
                    + "such as anpr.example.org or localhost");
        }
        if (rpName == null || rpName.isBlank()) {
            throw new IllegalArgumentException("plateguard.passkeys.rp-name must not be blank");
        }
        for (String origin : origins) {
            URI uri;
            try {
                uri = URI.create(origin);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("plateguard.passkeys.origins: not a URL: " + origin);
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || !(uri.getPath() == null || uri.getPath().isEmpty())) {
                throw new IllegalArgumentException("plateguard.passkeys.origins: an origin is scheme://host[:port] "
                        + "without a path: " + origin);
            }
            if (!uri.getHost().equals(rpId) && !uri.getHost().endsWith("." + rpId)) {
                throw new IllegalArgumentException("plateguard.passkeys.origins: " + origin
                        + " is not on the rp-id " + rpId + " or one of its subdomains");
            }
        }
        if (freshSignIn.isNegative() || freshSignIn.isZero()) {
            throw new IllegalArgumentException("plateguard.passkeys.fresh-sign-in must be positive");
        }
    }
}
