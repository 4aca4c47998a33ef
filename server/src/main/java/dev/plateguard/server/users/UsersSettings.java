package dev.plateguard.server.users;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * User administration settings ({@code plateguard.users.*}).
 *
 * @param grantTtl how long a role grant waits for a second ADMIN's approval before it expires
 */
@ConfigurationProperties("plateguard.users")
public record UsersSettings(@DefaultValue("72h") Duration grantTtl) {

    public UsersSettings {
        if (grantTtl.isNegative() || grantTtl.isZero()) {
            throw new IllegalArgumentException("plateguard.users.grant-ttl must be positive");
        }
    }
}
