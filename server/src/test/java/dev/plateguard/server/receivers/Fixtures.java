package dev.plateguard.server.receivers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;

/**
 * Payloads for the receiver tests: the project's own fixtures ({@code src/test/resources/receivers/}, with
 * {@code ${NAME}} placeholders for what each test varies), and the shared corpus of real vendor samples
 * ({@code ../shared/data/vendor-samples}, read in place, never copied; tests that need it are skipped without it).
 */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] fixture(String name, Map<String, String> values) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/receivers/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (var e : values.entrySet()) {
                text = text.replace("${" + e.getKey() + "}", e.getValue());
            }
            return text.getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] fixture(String name) {
        return fixture(name, Map.of());
    }

    /** The shared vendor corpus, or a skipped test when this checkout has no ../shared/data. */
    static Path corpus() {
        // from the server module (Maven's working directory) or from the repository root
        for (Path candidate : new Path[] {Path.of("../../shared/data/vendor-samples"), Path.of("../shared/data/vendor-samples")}) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        Assumptions.abort("the shared vendor corpus (../shared/data/vendor-samples) is not here");
        return null;
    }

    static byte[] sample(String relative) {
        try {
            return Files.readAllBytes(corpus().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
