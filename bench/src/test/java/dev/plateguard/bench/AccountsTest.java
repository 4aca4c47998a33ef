package dev.plateguard.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmarks compute the codes an authenticator app shows (RFC 6238 appendix B, SHA-1, last six digits). */
class AccountsTest {

    @Test
    void codesAreTheRfc6238TestVectors() {
        String secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // base32 of "12345678901234567890"
        assertThat(Accounts.code(secret, 59 / 30)).isEqualTo("287082");
        assertThat(Accounts.code(secret, 1111111109L / 30)).isEqualTo("081804");
        assertThat(Accounts.code(secret, 2000000000L / 30)).isEqualTo("279037");
    }
}
