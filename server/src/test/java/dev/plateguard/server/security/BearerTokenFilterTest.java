package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.cameras.DeviceKeys;
import dev.plateguard.server.users.PersonalTokens;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.Secrets;
import dev.plateguard.server.identity.DevicePrincipal;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.identity.Authorities;

/**
 * The bearer filter on its own, with a tiny per-IP limit (3), which the shared integration context cannot use
 * without locking every other test out.
 */
class BearerTokenFilterTest {

    private static final String CAMERA_IP = "198.51.100.7";

    private final String validKey = Secrets.generate(Secrets.DEVICE_KEY_PREFIX);
    private final String validToken = Secrets.generate(Secrets.USER_TOKEN_PREFIX);
    private DeviceKeys deviceKeys;
    private PersonalTokens personalTokens;
    private AuditLog audit;
    private LoginThrottle throttle;
    private BearerTokenFilter filter;

    @BeforeEach
    void setUp() {
        MockEnvironment env = new MockEnvironment().withProperty("plateguard.auth.max-failures-per-ip", "3")
                .withProperty("plateguard.auth.max-failures-per-account", "5");
        PlateGuardProperties properties = Binder.get(env).bindOrCreate("plateguard", PlateGuardProperties.class);
        AbuseSettings abuse = Binder.get(env).bindOrCreate("plateguard.abuse", AbuseSettings.class);
        throttle = new LoginThrottle(properties, abuse);
        deviceKeys = mock(DeviceKeys.class);
        personalTokens = mock(PersonalTokens.class);
        audit = mock(AuditLog.class);
        when(deviceKeys.authenticate(anyString())).thenReturn(Optional.empty());
        when(personalTokens.authenticate(anyString())).thenReturn(Optional.empty());
        when(deviceKeys.authenticate(validKey)).thenReturn(Optional.of(new DevicePrincipal(11, 22, 33)));
        when(personalTokens.authenticate(validToken))
                .thenReturn(Optional.of(new UserPrincipal(5, "olga", EnumSet.of(Role.OPERATOR), 0)));
        var enrolmentTokens = mock(dev.plateguard.server.users.EnrolmentTokens.class);
        when(enrolmentTokens.authenticate(anyString())).thenReturn(Optional.empty());
        filter = new BearerTokenFilter(deviceKeys, personalTokens, throttle, audit,
                new FailureAuditGate(audit, abuse, 1000, java.time.Clock.systemUTC()), enrolmentTokens);
    }

    record Outcome(MockHttpServletResponse response, Authentication seenByChain, boolean chainCalled) {
    }

    private Outcome call(String authorization, String ip) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/heartbeat");
        request.setRemoteAddr(ip);
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<Authentication> seen = new AtomicReference<>();
        boolean[] called = {false};
        filter.doFilter(request, response, (req, res) -> {
            called[0] = true;
            seen.set(SecurityContextHolder.getContext().getAuthentication());
        });
        return new Outcome(response, seen.get(), called[0]);
    }

    @Test
    void validDeviceKeyBecomesTheDevicePrincipal() throws Exception {
        Outcome outcome = call("Bearer " + validKey, CAMERA_IP);
        assertThat(outcome.chainCalled()).isTrue();
        assertThat(outcome.seenByChain().getPrincipal()).isEqualTo(new DevicePrincipal(11, 22, 33));
        assertThat(outcome.seenByChain().getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly(Authorities.DEVICE);
        // The context does not outlive the request (threads are pooled).
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
    }

    @Test
    void validPersonalTokenCarriesTheUsersRoles() throws Exception {
        Outcome outcome = call("Bearer " + validToken, CAMERA_IP);
        assertThat(outcome.seenByChain().getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_OPERATOR");
    }

    @Test
    void unknownTokenIs401WithWwwAuthenticateAndAudited() throws Exception {
        Outcome outcome = call("Bearer " + Secrets.generate(Secrets.DEVICE_KEY_PREFIX), CAMERA_IP);
        assertThat(outcome.chainCalled()).isFalse();
        assertThat(outcome.response().getStatus()).isEqualTo(401);
        assertThat(outcome.response().getHeader("WWW-Authenticate")).startsWith("Bearer");
        assertThat(outcome.response().getContentType()).startsWith("application/problem+json");
        verify(audit).record(eq("token.authenticate"), eq("/api/v1/heartbeat"), eq(AuditLog.Outcome.FAILURE), any());
    }

    @Test
    void withoutBearerTheRequestPassesOnAnonymously() throws Exception {
        for (String header : new String[] {null, "Basic dXNlcjpwYXNz", "Bearer"}) {
            Outcome outcome = call(header, CAMERA_IP);
            assertThat(outcome.chainCalled()).as(header).isTrue();
            assertThat(outcome.seenByChain()).as(header).isNull();
        }
        verify(audit, never()).record(anyString(), anyString(), any(), any());
    }

    @Test
    void throttledAddressStillServesValidKeys() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(call("Bearer " + Secrets.generate(Secrets.DEVICE_KEY_PREFIX), CAMERA_IP).response().getStatus())
                    .isEqualTo(401);
        }
        // A camera retrying with a revoked key is now refused outright...
        Outcome blocked = call("Bearer " + Secrets.generate(Secrets.DEVICE_KEY_PREFIX), CAMERA_IP);
        assertThat(blocked.response().getStatus()).isEqualTo(429);
        assertThat(blocked.response().getHeader("Retry-After")).isEqualTo("900");
        // ...but its neighbours behind the same address keep working.
        Outcome neighbour = call("Bearer " + validKey, CAMERA_IP);
        assertThat(neighbour.chainCalled()).isTrue();
        assertThat(neighbour.seenByChain().getPrincipal()).isInstanceOf(DevicePrincipal.class);
        assertThat(call("Bearer " + validToken, CAMERA_IP).chainCalled()).isTrue();
        // Other addresses are unaffected.
        assertThat(call("Bearer " + Secrets.generate(Secrets.DEVICE_KEY_PREFIX), "198.51.100.8").response().getStatus())
                .isEqualTo(401);
    }

    @Test
    void tokenFailuresDoNotLockPeopleOutOfTheLoginPage() throws Exception {
        for (int i = 0; i < 5; i++) {
            call("Bearer pgd_revoked-or-unknown", CAMERA_IP);
        }
        assertThat(throttle.isBearerBlocked(CAMERA_IP)).isTrue();
        assertThat(throttle.waitFor("olga", CAMERA_IP)).isEmpty();
    }
}
