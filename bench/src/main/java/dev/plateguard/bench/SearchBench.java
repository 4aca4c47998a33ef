package dev.plateguard.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Search at scale: loads a realistic history of reads ({@link ReadPopulation}) into a fresh server with COPY
 * ({@link ReadLoader}), then measures the five read paths people wait on through the public API, with the roles,
 * purposes and audit they really take: a plate's history (90 days), a prefix search, a plate's journey (90 days),
 * the live listing and the review queue. Prints a table, then the figures as one JSON object on the last line.
 */
public final class SearchBench {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PASSWORD = "bench-" + UUID.randomUUID();
    private static final String PURPOSE = "&purpose=stolen-vehicle&case=CR-2026-000123";

    /** The command line: {@code bench/search [OPTIONS]}; the {@code --help} text is in {@code SearchBench.properties}. */
    @Command(name = "bench/search", resourceBundle = "dev.plateguard.bench.SearchBench")
    static final class Options extends BenchCommandLine {
        @Option(names = "--reads", paramLabel = "N", defaultValue = "1000000", converter = Positive.class) int reads;
        @Option(names = "--days", paramLabel = "D", defaultValue = "95", converter = Positive.class) int days;
        @Option(names = "--sites", paramLabel = "N", defaultValue = "120", converter = Positive.class) int sites;
        @Option(names = "--samples", paramLabel = "N", defaultValue = "200", converter = Positive.class) int samples;
        @Option(names = "--violations", paramLabel = "N", defaultValue = "20000", converter = Count.class) int violations;
        @Option(names = "--seed", paramLabel = "S", defaultValue = "1") long seed;
        @Option(names = "--explain", paramLabel = "BOOL", defaultValue = "false") boolean explain;
    }

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final Accounts accounts;

