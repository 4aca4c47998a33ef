package dev.plateguard.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.identity.Secrets;
import dev.plateguard.server.ingest.IngestSupport;
import dev.plateguard.server.retention.RetentionPurge;
import dev.plateguard.server.review.ReviewFigures;

/**
 * The Prometheus scrape over real HTTP: only a scrape token opens it, and its figures move as reads come in, queues
 * fill, reviews wait and purges run. The Grafana dashboard in docs/ asks only for series the scrape has.
 */
class MetricsIT extends IngestSupport {

    private static final Path DASHBOARD = Path.of("../docs/grafana/plateguard-dashboard.json");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

    @Autowired
    SampledGauges gauges;
    @Autowired
    DataSource dataSource;
    @Autowired
    ReviewFigures reviewFigures;
    @Autowired
    RetentionPurge purge;
    @Autowired
    HealthEndpointGroups healthGroups;

    @Test
    void onlyAScrapeTokenOpensTheScrape() {
        TestClient.Admin admin = admin();
        TestClient.Device device = client().device(admin);
        TestClient.Response anonymous = client().get("/actuator/prometheus", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(anonymous.text()).doesNotContain("plateguard_");
        // Another scrape token, a person's token (even an administrator's), a camera's key: none opens it.
        for (String other : List.of(Secrets.generate(Secrets.SCRAPE_TOKEN_PREFIX), admin.token(), device.key(), "nonsense")) {
            TestClient.Response refused = client().get("/actuator/prometheus", other);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
            assertThat(refused.header("Content-Type")).startsWith(PROBLEM_JSON);
            assertThat(refused.text()).doesNotContain("plateguard_");
        }
        // The scrape token opens the scrape, and nothing else under /actuator or in the API.
        TestClient.Response scrape = client().get("/actuator/prometheus", SCRAPE_TOKEN);
        assertThat(scrape.status()).as(scrape.toString()).isEqualTo(200);
        assertThat(scrape.text()).contains("plateguard_ingest_reads_total{").contains("application=\"plateguard\"");
        assertThat(client().post("/actuator/prometheus", SCRAPE_TOKEN, "text/plain", new byte[0]).status()).isEqualTo(403);
        assertThat(client().get("/actuator/metrics", SCRAPE_TOKEN).status()).isNotEqualTo(200);
        assertThat(client().get("/actuator/env", SCRAPE_TOKEN).status()).isNotEqualTo(200);
        assertThat(client().get("/api/v1/reads", SCRAPE_TOKEN).status()).isEqualTo(401);
    }

    @Test
    void ingestCountsReadsByChannelAndOutcomeAndTimesRequests() {
        TestClient.Device device = client().device(admin());
        String before = scrape();
        String repeated = minimalMetadata(eventId(), aMinuteAgo(), uniquePlate());
        assertThat(postMetadataOnly(device, repeated).status()).isEqualTo(201);
        assertThat(postMetadataOnly(device, minimalMetadata(eventId(), aMinuteAgo(), uniquePlate())).status()).isEqualTo(201);
        assertThat(postMetadataOnly(device, repeated).status()).isEqualTo(200);
        assertThat(postMetadataOnly(device, minimalMetadata(eventId(), aMinuteAgo(), "#")).status()).isEqualTo(400);
        TestClient.Response batch = postBatch(device, "{\"reads\":[" + String.join(",",
                minimalMetadata(eventId(), aMinuteAgo(), uniquePlate()), minimalMetadata(eventId(), aMinuteAgo(), uniquePlate()),
                minimalMetadata(eventId(), aMinuteAgo(), "#")) + "]}");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        String after = scrape();

        assertThat(delta(before, after, "plateguard_ingest_reads_total", "channel", "single", "outcome", "accepted")).isEqualTo(2);
        assertThat(delta(before, after, "plateguard_ingest_reads_total", "channel", "single", "outcome", "duplicate")).isEqualTo(1);
        assertThat(delta(before, after, "plateguard_ingest_reads_total", "channel", "single", "outcome", "rejected")).isEqualTo(1);
        assertThat(delta(before, after, "plateguard_ingest_reads_total", "channel", "batch", "outcome", "accepted")).isEqualTo(2);
        assertThat(delta(before, after, "plateguard_ingest_reads_total", "channel", "batch", "outcome", "rejected")).isEqualTo(1);
        assertThat(delta(before, after, "plateguard_ingest_requests_total", "channel", "single", "result", "ok")).isEqualTo(3);
        assertThat(delta(before, after, "plateguard_ingest_requests_total", "channel", "single", "result", "rejected")).isEqualTo(1);
        assertThat(delta(before, after, "plateguard_ingest_requests_total", "channel", "batch", "result", "ok")).isEqualTo(1);
        assertThat(delta(before, after, "plateguard_ingest_duration_seconds_count", "channel", "single")).isEqualTo(4);
        assertThat(delta(before, after, "plateguard_ingest_duration_seconds_count", "channel", "batch")).isEqualTo(1);
        assertThat(delta(before, after, "plateguard_ingest_duration_seconds_sum", "channel", "single")).isGreaterThan(0);
        // a percentile histogram: buckets to compute p95 from
        assertThat(value(after, "plateguard_ingest_duration_seconds_bucket", "channel", "single", "le", "+Inf"))
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void queueDepthsDetectionLagAndCameraFreshnessFollowTheDatabase() throws Exception {
        TestClient.Device device = client().device(admin());
        // Detection and passage grouping wait while the test holds their batch locks, so their queues hold still.
        String scrape;
        long detectionJobs;
        long passageJobs;
        try (Connection locks = dataSource.getConnection()) {
            lock(locks, "pgdetect");
            lock(locks, "pgpassag");
            try {
                Instant captured = Instant.now().minus(Duration.ofMinutes(10));
                long first = createRead(device, eventId(), captured.toString(), uniquePlate());
                createRead(device, eventId(), captured.minusSeconds(30).toString(), uniquePlate());
                // The read waited an hour for detection: that is the detection lag.
                jdbc.sql("update detection_job set queued_at = now() - interval '1 hour' where read_id = ?").param(first).update();
                gauges.refresh();
                scrape = scrape();
                detectionJobs = count("detection_job");
                passageJobs = count("passage_job");
            } finally {
                // session locks outlive a pooled connection's close: released here whatever happened
                unlock(locks, "pgdetect");
                unlock(locks, "pgpassag");
            }
        }
        assertThat(detectionJobs).isGreaterThanOrEqualTo(2);
        assertThat(value(scrape, "plateguard_queue_depth", "queue", "detection")).isEqualTo(detectionJobs);
        assertThat(value(scrape, "plateguard_queue_oldest_age_seconds", "queue", "detection")).isBetween(3600.0, 3900.0);
        assertThat(passageJobs).isGreaterThanOrEqualTo(2);
        assertThat(value(scrape, "plateguard_queue_depth", "queue", "passages")).isEqualTo(passageJobs);
        for (String queue : List.of("recognition", "alerts", "outbound")) {
            assertThat(scrape).as(queue).contains("plateguard_queue_depth{application=\"plateguard\",queue=\"" + queue + "\"}");
        }
        // This camera's latest read was captured ten minutes ago.
        assertThat(value(scrape, "plateguard_camera_last_read_age_seconds", "camera", Long.toString(device.cameraId())))
                .isCloseTo(600, within(120.0));
    }

    @Test
    void reviewBacklogIsTheStartPagesFigureForTheCountry() {
        gauges.refresh();
        ReviewFigures.Backlog backlog = reviewFigures.backlog(Scope.COUNTRY, Instant.now());
        String scrape = scrape();
        assertThat(value(scrape, "plateguard_review_backlog", "due", "overdue")).isEqualTo(backlog.overdue());
        assertThat(value(scrape, "plateguard_review_backlog", "due", "within_24h")).isEqualTo(backlog.within24h());
        assertThat(value(scrape, "plateguard_review_backlog", "due", "within_72h")).isEqualTo(backlog.within72h());
        assertThat(value(scrape, "plateguard_review_backlog", "due", "later")).isEqualTo(backlog.later());
    }

    @Test
    void purgeRunsAreCountedByOutcomeAndClass() {
        String before = scrape();
        assertThat(before).contains("plateguard_retention_purged_total{").contains("class=\"unmatched-reads\"");
        RetentionPurge.Finished run = purge.run(Instant.now(), RetentionPurge.MANUAL, "test");
        String after = scrape();
        assertThat(delta(before, after, "plateguard_retention_runs_total", "outcome", run.outcome())).isEqualTo(1);
        assertThat(delta(before, after, "plateguard_retention_purged_total", "class", "unmatched-reads", "item", "reads"))
                .isEqualTo(run.count("unmatched-reads", "reads"));
    }

    @Test
    void probesAnswerWithoutCredentialsAndTellNothingMore() {
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            TestClient.Response r = client().get(probe, null);
            assertThat(r.status()).as(probe).isEqualTo(200);
            assertThat(r.json().get("status").asString()).isEqualTo("UP");
            assertThat(r.json().propertyNames()).as(r.text()).containsExactly("status");
        }
        // Readiness goes DOWN when the database does not answer: its health contributor is in the group.
        assertThat(healthGroups.get("readiness").isMember("db")).isTrue();
        assertThat(healthGroups.getPrimary().isMember("db")).isTrue();
    }

    @Test
    void theGrafanaDashboardAsksOnlyForSeriesTheServerExports() throws Exception {
        JsonNode dashboard = TestClient.JSON.readTree(Files.readString(DASHBOARD));
        List<String> expressions = new ArrayList<>();
        collectExpressions(dashboard, expressions);
        assertThat(expressions).hasSizeGreaterThan(10);
        Set<String> referenced = new TreeSet<>();
        Matcher names = Pattern.compile("\\b(?:plateguard|jvm|process|http_server)_[a-z0-9_]+").matcher(String.join("\n", expressions));
        while (names.find()) {
            referenced.add(names.group());
        }
        assertThat(referenced).contains("plateguard_ingest_reads_total", "plateguard_queue_depth",
                "plateguard_queue_oldest_age_seconds", "plateguard_review_backlog",
                "plateguard_camera_last_read_age_seconds", "plateguard_retention_purged_total");
        createRead(client().device(admin()), eventId(), aMinuteAgo(), uniquePlate()); // a camera with a read
        gauges.refresh();
        Set<String> exported = new TreeSet<>();
        Matcher samples = SAMPLE.matcher(scrape());
        while (samples.find()) {
            exported.add(samples.group(1));
        }
        assertThat(exported).containsAll(referenced);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private String scrape() {
        TestClient.Response r = client().get("/actuator/prometheus", SCRAPE_TOKEN);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text();
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels} (pairs); 0 when none. */
    private static double value(String scrape, String name, String... labels) {
        double sum = 0;
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            if (!m.group(1).equals(name)) {
                continue;
            }
            String set = m.group(2) == null ? "" : m.group(2);
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= set.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                sum += Double.parseDouble(m.group(3));
            }
        }
        return sum;
    }

    private static double delta(String before, String after, String name, String... labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    private static void collectExpressions(JsonNode node, List<String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("expr") && field.getValue().isString()) {
                    out.add(field.getValue().asString());
                } else {
                    collectExpressions(field.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectExpressions(child, out));
        }
    }

    /** A batch's advisory lock, named as its module names it: eight ASCII letters as one number. */
    private static void lock(Connection connection, String key) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_lock(?)")) {
            statement.setLong(1, ByteBuffer.wrap(key.getBytes(StandardCharsets.US_ASCII)).getLong());
            statement.execute();
        }
    }

    private static void unlock(Connection connection, String key) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            statement.setLong(1, ByteBuffer.wrap(key.getBytes(StandardCharsets.US_ASCII)).getLong());
            statement.execute();
        }
    }
}
