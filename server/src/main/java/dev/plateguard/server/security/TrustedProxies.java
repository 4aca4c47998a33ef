package dev.plateguard.server.security;

import java.util.List;
import java.util.stream.Collectors;

import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Believes {@code X-Forwarded-For} and {@code X-Forwarded-Proto} only from the reverse proxies listed in
 * {@code plateguard.abuse.trusted-proxies}, through Tomcat's own {@link RemoteIpValve}. With none listed (the
 * default) no valve is added: the client address is the socket's, and a forged header changes nothing. Once the
 * valve has run, {@code getRemoteAddr()} (throttles, rate limits, audit) is the real client and {@code isSecure()}
 * is true behind an https proxy, so the session cookie gets {@code Secure} and responses get HSTS.
 */
@Component
class TrustedProxies implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    private final AbuseSettings settings;

    TrustedProxies(AbuseSettings settings) {
        this.settings = settings;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (settings.trustedProxies().isEmpty()) {
            return;
        }
        RemoteIpValve valve = new RemoteIpValve();
        valve.setInternalProxies(cidrs(settings.trustedProxies()));
        valve.setTrustedProxies("");
        valve.setRemoteIpHeader("X-Forwarded-For");
        valve.setProtocolHeader("X-Forwarded-Proto");
        valve.setProtocolHeaderHttpsValue("https");
        factory.addEngineValves(valve);
    }

    /** Tomcat reads a list containing '/' as CIDR blocks; a bare address becomes a block of one. */
    static String cidrs(List<String> entries) {
        return entries.stream()
                .map(e -> e.contains("/") ? e : e + (e.contains(":") ? "/128" : "/32"))
                .collect(Collectors.joining(","));
    }
}
