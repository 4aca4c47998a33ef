package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.catalina.valves.RemoteIpValve;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.mock.env.MockEnvironment;

/** Forwarded headers are believed only from listed proxies; by default from nobody. */
class TrustedProxiesTest {

    private static AbuseSettings settings(String proxies) {
        MockEnvironment env = new MockEnvironment();
        if (proxies != null) {
            env.setProperty("plateguard.abuse.trusted-proxies", proxies);
        }
        return Binder.get(env).bindOrCreate("plateguard.abuse", AbuseSettings.class);
    }

    @Test
    void noProxiesNoValve() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new TrustedProxies(settings(null)).customize(factory);
        assertThat(factory.getEngineValves()).noneMatch(RemoteIpValve.class::isInstance);
    }

    @Test
    void listedProxiesBecomeCidrBlocks() {
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        new TrustedProxies(settings("127.0.0.1, 10.1.0.0/16,::1")).customize(factory);
        RemoteIpValve valve = (RemoteIpValve) factory.getEngineValves().stream()
                .filter(RemoteIpValve.class::isInstance).findFirst().orElseThrow();
        assertThat(valve.getInternalProxies()).contains("127.0.0.1/32").contains("10.1.0.0/16").contains("::1/128");
        assertThat(valve.getRemoteIpHeader()).isEqualToIgnoringCase("X-Forwarded-For");
        assertThat(valve.getProtocolHeader()).isEqualToIgnoringCase("X-Forwarded-Proto");
        assertThat(TrustedProxies.cidrs(List.of("192.0.2.7"))).isEqualTo("192.0.2.7/32");
    }
}
