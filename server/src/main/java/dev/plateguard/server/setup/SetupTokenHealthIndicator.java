package dev.plateguard.server.setup;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.plateguard.server.users.UserRepository;

/**
 * Part of the readiness group ({@code /actuator/health/readiness}): while nobody can sign in yet, the server is not
 * ready until the one-time setup token is on disk, so that a script that waits for readiness can read it at once.
 */
@Component // health contributor "setupToken"
class SetupTokenHealthIndicator implements HealthIndicator {

    private final UserRepository users;
    private final SetupToken token;

    SetupTokenHealthIndicator(UserRepository users, SetupToken token) {
        this.users = users;
        this.token = token;
    }

    @Override
    public Health health() {
        return users.count() > 0 || token.isPending() ? Health.up().build() : Health.outOfService().build();
    }
}
