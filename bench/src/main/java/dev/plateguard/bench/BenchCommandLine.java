package dev.plateguard.bench;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Reads a load generator's command line with picocli: {@code --name=value} and {@code --name value} alike, an
 * option given twice keeps its last value (so that {@code bench/lib/with-server}'s {@code --url} can be
 * overridden), {@code --help} prints the usage, and a mistake is one line on standard error with exit status 2.
 */
final class BenchCommandLine {

    private BenchCommandLine() {
    }

    /** A generator's options: checks what picocli cannot, such as ranges. */
    interface Checked {
        /** @throws IllegalArgumentException with a message fit for the user */
        void check();
    }

    /** The options every generator takes; {@code bench/lib/with-server} passes both. Used as a picocli mixin. */
    static final class Server {
        @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
                description = "server base URL (default ${DEFAULT-VALUE}; set by bench/lib/with-server)")
        URI url;

        @Option(names = "--setup-token-file", paramLabel = "FILE", required = true,
                description = "the server's DATA_DIR/setup-token (required; set by bench/lib/with-server)")
        Path setupTokenFile;

        /** The base URL without a trailing slash, for appending {@code /api/v1/...}. */
        String base() {
            String text = url.toString();
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        }

        void check() {
            if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                throw new IllegalArgumentException("--url must be http:// or https://, got " + url);
            }
        }
    }

    static void atLeast(String option, long value, long minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(option + " must be at least " + minimum + ", got " + value);
        }
    }

    /** Whether to go on with the options, or the exit status after printing the usage or a mistake. */
    record Outcome(boolean proceed, int exitStatus) {
    }

    /** Fills {@code options} (a picocli {@code @Command}) from {@code args}. */
    static Outcome read(Checked options, String[] args, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(options).setOverwrittenOptionsAllowed(true).setExpandAtFiles(false);
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(out, CommandLine.Help.Ansi.OFF);
                return new Outcome(false, 0);
            }
            try {
                options.check();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(commandLine, e.getMessage(), e);
            }
            return new Outcome(true, 0);
        } catch (ParameterException e) {
            String name = commandLine.getCommandName();
            err.println(name + ": " + e.getMessage() + " (see " + name + " --help)");
            return new Outcome(false, 2);
        }
    }

    /** For {@code main}: returns {@code options} filled in, or exits after the usage (0) or a mistake (2). */
    static <T extends Checked> T readOrExit(T options, String[] args) {
        Outcome outcome = read(options, args, System.out, System.err);
        if (!outcome.proceed()) {
            System.exit(outcome.exitStatus());
        }
        return options;
    }
}
