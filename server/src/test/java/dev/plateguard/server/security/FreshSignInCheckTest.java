package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;

/** Adding a passkey needs a recent sign-in; everything else passes through untouched. */
class FreshSignInCheckTest {

    private final PasskeySignIn.FreshSignInCheck check = new PasskeySignIn.FreshSignInCheck(Duration.ofMinutes(15));

    private MockHttpServletResponse run(String method, String path, Instant signedInAt, AtomicBoolean passed)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        if (signedInAt != null) {
            MockHttpSession session = new MockHttpSession();
            session.setAttribute(SignedInSessions.SIGNED_IN_AT, signedInAt);
            request.setSession(session);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        check.doFilter(request, response, (req, res) -> passed.set(true));
        return response;
    }

    @Test
    void aRecentSignInMayAskForRegistrationOptions() throws Exception {
        AtomicBoolean passed = new AtomicBoolean();
        MockHttpServletResponse response = run("POST", "/webauthn/register/options", Instant.now().minusSeconds(60), passed);
        assertThat(passed).isTrue();
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void anOldSignInIsRefusedWithAProblem() throws Exception {
        for (String path : new String[] {"/webauthn/register/options", "/webauthn/register"}) {
            AtomicBoolean passed = new AtomicBoolean();
            MockHttpServletResponse response = run("POST", path, Instant.now().minus(Duration.ofMinutes(16)), passed);
            assertThat(passed).as(path).isFalse();
            assertThat(response.getStatus()).isEqualTo(403);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            assertThat(response.getContentAsString()).contains("stale-sign-in", "sign in again");
        }
    }

    @Test
    void noRecordedSignInIsRefusedAndOtherRequestsPass() throws Exception {
        AtomicBoolean passed = new AtomicBoolean();
        assertThat(run("POST", "/webauthn/register/options", null, passed).getStatus()).isEqualTo(403);
        assertThat(passed).isFalse();
        AtomicBoolean other = new AtomicBoolean();
        run("POST", "/login/webauthn", null, other);
        assertThat(other).as("signing in needs no earlier sign-in").isTrue();
        AtomicBoolean removal = new AtomicBoolean();
        run("DELETE", "/webauthn/register/abc", Instant.now().minus(Duration.ofHours(5)), removal);
        assertThat(removal).as("removing one needs no fresh sign-in").isTrue();
    }
}
