package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** Safe bind: loopback by default; anything else only with TLS actually switched on. */
class BindAddressGuardTest {

    private static MockEnvironment env(String address) {
        MockEnvironment env = new MockEnvironment();
        if (address != null) {
            env.setProperty("server.address", address);
        }
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "::1", "[::1]", "0:0:0:0:0:0:0:1", "localhost"})
    void loopbackIsAllowedWithoutTls(String address) {
        assertThatCode(() -> BindAddressGuard.check(env(address))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.168.1.10", "10.0.0.5", "203.0.113.7", "2001:db8::1"})
    void nonLoopbackWithoutTlsIsRefused(String address) {
        assertThatThrownBy(() -> BindAddressGuard.check(env(address)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(address)
                .hasMessageContaining("TLS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankAddressMeansAllInterfacesAndIsRefused(String address) {
        assertThatThrownBy(() -> BindAddressGuard.check(env(address)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("all interfaces");
    }

    @Test
    void missingAddressMeansAllInterfacesAndIsRefused() {
        assertThatThrownBy(() -> BindAddressGuard.check(env(null))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unresolvableHostIsRefused() {
        assertThatThrownBy(() -> BindAddressGuard.check(env("no-such-host.invalid"))).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"server.ssl.bundle", "server.ssl.key-store", "server.ssl.certificate"})
    void nonLoopbackWithTlsMaterialIsAllowed(String property) {
        MockEnvironment env = env("0.0.0.0");
        env.setProperty(property, "web");
        assertThatCode(() -> BindAddressGuard.check(env)).doesNotThrowAnyException();
    }

    @Test
    void tlsConfiguredButSwitchedOffIsRefused() {
        // server.ssl.enabled=false turns TLS off even with a bundle configured: the server would listen in clear.
        MockEnvironment env = env("0.0.0.0");
        env.setProperty("server.ssl.bundle", "web");
        env.setProperty("server.ssl.enabled", "false");
        assertThatThrownBy(() -> BindAddressGuard.check(env)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tlsSwitchedOnWithoutKeyMaterialIsNotTls() {
        MockEnvironment env = env("0.0.0.0");
        env.setProperty("server.ssl.enabled", "true");
        assertThatThrownBy(() -> BindAddressGuard.check(env)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void separateManagementPortOnAllInterfacesIsRefused() {
        // Actuator on its own port binds to all interfaces unless management.server.address says otherwise.
        MockEnvironment env = env("127.0.0.1");
        env.setProperty("management.server.port", "9090");
        assertThatThrownBy(() -> BindAddressGuard.check(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("management");
        env.setProperty("management.server.address", "0.0.0.0");
        assertThatThrownBy(() -> BindAddressGuard.check(env)).isInstanceOf(IllegalStateException.class);
        env.setProperty("management.server.address", "127.0.0.1");
        assertThatCode(() -> BindAddressGuard.check(env)).doesNotThrowAnyException();
    }

    @Test
    void managementOnItsOwnNonLoopbackAddressNeedsItsOwnTls() {
        MockEnvironment env = env("127.0.0.1");
        env.setProperty("management.server.port", "9090");
        env.setProperty("management.server.address", "0.0.0.0");
        env.setProperty("management.server.ssl.bundle", "mgmt");
        assertThatCode(() -> BindAddressGuard.check(env)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "8080"})
    void managementDisabledOrOnTheMainPortNeedsNothingMore(String port) {
        MockEnvironment env = env("127.0.0.1");
        env.setProperty("server.port", "8080");
        env.setProperty("management.server.port", port);
        assertThatCode(() -> BindAddressGuard.check(env)).doesNotThrowAnyException();
    }
}
