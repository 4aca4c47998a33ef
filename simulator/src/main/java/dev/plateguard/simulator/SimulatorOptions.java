package dev.plateguard.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.plateguard.simulator.traffic.TrafficCurve;
import dev.plateguard.simulator.traffic.ViolationShares;

/**
 * Command-line options. The admin token can also come from {@code --token-file} or the {@code PLATEGUARD_TOKEN}
 * environment variable, which keeps it out of the process list.
 *
 * @param duration  null for unbounded
 * @param imageOnly share of reads (0..1) sent with images but no plate text, for the server to recognise
 */
public record SimulatorOptions(URI url, String token, int sites, double rate, Duration duration, long seed,
                               double imageOnly, ViolationShares violations, double degradedShare, int fleet,
                               TrafficCurve curve, int maxInFlight, Path plateFont, Path registryOut, boolean registryImport, boolean verbose) {

    static final String USAGE = """
            Usage: simulator --url=URL [--token=pgu_... | --token-file=FILE | env PLATEGUARD_TOKEN] [options]

            Builds (or reuses) a simulated Uzbek camera network on a PlateGuard server through its admin API, then
            streams reads from it through the device API until stopped.

              --url=URL                server base URL, e.g. http://127.0.0.1:8080 (required)
              --token=TOKEN            an ADMIN's personal token (pgu_...), used to build the network and issue keys
              --token-file=FILE        read the token from FILE instead
              --sites=N                camera sites (default 100; Tashkent most, Jizzakh, Qarshi, Namangan, Tajik border)
              --rate=R                 reads per second, as a daily mean (default 5)
              --duration=S|unbounded   stop after S seconds (default unbounded; Ctrl-C stops cleanly)
              --seed=N                 random seed for traffic and images (default: random, printed at start)
              --image-only[=F]         send a share F of reads (default all) with images but no plate text,
                                       for the server to recognise
              --violations=LIST        offence shares, e.g. speeding:0.06,red-light:0.04,seatbelt:0.05,phone:0.03,unregistered:0.03
              --degraded=F             share of degraded plate crops: blur, low light, angle, dirt (default 0.15)
              --fleet=N                simulated vehicles (default 20000)
              --traffic=day-night|flat traffic curve over Asia/Tashkent local time (default day-night)
              --max-in-flight=N        reads being sent at once before the simulator waits (default 64)
              --plate-font=FILE        a TrueType font for plate characters (default DejaVu Sans Condensed Bold)
              --registry-out=FILE      write the registered vehicles' plates, one per line (the unregistered are not in it)
              --registry-import        load the registered Uzbek vehicles into the server's local registry first
              --verbose                log every read (plates masked)
              --help                   this text
            """;

    private static final Set<String> FLAGS = Set.of("image-only", "registry-import", "verbose", "help");

    public SimulatorOptions {
        if (url == null || token == null || token.isBlank()) {
            throw new IllegalArgumentException("--url and a token are required");
        }
        if (sites < 1 || sites > 5000) {
            throw new IllegalArgumentException("--sites must be 1-5000");
        }
        if (!(rate > 0) || rate > 10_000) {
            throw new IllegalArgumentException("--rate must be above 0 and at most 10000");
        }
        if (!(imageOnly >= 0 && imageOnly <= 1)) {
            throw new IllegalArgumentException("--image-only must be a share between 0 and 1");
        }
        if (!(degradedShare >= 0 && degradedShare <= 1)) {
            throw new IllegalArgumentException("--degraded must be between 0 and 1");
        }
        if (fleet < 100 || maxInFlight < 1) {
            throw new IllegalArgumentException("--fleet must be at least 100 and --max-in-flight at least 1");
        }
    }

    /** Whether {@code --help} was asked for (nothing else is then needed). */
    static boolean wantsHelp(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** @throws IllegalArgumentException with a message fit for the user */
    static SimulatorOptions parse(String[] args, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "'");
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (eq < 0 && !FLAGS.contains(name)) {
                throw new IllegalArgumentException("--" + name + " needs a value (--" + name + "=...)");
            }
            values.put(name, eq < 0 ? "true" : arg.substring(eq + 1));
        }
        Set<String> known = Set.of("url", "token", "token-file", "sites", "rate", "duration", "seed", "image-only",
                "violations", "degraded", "fleet", "traffic", "max-in-flight", "plate-font", "registry-out", "registry-import", "verbose", "help");
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        String url = values.get("url");
        if (url == null) {
            throw new IllegalArgumentException("--url is required");
        }
        URI base = URI.create(url.endsWith("/") ? url : url + "/");
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) {
            throw new IllegalArgumentException("--url must be http:// or https://");
        }
        String token = values.get("token");
        if (token == null && values.containsKey("token-file")) {
            try {
                token = Files.readString(Path.of(values.get("token-file"))).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --token-file", e);
            }
        }
        if (token == null) {
            token = environment.get("PLATEGUARD_TOKEN");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("an admin token is required: --token, --token-file or PLATEGUARD_TOKEN");
        }
        String duration = values.getOrDefault("duration", "unbounded");
        Duration limit = duration.equalsIgnoreCase("unbounded") ? null : Duration.ofSeconds(positiveLong("duration", duration));
        String traffic = values.getOrDefault("traffic", "day-night").toLowerCase(Locale.ROOT);
        TrafficCurve curve = switch (traffic) {
            case "day-night" -> TrafficCurve.DAY_NIGHT;
            case "flat" -> TrafficCurve.FLAT;
            default -> throw new IllegalArgumentException("--traffic must be day-night or flat");
        };
        return new SimulatorOptions(base, token,
                (int) positiveLong("sites", values.getOrDefault("sites", "100")),
                number("rate", values.getOrDefault("rate", "5")),
                limit,
                values.containsKey("seed") ? longValue("seed", values.get("seed")) : new SecureRandom().nextLong(),
                imageOnly(values.get("image-only")),
                ViolationShares.parse(values.getOrDefault("violations", "")),
                number("degraded", values.getOrDefault("degraded", "0.15")),
                (int) positiveLong("fleet", values.getOrDefault("fleet", "20000")),
                curve,
                (int) positiveLong("max-in-flight", values.getOrDefault("max-in-flight", "64")),
                values.containsKey("plate-font") ? Path.of(values.get("plate-font")) : null,
                values.containsKey("registry-out") ? Path.of(values.get("registry-out")) : null,
                values.containsKey("registry-import"),
                values.containsKey("verbose"));
    }

    /** {@code --image-only} alone means every read; {@code --image-only=0.3} a share. */
    private static double imageOnly(String value) {
        if (value == null) {
            return 0;
        }
        return value.equals("true") ? 1 : number("image-only", value);
    }

    private static double number(String name, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number");
        }
    }

    private static long longValue(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number");
        }
    }

    private static long positiveLong(String name, String value) {
        long n = longValue(name, value);
        if (n < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1");
        }
        return n;
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "SimulatorOptions[url=" + url + ", sites=" + sites + ", rate=" + rate + ", duration="
                + (duration == null ? "unbounded" : duration.toSeconds() + "s") + ", seed=" + seed + ", imageOnly=" + imageOnly
                + ", violations=" + violations + ", degraded=" + degradedShare + ", fleet=" + fleet + "]";
    }
}