    private SearchBench(String url) {
        this.url = url;
        this.accounts = new Accounts(http, url);
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchCommandLine.readOrExit(new Options(), args);
        Path dataDir = options.setupTokenFile.toAbsolutePath().getParent();
        SearchBench bench = new SearchBench(options.base());
        String admin = bench.setup(options.setupTokenFile);
        String approver = bench.approver(admin);
        String investigator = bench.person(admin, approver, "INVESTIGATOR");
        String operator = bench.person(admin, approver, "OPERATOR");

        long started = System.nanoTime();
        ReadPopulation population = new ReadPopulation(options.reads, options.days, options.sites, options.seed);
        System.out.printf("population: %d sites in %d cities, %d commuters, %d occasional vehicles (%.1f s)%n",
                population.sites().size(), ReadPopulation.CITIES.size(), population.commuters().size(),
                population.occasional().size(), (System.nanoTime() - started) / 1e9);
        List<long[]> cameraIds = bench.network(admin, population.sites());

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("reads", options.reads);
        try (ReadLoader db = ReadLoader.open(dataDir)) {
            ReadLoader.CameraIds[][] cameras = cameras(db, cameraIds);
            Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
            List<String> indexes = db.secondaryIndexes();
            long t0 = System.nanoTime();
            // A bulk load builds indexes once at the end (sorted, far faster than row by row), then analyses.
            for (String index : indexes) {
                db.execute("drop index " + index.split("\t")[0]);
            }
            long loaded = db.load(population, end, cameras);
            double copySeconds = (System.nanoTime() - t0) / 1e9;
            db.execute("set maintenance_work_mem = '1GB'");
            for (String index : indexes) {
                db.execute(index.split("\t")[1]);
            }
            double indexSeconds = (System.nanoTime() - t0) / 1e9 - copySeconds;
            db.execute("vacuum (analyze) plate_read");
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("loaded %d reads in %.0f s: COPY %.0f s (%.0f reads/s), %d indexes %.0f s, vacuum analyze %.0f s%n",
                    loaded, loadSeconds, copySeconds, loaded / copySeconds, indexes.size(), indexSeconds,
                    loadSeconds - copySeconds - indexSeconds);
            int violations = violations(db, options.violations);
            System.out.printf("review queue: %d violations pending review%n", violations);
            figures.put("loadSeconds", Math.round(loadSeconds));
            figures.put("readsPerSecondLoaded", Math.round(loaded / copySeconds));
            disk(db, options.reads, figures);
            if (options.explain) {
                explain(db, population);
            }
        }

        Random random = new Random(options.seed + 99);
        IntFunction<String> plate = i -> samplePlate(population, random);
        Instant from = Instant.now().minus(Duration.ofDays(90)).plus(Duration.ofMinutes(10));
        List<long[]> sites = cameraIds;
        Map<String, Query> queries = new LinkedHashMap<>();
        queries.put("history", new Query("plate history, 90 days (exact plate, first page of 50)", 50,
                i -> "/api/v1/reads?plate=" + plate.apply(i) + PURPOSE, investigator));
        queries.put("prefix", new Query("prefix search (5-6 leading characters, first page of 50)", 500,
                i -> "/api/v1/reads?plate=" + enc(prefix(plate.apply(i), random)) + PURPOSE, investigator));
        queries.put("journey", new Query("one plate's journey, 90 days (up to 2000 sightings)", 100,
                i -> "/api/v1/journeys?plate=" + plate.apply(i) + "&from=" + from + PURPOSE, investigator));
        queries.put("live", new Query("live listing, last 24 h (all sites or one site, page of 50)", 100,
                i -> "/api/v1/reads?limit=50" + (i % 2 == 0 ? "" : "&site=" + sites.get(random.nextInt(sites.size()))[0]),
                operator));
        queries.put("reviewQueue", new Query("review queue page (50 oldest pending)", 100,
                i -> "/api/v1/review/queue?limit=50", operator));

        Map<String, Object> measured = new LinkedHashMap<>();
        String load = loadAverage();
        System.out.printf("%nload average before the queries (1, 5, 15 min): %s%n", load);
        figures.put("loadAverageBefore", load);
        System.out.printf("%-62s %8s %8s %8s %9s%n", "query (" + options.samples + " samples each, one client)",
                "p50 ms", "p95 ms", "max ms", "target");
        for (var entry : queries.entrySet()) {
            Query q = entry.getValue();
            for (int i = 0; i < Math.min(20, options.samples); i++) { // warm-up: JIT, connection pool, plans
                bench.get(q.path().apply(i), q.token());
            }
            double[] ms = new double[options.samples];
            for (int i = 0; i < options.samples; i++) {
                String path = q.path().apply(i);
                long t = System.nanoTime();
                bench.get(path, q.token());
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            double p50 = percentile(ms, 50);
            double p95 = percentile(ms, 95);
            System.out.printf("%-62s %8.1f %8.1f %8.1f %6d ms %s%n", q.title(), p50, p95, ms[ms.length - 1],
                    q.targetMs(), p95 <= q.targetMs() ? "ok" : "MISSED");
            measured.put(entry.getKey(), Map.of("p50Ms", round(p50), "p95Ms", round(p95), "targetMs", q.targetMs()));
        }
        figures.put("queries", measured);
        figures.put("samples", options.samples);
        double fsyncs = IngestBench.fsyncCeiling(dataDir);
        System.out.printf("machine: this disk writes and fsyncs %.0f files of 100 KB per second from one thread%n", fsyncs);
        figures.put("diskFsyncsPerSecond", round(fsyncs));
        System.out.println(JSON.writeValueAsString(figures));
    }

    private record Query(String title, int targetMs, IntFunction<String> path, String token) {
    }

    /** A plate to look up: a third commuters, a third frequent occasional vehicles, a third from the whole (long) tail. */
    static String samplePlate(ReadPopulation population, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> population.commuters().get(random.nextInt(population.commuters().size())).plate();
            case 1 -> population.occasional().get(random.nextInt(Math.min(1000, population.occasional().size()))).plate();
            default -> population.occasional().get(random.nextInt(population.occasional().size())).plate();
        };
    }

