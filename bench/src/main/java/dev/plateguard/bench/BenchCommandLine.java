package dev.plateguard.bench;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * A load generator's command line, read with picocli: {@code --name=value} and {@code --name value} alike, an
 * option given twice keeps its last value (so that {@code bench/lib/with-server}'s {@code --url} can be
 * overridden), {@code --help} prints the usage, and a mistake is one line on standard error with exit status 2.
 * Each generator's options extend this class, which holds the options they all take; their descriptions for
 * {@code --help} are in the generator's resource bundle.
 */
@Command(sortOptions = false, usageHelpWidth = 110)
abstract class BenchCommandLine {

    @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
            description = "server base URL (default ${DEFAULT-VALUE}; set by bench/lib/with-server)")
    URI url;

    @Option(names = "--setup-token-file", paramLabel = "FILE", required = true,
            description = "the server's DATA_DIR/setup-token (required; set by bench/lib/with-server)")
    Path setupTokenFile;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this text", order = 1) // last: the others have -1
    boolean help;

    /** The base URL without a trailing slash, for appending {@code /api/v1/...}. */
    String base() {
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** What picocli cannot check by itself. @throws IllegalArgumentException with a message fit for the user */
    void check() {
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new IllegalArgumentException("--url must be http:// or https://, got " + url);
        }
    }

    /** A count that may be 0. */
    static final class Count implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 0);
        }
    }

    /** A count, rate or concurrency of at least 1. */
    static final class Positive implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return atLeast(value, 1);
        }
    }

    static int atLeast(String value, int minimum) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
        if (n < minimum) {
            throw new TypeConversionException("must be at least " + minimum + ", got " + n);
        }
        return n;
    }

    /** Whether to go on with the options, or the exit status after printing the usage or a mistake. */
    record Outcome(boolean proceed, int exitStatus) {
    }

    /** Fills {@code options} (a picocli {@code @Command}) from {@code args}. */
    static Outcome read(BenchCommandLine options, String[] args, PrintStream out, PrintStream err) {
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
    static <T extends BenchCommandLine> T readOrExit(T options, String[] args) {
        Outcome outcome = read(options, args, System.out, System.err);
        if (!outcome.proceed()) {
            System.exit(outcome.exitStatus());
        }
        return options;
    }
}
