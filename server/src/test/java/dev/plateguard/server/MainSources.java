package dev.plateguard.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The server's main sources, read as text by tests that guard a rule of the architecture. */
public final class MainSources {

    public static final Path ROOT = Path.of("src/main/java/dev/plateguard/server");

    private MainSources() {
    }

    /**
     * Every match of {@code pattern} in the main sources, as {@code path: match} (paths relative to the server
     * package, with {@code /}), in files that {@code include} accepts given their path and text.
     */
    public static List<String> matches(Pattern pattern, BiPredicate<String, String> include) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String path = ROOT.relativize(file).toString().replace('\\', '/');
                String source = Files.readString(file);
                if (include.test(path, source)) {
                    Matcher m = pattern.matcher(source);
                    while (m.find()) {
                        found.add(path + ": " + m.group());
                    }
                }
            }
        }
        return found;
    }
}