    private static String prefix(String plate, Random random) {
        return plate.substring(0, Math.min(plate.length(), 5 + random.nextInt(2))) + "*";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Other work on the machine skews every figure: the run says how busy it was. */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double percentile(double[] sorted, int p) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    /** Sizes of plate_read, its indexes and TOAST, per read; the figures that grow with history. */
    private static void disk(ReadLoader db, long reads, Map<String, Object> figures) throws Exception {
        long total = db.queryLong("select pg_total_relation_size('plate_read')");
        long heap = db.queryLong("select pg_relation_size('plate_read')");
        long indexes = db.queryLong("select pg_indexes_size('plate_read')");
        System.out.printf("disk: plate_read %.2f GB in all = %.0f bytes per read (table %.0f, indexes %.0f, toast and maps %.0f)%n",
                total / 1e9, (double) total / reads, (double) heap / reads, (double) indexes / reads,
                (double) (total - heap - indexes) / reads);
        try (PreparedStatement ps = db.connection().prepareStatement("""
                select c.relname, pg_relation_size(c.oid) from pg_index i join pg_class c on c.oid = i.indexrelid
                where i.indrelid = 'plate_read'::regclass order by 2 desc""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                System.out.printf("  index %-28s %7.0f bytes per read%n", rs.getString(1), (double) rs.getLong(2) / reads);
            }
        }
        figures.put("diskBytes", total);
        figures.put("diskBytesPerRead", Math.round((double) total / reads));
        figures.put("indexBytesPerRead", Math.round((double) indexes / reads));
    }

    /**
     * Pending review work: the fastest reads of the last days become speeding violations, queued as detection and
     * the review queue would leave them. Direct SQL (the violations module writes these tables; a load tool may):
     * the violation, the read it rests on, and its state history entry.
     */
    private static int violations(ReadLoader db, int count) throws Exception {
        if (count == 0) {
            return 0;
        }
        try (PreparedStatement ps = db.connection().prepareStatement("""
                with picked as (
                    select r.id, r.plate_normalized, r.plate_country, r.site_id, r.camera_id, r.captured_at, r.speed_kmh
                    from plate_read r where r.captured_at >= now() - interval '7 days' and r.speed_kmh >= 76
                    order by r.id desc limit ?
                ), v as (
                    insert into violation (offence_type, rule, read_id, plate, plate_country, site_id, camera_id,
                                           occurred_at, measured, article, fine_brv, brv_som, fine_som,
                                           catalogue_version, state, review_deadline)
                    select 'speeding', 'spot_speed', id, plate_normalized, plate_country, site_id, camera_id, captured_at,
                           jsonb_build_object('speedKmh', speed_kmh, 'limitKmh', 60, 'toleranceKmh', 5,
                                              'overKmh', speed_kmh - 65),
                           '128-3', case when speed_kmh - 65 <= 20 then 1 else 5 end, 412000,
                           412000 * case when speed_kmh - 65 <= 20 then 1 else 5 end, 1, 'pending_review',
                           captured_at + interval '10 days'
                    from picked
                    returning id, read_id
                ), links as (
                    insert into violation_read (violation_id, read_id, rule, role)
                    select id, read_id, 'spot_speed', 'primary' from v
                ), events as (
                    insert into violation_event (violation_id, from_state, to_state, actor, reason)
                    select id, null, 'pending_review', 'system', 'generated history (bench/search)' from v
                )
                select count(*) from v""")) {
            ps.setInt(1, count);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int n = rs.getInt(1);
                db.execute("analyze violation");
                return n;
            }
        }
    }

    /** EXPLAIN (ANALYZE, BUFFERS) of the SQL the five queries run, for a frequent and a rare plate. */
    private static void explain(ReadLoader db, ReadPopulation population) throws Exception {
        String frequent = population.occasional().getFirst().plate();
        String rare = population.occasional().getLast().plate();
        String window = "now() - interval '90 days'";
        Map<String, String> shapes = new LinkedHashMap<>();
        for (String p : List.of(frequent, rare)) {
            String tag = p.equals(frequent) ? "frequent" : "rare";
            shapes.put("history " + tag, "select r.* from plate_read r where r.plate_normalized = '" + p
                    + "' and r.captured_at >= " + window + " order by r.captured_at desc, r.id desc limit 51");
            shapes.put("history count " + tag, "select count(*) from (select 1 from plate_read r where r.plate_normalized = '"
                    + p + "' and r.captured_at >= " + window + " limit 10001) c");
            shapes.put("prefix " + tag, "select r.* from plate_read r where r.plate_normalized like '" + p.substring(0, 5)
                    + "%' and r.captured_at >= " + window + " order by r.captured_at desc, r.id desc limit 51");
            shapes.put("prefix count " + tag, "select count(*) from (select 1 from plate_read r where r.plate_normalized like '"
                    + p.substring(0, 5) + "%' and r.captured_at >= " + window + " limit 10001) c");
            shapes.put("journey " + tag, "select r.id, r.captured_at, r.plate_normalized, r.plate_format, r.camera_id, c.name,"
                    + " s.id, s.name, s.city, s.region, s.latitude, s.longitude, s.timezone from plate_read r"
                    + " join camera c on c.id = r.camera_id join site s on s.id = r.site_id where r.plate_normalized = '"
                    + p + "' and r.captured_at >= " + window + " and r.captured_at < now() order by r.captured_at, r.id limit 2001");
        }
        shapes.put("live", "select r.* from plate_read r where r.captured_at >= now() - interval '24 hours'"
                + " order by r.captured_at desc, r.id desc limit 51");
        shapes.put("live count", "select count(*) from (select 1 from plate_read r where r.captured_at >= now() - interval"
                + " '24 hours' limit 10001) c");
        shapes.put("live site", "select r.* from plate_read r where r.captured_at >= now() - interval '24 hours'"
                + " and r.site_id = (select min(id) from site) order by r.captured_at desc, r.id desc limit 51");
        shapes.put("review queue", "select v.id from violation v join site s on s.id = v.site_id where v.state ="
                + " 'pending_review' and v.review_deadline > now() order by v.occurred_at, v.id limit 50");
        for (var shape : shapes.entrySet()) {
            System.out.println("EXPLAIN " + shape.getKey() + ":");
            try (PreparedStatement ps = db.connection().prepareStatement("explain (analyze, buffers) " + shape.getValue());
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    System.out.println("  " + rs.getString(1));
                }
            }
        }
    }

    /** The cameras' ids with their device key, [site][direction]. */
    private static ReadLoader.CameraIds[][] cameras(ReadLoader db, List<long[]> created) throws Exception {
        Map<Long, Long> keyByCamera = new HashMap<>();
        try (PreparedStatement ps = db.connection().prepareStatement("select camera_id, max(id) from device_key group by camera_id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keyByCamera.put(rs.getLong(1), rs.getLong(2));
            }
        }
        ReadLoader.CameraIds[][] out = new ReadLoader.CameraIds[created.size()][2];
        for (int s = 0; s < created.size(); s++) {
            long[] ids = created.get(s);
            for (int d = 0; d < 2; d++) {
                out[s][d] = new ReadLoader.CameraIds(ids[1 + d], ids[0], keyByCamera.get(ids[1 + d]));
            }
        }
        return out;
    }

    /** Creates the sites, two cameras each (one per direction) with a key, through the API: {site, camera, camera}. */
    private List<long[]> network(String admin, List<ReadPopulation.Site> sites) throws Exception {
        List<long[]> out = new ArrayList<>();
        for (ReadPopulation.Site s : sites) {
            JsonNode site = JSON.readTree(post("/api/v1/sites", admin, Map.of("name", s.name(), "city", s.city().name(),
                    "region", s.city().region(), "latitude", s.latitude(), "longitude", s.longitude())));
            long siteId = site.get("id").asLong();
            long[] ids = {siteId, 0, 0};
            for (int d = 0; d < 2; d++) {
                JsonNode camera = JSON.readTree(post("/api/v1/cameras", admin, Map.of("siteId", siteId,
                        "name", s.name() + (d == 0 ? " inbound" : " outbound"), "kind", "anpr", "lanes", List.of(1, 2, 3),
                        "speedLimitKmh", 60)));
                ids[1 + d] = camera.get("id").asLong();
                post("/api/v1/cameras/" + ids[1 + d] + "/keys", admin, null);
            }
            out.add(ids);
        }
        return out;
    }

    private String setup(Path tokenFile) throws Exception {
        accounts.setup(Files.readString(tokenFile).strip(), "bench-admin", PASSWORD);
        return accounts.login("bench-admin", PASSWORD);
    }

    private String approver(String admin) throws Exception {
        post("/api/v1/users", admin, Map.of("username", "bench-approver", "password", PASSWORD, "roles", List.of("ADMIN")));
        return accounts.login("bench-approver", PASSWORD);
    }

    /** A user with a role that sees personal data: a second admin approves the grant (separation of duties). */
    private String person(String admin, String approver, String role) throws Exception {
        String name = "bench-" + role.toLowerCase();
        String grant = JSON.readTree(post("/api/v1/users", admin, Map.of("username", name, "password", PASSWORD,
                "roles", List.of(role)))).get("pendingGrantId").asString();
        post("/api/v1/role-grants/" + grant + "/approve", approver, null);
        return accounts.login(name, PASSWORD);
    }

    private String post(String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private String get(String path, String token) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }
}
