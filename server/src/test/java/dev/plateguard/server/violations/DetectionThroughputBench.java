package dev.plateguard.server.violations;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.plateguard.server.PlateGuardApplication;

/**
 * Rule-evaluation throughput in-process (bench/detection-throughput): the real server context on a fresh embedded
 * database, with scheduled detection off. Stored reads are generated in SQL (no HTTP, no ingest), then
 * {@link ViolationDetector#processPending()} is timed over them, for several shares of offending reads.
 * It also times the rules alone on facts already in memory. Prints figures; asserts nothing about speed.
 *
 * <p>Options: {@code --reads 100000 --shares 0,0.05,0.5 --batch-size 1000} ({@code --help})
 */
@Command(name = "bench/detection-throughput", mixinStandardHelpOptions = true,
        description = "Rule-evaluation throughput in-process, on a fresh embedded database.")
public final class DetectionThroughputBench implements Callable<Integer> {

    @Option(names = "--reads", paramLabel = "N", defaultValue = "100000", description = "reads per share (default ${DEFAULT-VALUE})")
    int reads;

    @Option(names = "--shares", paramLabel = "S,S,...", split = ",", defaultValue = "0,0.05,0.5",
            description = "shares of offending reads, 0 to 1 (default ${DEFAULT-VALUE})")
    List<Double> shares;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000",
            description = "reads per detection transaction (default ${DEFAULT-VALUE}, the server's)")
    int batchSize;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DetectionThroughputBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (reads < 1 || batchSize < 1 || shares.stream().anyMatch(s -> s < 0 || s > 1)) {
            System.err.println("bench/detection-throughput: --reads and --batch-size must be at least 1, --shares between 0 and 1");
            return 2;
        }
        var data = Files.createTempDirectory("plateguard-detection-bench-");
        SpringApplication app = new SpringApplication(PlateGuardApplication.class);
        // Command-line properties: they take precedence over application.properties.
        try (ConfigurableApplicationContext context = app.run(
                "--plateguard.data-dir=" + data,
                "--plateguard.embedded-db.port=0",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--plateguard.violations.enabled=false",
                "--plateguard.violations.batch-size=" + batchSize,
                "--plateguard.review.enabled=false",
                // Rule evaluation needs no recogniser: do not load ONNX Runtime at all.
                "--plateguard.recognition.enabled=false",
                "--logging.level.root=WARN")) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            ViolationDetector detector = context.getBean(ViolationDetector.class);
            long camera = camera(jdbc);
            System.out.printf("machine: %d cores, %s; batch size %s%n", Runtime.getRuntime().availableProcessors(),
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"), batchSize);
            detector.processPending();
            Map<String, Object> figures = new java.util.LinkedHashMap<>();
            figures.put("cores", Runtime.getRuntime().availableProcessors());
            figures.put("batchSize", batchSize);
            figures.put("reads", reads);
            for (double share : shares) {
                insertReads(jdbc, camera, reads, share);
                long started = System.nanoTime();
                int done = detector.processPending();
                double seconds = (System.nanoTime() - started) / 1e9;
                long violations = jdbc.sql("select count(*) from violation").query(Long.class).single();
                System.out.printf("pipeline, %4.1f %% offending: %,d reads evaluated in %.2f s -> %,.0f reads/s"
                        + " (%,d violations in the database so far)%n", share * 100, done, seconds, done / seconds,
                        violations);
                figures.put("readsPerSecondAt" + share, Math.round(done / seconds));
            }
            figures.put("rulesAloneReadsPerSecond", Math.round(rulesAlone(context, jdbc)));
            System.out.println(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(figures));
        }
        return 0;
    }

    private static long camera(JdbcClient jdbc) {
        long site = jdbc.sql("""
                insert into site (name, city, region, latitude, longitude) values ('Bench site', 'Tashkent', 'Tashkent', 41.3, 69.2)
                returning id""").query(Long.class).single();
        long camera = jdbc.sql("insert into camera (site_id, name, kind, speed_limit_kmh) values (?, 'Bench cam', 'speed', 60) returning id")
                .param(site).query(Long.class).single();
        jdbc.sql("insert into device_key (camera_id, key_hash, key_hint) values (?, sha256(gen_random_uuid()::text::bytea), 'bench')")
                .param(camera).update();
        return camera;
    }

    /** Reads of distinct plates a second apart; {@code share} of them 30 km/h over the limit, the rest under it. */
    private static void insertReads(JdbcClient jdbc, long camera, int n, double share) {
        // As ingest stores reads: each with its detection job, in one statement.
        jdbc.sql("""
                with r as (
                insert into plate_read (camera_id, site_id, device_key_id, event_id, captured_at, plate_text,
                                        plate_normalized, plate_country, speed_kmh, metadata, content_hash)
                select c.id, c.site_id, k.id, 'bench-' || gen_random_uuid(), now() - interval '1 hour' + g * interval '1 ms',
                       p, p, 'UZ', s, jsonb_build_object('speedKmh', s), sha256(gen_random_uuid()::text::bytea)
                from camera c join device_key k on k.camera_id = c.id,
                     generate_series(1, ?) g,
                     lateral (select lpad((g % 100)::text, 2, '0') || chr(65 + (g / 100) % 26) || lpad(((g / 2600) % 1000)::text, 3, '0')
                                     || chr(65 + (g / 7) % 26) || chr(65 + (g / 11) % 26) as p,
                                     case when random() < ? then 95 else 50 end as s) x
                where c.id = ?
                returning id)
                insert into detection_job (read_id) select id from r""")
                .params(n, share, camera).update();
    }

    /** The rules alone, on facts already loaded: what evaluation costs without the database. */
    private static double rulesAlone(ConfigurableApplicationContext context, JdbcClient jdbc) {
        List<ViolationRule> rules = new ArrayList<>(context.getBeansOfType(ViolationRule.class).values());
        Catalogue catalogue = context.getBean(CatalogueStore.class).current();
        DetectionFeed feed = context.getBean(DetectionFeed.class);
        List<Long> ids = jdbc.sql("select id from plate_read order by id desc limit 20000").query(Long.class).list();
        List<ReadFacts> facts = ids.stream().map(id -> feed.read(id).orElseThrow()).toList();
        long findings = 0;
        long started = System.nanoTime();
        int rounds = 50;
        for (int round = 0; round < rounds; round++) {
            for (ReadFacts read : facts) {
                for (ViolationRule rule : rules) {
                    if (rule.evaluate(read, catalogue).isPresent()) {
                        findings++;
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("rules alone (%d rules, facts in memory): %,d reads in %.2f s -> %,.0f reads/s (%,d findings)%n",
                rules.size(), (long) facts.size() * rounds, seconds, facts.size() * rounds / seconds, findings);
        return facts.size() * rounds / seconds;
    }
}
