package dev.plateguard.server.users;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

import dev.plateguard.server.identity.Role;

/** The codes are exactly those of RFC 6238 (and so of authenticator apps); the settings bind as documented. */
class TotpTest {

    /** RFC 6238 appendix B, HMAC-SHA-1: the ASCII secret "12345678901234567890"; the last six of its 8-digit codes. */
    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void codesAreTheRfc6238TestVectors() {
        long[][] vectors = {{59, 287082}, {1111111109, 81804}, {1111111111, 50471}, {1234567890, 5924},
                {2000000000, 279037}, {20000000000L, 353130}};
        for (long[] v : vectors) {
            String code = Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(v[0])));
            assertThat(code).as("T=%d", v[0]).isEqualTo(String.format("%06d", v[1]));
        }
        assertThat(Totp.base32(RFC_SECRET)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }

    @Test
    void oneStepOfDriftEitherWayAndOnlyStepsAfterTheLastOne() {
        Instant now = Instant.ofEpochSecond(1_700_000_015L);
        long step = Totp.step(now);
        boolean[] seen = new boolean[1];
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step - 1), now, null, seen)).hasValue(step - 1);
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step + 1), now, null, seen)).hasValue(step + 1);
        seen[0] = false;
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step + 2), now, null, seen)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step - 2), now, null, seen)).isEmpty();
        assertThat(seen[0]).as("a code two steps away is simply wrong").isFalse();
        // The step already used, or an earlier one: a replay.
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step), now, step, seen)).isEmpty();
        assertThat(seen[0]).isTrue();
        assertThat(Totp.match(RFC_SECRET, Totp.code(RFC_SECRET, step + 1), now, step, seen)).hasValue(step + 1);
        String code = Totp.code(RFC_SECRET, step);
        assertThat(Totp.match(RFC_SECRET, code.substring(0, 3) + " " + code.substring(3), now, null, seen)).hasValue(step);
        assertThat(Totp.match(RFC_SECRET, "12345", now, null, seen)).isEmpty();
        assertThat(Totp.match(RFC_SECRET, "abcdef", now, null, seen)).isEmpty();
    }

    @Test
    void theOtpauthUriIsTheKeyUriFormat() {
        assertThat(Totp.uri("PlateGuard Tashkent", "ali.v", RFC_SECRET)).isEqualTo("otpauth://totp/PlateGuard%20Tashkent:ali.v"
                + "?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=PlateGuard%20Tashkent&algorithm=SHA1&digits=6&period=30");
    }

    @Test
    void recoveryCodesAreNormalised() {
        assertThat(SecondFactors.normaliseRecoveryCode("abcd-efgh-jklm")).isEqualTo("ABCDEFGHJKLM");
        assertThat(SecondFactors.normaliseRecoveryCode(" ABCD EFGH JKLM ")).isEqualTo("ABCDEFGHJKLM");
        assertThat(SecondFactors.normaliseRecoveryCode("ABCD-EFGH-JKL")).isNull();
        assertThat(SecondFactors.normaliseRecoveryCode("ABCD-EFGH-JKL0")).as("0 is not in the alphabet").isNull();
    }

    private static MfaSettings bind(MockEnvironment env) {
        return Binder.get(env).bindOrCreate("plateguard.mfa", MfaSettings.class);
    }

    @Test
    void requiredRolesAreConfigurable() {
        MfaSettings defaults = bind(new MockEnvironment());
        assertThat(defaults.requiredRoles()).containsExactly(Role.ADMIN, Role.SUPERVISOR, Role.INVESTIGATOR, Role.AUDITOR);
        for (Role role : List.of(Role.ADMIN, Role.SUPERVISOR, Role.INVESTIGATOR, Role.AUDITOR)) {
            assertThat(defaults.requiredFor(Set.of(role))).as(role.name()).isTrue();
        }
        assertThat(defaults.requiredFor(Set.of(Role.OPERATOR))).isFalse();
        assertThat(defaults.requiredFor(Set.of(Role.INTEGRATION))).isFalse();
        assertThat(defaults.requiredFor(Set.of())).isFalse();
        assertThat(defaults).isEqualTo(MfaSettings.defaults());

        MfaSettings some = bind(new MockEnvironment().withProperty("plateguard.mfa.required-roles", "AUDITOR,OPERATOR"));
        assertThat(some.requiredFor(Set.of(Role.ADMIN))).isFalse();
        assertThat(some.requiredFor(Set.of(Role.OPERATOR))).isTrue();
        MfaSettings none = bind(new MockEnvironment().withProperty("plateguard.mfa.required-roles", ""));
        assertThat(none.requiredFor(Set.of(Role.ADMIN, Role.AUDITOR))).isFalse();
    }
}
