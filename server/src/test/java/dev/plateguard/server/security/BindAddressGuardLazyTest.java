package dev.plateguard.server.security;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import dev.plateguard.server.PlateGuardApplication;

/**
 * The bind check is a web-server customizer: lazy initialisation, which skips creating ordinary beans, cannot
 * skip it, and the server refuses to listen on all interfaces without TLS.
 */
class BindAddressGuardLazyTest {

    @Test
    void lazyInitialisationDoesNotSkipTheBindCheck() throws Exception {
        Path dir = Files.createTempDirectory("plateguard-lazy-");
        // Arguments, not builder properties: those are defaults that application.properties would override.
        assertThatThrownBy(() -> new SpringApplicationBuilder(PlateGuardApplication.class)
                .run("--spring.main.lazy-initialization=true", "--server.address=0.0.0.0", "--server.port=0",
                        "--plateguard.data-dir=" + dir, "--plateguard.embedded-db.port=0")
                .close())
                .hasStackTraceContaining("Refusing to listen on 0.0.0.0 without TLS");
    }
}
