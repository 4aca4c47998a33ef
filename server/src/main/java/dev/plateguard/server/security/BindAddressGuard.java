package dev.plateguard.server.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Refuses to start on a non-loopback address without TLS. The system PlateGuard replaces was found with its
 * dashboard open on the internet; listening beyond this machine must be a deliberate, encrypted choice.
 * A web-server customizer, so it runs whenever a web server is created, before it binds its port, even with
 * {@code spring.main.lazy-initialization=true} (a plain bean would then never be created).
 */
@Component
class BindAddressGuard implements WebServerFactoryCustomizer<ConfigurableWebServerFactory> {

    private final Environment env;

    BindAddressGuard(Environment env) {
        this.env = env;
    }

    @Override
    public void customize(ConfigurableWebServerFactory factory) {
        check(env);
    }

    static void check(Environment env) {
        String address = env.getProperty("server.address");
        boolean tls = tlsOn(env, "server.ssl");
        if (!isLoopback(address) && !tls) {
            throw new IllegalStateException("Refusing to listen on " + (StringUtils.hasText(address) ? address : "all interfaces")
                    + " without TLS. Configure server.ssl.* (SERVER_SSL_BUNDLE or SERVER_SSL_KEY_STORE) or bind to 127.0.0.1 "
                    + "behind a TLS-terminating proxy on the same host.");
        }
        // Actuator on a port of its own gets a server of its own: Spring Boot binds it to management.server.address
        // (all interfaces when unset, whatever server.address says) and inherits server.ssl only when
        // management.server.ssl is not configured at all.
        if (ManagementPortType.get(env) == ManagementPortType.DIFFERENT) {
            String managementAddress = env.getProperty("management.server.address");
            boolean managementTls = sslConfigured(env, "management.server.ssl") ? tlsOn(env, "management.server.ssl") : tls;
            if (!isLoopback(managementAddress) && !managementTls) {
                throw new IllegalStateException("Refusing to serve the management port on "
                        + (StringUtils.hasText(managementAddress) ? managementAddress : "all interfaces")
                        + " without TLS. Set management.server.address=127.0.0.1 or configure management.server.ssl.*.");
            }
        }
    }

    /**
     * Whether TLS is really on for a server configured under {@code prefix}: key material is configured and
     * {@code <prefix>.enabled} is not false (Spring Boot listens in clear text when it is false, whatever else is set).
     */
    static boolean tlsOn(Environment env, String prefix) {
        boolean material = StringUtils.hasText(env.getProperty(prefix + ".bundle"))
                || StringUtils.hasText(env.getProperty(prefix + ".key-store"))
                || StringUtils.hasText(env.getProperty(prefix + ".certificate"));
        return material && env.getProperty(prefix + ".enabled", Boolean.class, true);
    }

    private static boolean sslConfigured(Environment env, String prefix) {
        return env.containsProperty(prefix + ".enabled") || env.containsProperty(prefix + ".bundle")
                || env.containsProperty(prefix + ".key-store") || env.containsProperty(prefix + ".certificate");
    }

    static boolean isLoopback(String address) {
        if (!StringUtils.hasText(address)) {
            return false;
        }
        try {
            for (InetAddress a : InetAddress.getAllByName(address)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
