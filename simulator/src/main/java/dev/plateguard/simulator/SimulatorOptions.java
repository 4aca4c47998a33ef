package dev.plateguard.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import dev.plateguard.simulator.traffic.TrafficCurve;
import dev.plateguard.simulator.traffic.ViolationShares;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.TypeConversionException;

/**
 * Command-line options. The admin token can also come from {@code --token-file} or the {@code PLATEGUARD_TOKEN}
 * environment variable, which keeps it out of the process list. The command line itself is read by picocli
 * ({@link Arguments}); the rest of the simulator sees only this record.
 *
 * @param duration  null for unbounded
 * @param imageOnly share of reads (0..1) sent with images but no plate text, for the server to recognise
 * @param vendorShare share of reads (0..1) pushed in vendor formats (Hikvision ISAPI, OpenALPR) to the receivers
 */
public record SimulatorOptions(URI url, String token, int sites, double rate, Duration duration, long seed,
                               double imageOnly, ViolationShares violations, double degradedShare, int fleet,
                               TrafficCurve curve, int maxInFlight, Path plateFont, Path registryOut, boolean registryImport, boolean verbose,
                               double vendorShare) {

    public SimulatorOptions {
        if (url == null || token == null || token.isBlank()) {
            throw new IllegalArgumentException("--url and a token are required");
        }
        if (sites < 1 || sites > 5000) {
            throw new IllegalArgumentException("--sites must be 1-5000, got " + sites);
        }
        if (!(rate > 0) || rate > 10_000) {
            throw new IllegalArgumentException("--rate must be above 0 and at most 10000, got " + rate);
        }
        if (!(imageOnly >= 0 && imageOnly <= 1)) {
            throw new IllegalArgumentException("--image-only must be a share between 0 and 1, got " + imageOnly);
        }
        if (!(vendorShare >= 0 && vendorShare <= 1)) {
            throw new IllegalArgumentException("--vendor must be a share between 0 and 1, got " + vendorShare);
        }
        if (!(degradedShare >= 0 && degradedShare <= 1)) {
            throw new IllegalArgumentException("--degraded must be between 0 and 1, got " + degradedShare);
        }
        if (fleet < 100) {
            throw new IllegalArgumentException("--fleet must be at least 100, got " + fleet);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("--max-in-flight must be at least 1, got " + maxInFlight);
        }
    }

    /**
     * The command line as picocli reads it: {@code --name=value} and {@code --name value} alike. The descriptions
     * for {@code --help} are in {@code SimulatorOptions.properties}.
     */
    @Command(name = "simulator", resourceBundle = "dev.plateguard.simulator.SimulatorOptions", sortOptions = false,
            usageHelpWidth = 110, separator = "=")
    static final class Arguments {
        @Option(names = "--url", paramLabel = "URL", required = true) URI url;
        @Option(names = "--token", paramLabel = "TOKEN") String token;
        @Option(names = "--token-file", paramLabel = "FILE") Path tokenFile;
        @Option(names = "--sites", paramLabel = "N", defaultValue = "100") int sites;
        @Option(names = "--rate", paramLabel = "R", defaultValue = "5") double rate;
        @Option(names = "--duration", paramLabel = "S|unbounded", defaultValue = "unbounded", converter = DurationConverter.class)
        Duration duration;
        @Option(names = "--seed", paramLabel = "N") Long seed;
        @Option(names = "--image-only", paramLabel = "F", arity = "0..1", defaultValue = "0", fallbackValue = "1") double imageOnly;
        @Option(names = "--violations", paramLabel = "LIST", defaultValue = "", converter = SharesConverter.class)
        ViolationShares violations;
        @Option(names = "--degraded", paramLabel = "F", defaultValue = "0.15") double degraded;
        @Option(names = "--fleet", paramLabel = "N", defaultValue = "20000") int fleet;
        @Option(names = "--traffic", paramLabel = "day-night|flat", defaultValue = "day-night", converter = CurveConverter.class)
        TrafficCurve curve;
        @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "64") int maxInFlight;
        @Option(names = "--plate-font", paramLabel = "FILE") Path plateFont;
        @Option(names = "--registry-out", paramLabel = "FILE") Path registryOut;
        @Option(names = "--registry-import") boolean registryImport;
        @Option(names = "--vendor", paramLabel = "F", defaultValue = "0") double vendor;
        @Option(names = "--verbose") boolean verbose;
        @Option(names = {"-h", "--help"}, usageHelp = true) boolean help;

        /** @throws ParameterException for what picocli cannot check by itself: the token, the URL's scheme, ranges */
        SimulatorOptions toOptions(CommandLine commandLine, Map<String, String> environment) {
            try {
                if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                    throw new IllegalArgumentException("--url must be http:// or https://, got " + url);
                }
                URI base = url.toString().endsWith("/") ? url : URI.create(url + "/");
                return new SimulatorOptions(base, token(environment), sites, rate, duration,
                        seed != null ? seed : new SecureRandom().nextLong(), imageOnly, violations, degraded, fleet, curve,
                        maxInFlight, plateFont, registryOut, registryImport, verbose, vendor);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(commandLine, e.getMessage(), e);
            }
        }

        private String token(Map<String, String> environment) {
            String value = token;
            if (value == null && tokenFile != null) {
                try {
                    value = Files.readString(tokenFile).strip();
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read --token-file " + tokenFile + ": " + e);
                }
            }
            if (value == null) {
                value = environment.get("PLATEGUARD_TOKEN");
            }
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("an admin token is required: --token, --token-file or PLATEGUARD_TOKEN");
            }
            return value;
        }
    }

    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            if (value.equalsIgnoreCase("unbounded")) {
                return null;
            }
            try {
                long seconds = Long.parseLong(value);
                if (seconds >= 1) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException e) {
                // explained below
            }
            throw new TypeConversionException("'" + value + "' is not a whole number of seconds (at least 1) or 'unbounded'");
        }
    }

    static final class CurveConverter implements CommandLine.ITypeConverter<TrafficCurve> {
        @Override
        public TrafficCurve convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "day-night" -> TrafficCurve.DAY_NIGHT;
                case "flat" -> TrafficCurve.FLAT;
                default -> throw new TypeConversionException("'" + value + "' is not day-night or flat");
            };
        }
    }

    static final class SharesConverter implements CommandLine.ITypeConverter<ViolationShares> {
        @Override
        public ViolationShares convert(String value) {
            try {
                return ViolationShares.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** A picocli parser for {@link Arguments}; an option given twice keeps its last value, so scripts can override. */
    static CommandLine commandLine() {
        return new CommandLine(new Arguments()).setOverwrittenOptionsAllowed(true).setExpandAtFiles(false);
    }

    /** The {@code --help} text. */
    static String usage() {
        return commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** @throws ParameterException with a message fit for the user */
    static SimulatorOptions parse(String[] args, Map<String, String> environment) {
        CommandLine commandLine = commandLine();
        commandLine.parseArgs(args);
        return commandLine.<Arguments>getCommand().toOptions(commandLine, environment);
    }

    /** What {@link Simulator#main} is to do: run with {@code options}, or exit with {@code exitCode} when they are null. */
    record Invocation(SimulatorOptions options, int exitCode) {
    }

    /**
     * Reads the command line for {@link Simulator#main}: {@code --help} prints the usage on {@code out} (exit 0); a
     * mistake prints one line on {@code err} (exit 2).
     */
    static Invocation read(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine commandLine = commandLine();
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(out, CommandLine.Help.Ansi.OFF);
                return new Invocation(null, 0);
            }
            return new Invocation(commandLine.<Arguments>getCommand().toOptions(commandLine, environment), 0);
        } catch (ParameterException e) {
            err.println("simulator: " + e.getMessage() + " (see simulator --help)");
            return new Invocation(null, 2);
        }
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "SimulatorOptions[url=" + url + ", sites=" + sites + ", rate=" + rate + ", duration="
                + (duration == null ? "unbounded" : duration.toSeconds() + "s") + ", seed=" + seed + ", imageOnly=" + imageOnly
                + ", violations=" + violations + ", degraded=" + degradedShare + ", fleet=" + fleet + ", vendor=" + vendorShare + "]";
    }
}
