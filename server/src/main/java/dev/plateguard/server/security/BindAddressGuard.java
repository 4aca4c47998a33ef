package dev.plateguard.server.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Refuses to start on a non-loopback address without TLS. The system PlateGuard replaces was found with its
 * dashboard open on the internet; listening beyond this machine must be a deliberate, encrypted choice.
 * Runs while the context is built, before the web server binds its port.
 */
@Component
class BindAddressGuard {

    BindAddressGuard(Environment env) {
        String address = env.getProperty("server.address");
        boolean tls = env.getProperty("server.ssl.enabled", Boolean.class, false)
                || StringUtils.hasText(env.getProperty("server.ssl.bundle"))
                || StringUtils.hasText(env.getProperty("server.ssl.key-store"))
                || StringUtils.hasText(env.getProperty("server.ssl.certificate"));
        if (!isLoopback(address) && !tls) {
            throw new IllegalStateException("Refusing to listen on " + (StringUtils.hasText(address) ? address : "all interfaces")
                    + " without TLS. Configure server.ssl.* (SERVER_SSL_BUNDLE or SERVER_SSL_KEY_STORE) or bind to 127.0.0.1 "
                    + "behind a TLS-terminating proxy on the same host.");
        }
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
