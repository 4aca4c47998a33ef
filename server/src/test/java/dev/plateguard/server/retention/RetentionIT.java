package dev.plateguard.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;
import dev.plateguard.server.audit.AuditVerifier;
import dev.plateguard.server.evidence.ContentHash;
import dev.plateguard.server.notices.NoticeBook;
import dev.plateguard.server.recognition.RecognitionTestConfiguration;
import dev.plateguard.server.violations.ViolationDetector;
import dev.plateguard.server.violations.ViolationLedger;
import dev.plateguard.server.violations.ViolationState;

/**
 * The purge under a controlled "now", against a server and database of its own (the purge deletes whatever the
 * policy says, so it must not share a database with other test classes): what goes and what stays, rows and
 * evidence files on disk, per data class; holds; a violation with an open case; a closed case after its period;
 * the audit chain verifiable after its oldest entries went. Batches of two, so that every class takes several.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(RecognitionTestConfiguration.class)
class RetentionIT {

    private static final Path OWN_DIR;

    static {
        try {
            OWN_DIR = Files.createTempDirectory("plateguard-retention-test-");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void ownServer(DynamicPropertyRegistry registry) {
        registry.add("plateguard.data-dir", OWN_DIR::toString);
        registry.add("plateguard.embedded-db.port", () -> "0");
        registry.add("server.address", () -> "127.0.0.1");
        registry.add("plateguard.review.interval", () -> "1h");
        registry.add("plateguard.violations.registry-recheck-interval", () -> "1h");
        registry.add("plateguard.recognition.poll-interval", () -> "1h");
        registry.add("plateguard.retention.enabled", () -> "false");
        // Detection runs when the test says so (a read made to wait for it must keep waiting).
        registry.add("plateguard.violations.enabled", () -> "false");
        registry.add("plateguard.retention.batch-size", () -> "2");
        registry.add("plateguard.retention.batch-pause", () -> "0ms");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    @Qualifier("databaseOwner")
    DataSource owner;

    @Autowired
    RetentionPurge purge;

    @Autowired
    ViolationDetector detector;

    @Autowired
    ViolationLedger ledger;

    @Autowired
    NoticeBook notices;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    PlatformTransactionManager transactions;

    private TestClient client() {
        return new TestClient("http://127.0.0.1:" + port);
    }

    @Test
    void thePurgeDeletesWhatThePolicySaysAndKeepsWhatIsHeldOrStillOpen() throws Exception {
        TestClient.Admin admin = client().setupFirstAdmin(OWN_DIR.resolve("setup-token"));
        String investigator = client().userToken(admin, "INVESTIGATOR");
        String operator = client().userToken(admin, "OPERATOR");
        String integration = client().userToken(admin, "INTEGRATION");
        TestClient.Device camera = client().device(admin); // anpr, limit 60 km/h
        Instant now = Instant.now();
        // A hotlist watches r1's plate and r4's (the case below): both reads raise alerts, a class of their own.
        String supervisor = client().userToken(admin, "SUPERVISOR");
        String alertPlate = plate();
        String casePlate = plate();
        var list = client().postJson("/api/v1/hotlists", supervisor, Map.of("name", "Retention watch", "covert", false));
        assertThat(list.status()).as(list.toString()).isEqualTo(201);
        for (String watched : List.of(alertPlate, casePlate)) {
            var entry = client().postJson("/api/v1/hotlists/" + list.json().get("id").asLong() + "/entries", supervisor,
                    Map.of("pattern", watched, "match", "EXACT", "priority", 2, "reason", "STOLEN"));
            assertThat(entry.status()).as(entry.toString()).isEqualTo(201);
        }

        // Reads that rest no violation.
        byte[] unique = jpeg();
        byte[] shared = jpeg();
        long r1 = read(camera, alertPlate, null, unique);
        long r2 = read(camera, plate(), null, shared);
        long r3 = read(camera, plate(), null, shared); // the same content: one file, two references
        long r4 = read(camera, casePlate, null, jpeg());
        long r6 = read(camera, plate(), null, jpeg());
        // Reads behind violations (90 km/h): v1 will be closed through review and its notice, v2 stays open, v3 is
        // closed but held.
        byte[] v1Image = jpeg();
        long v1Read = read(camera, plate(), 90.0, v1Image);
        byte[] v2Image = jpeg();
        long v2Read = read(camera, plate(), 90.0, v2Image);
        long v3Read = read(camera, plate(), 90.0, jpeg());
        detector.processPending();
        long v1 = violationOf(v1Read);
        long v2 = violationOf(v2Read);
        long v3 = violationOf(v3Read);
        assertThat(count("select count(*) from detection_job")).isZero();
        // Grouping into passages and hotlist matching run in the background; a read still queued there is kept
        // (it waits for something), so the purges below start once both queues are drained.
        awaitDrained("passage_job");
        awaitDrained("alert_job");
        long alertOfR1 = jdbc.sql("select id from alert where read_id = ?").param(r1).query(Long.class).single();
        long alertOfR4 = jdbc.sql("select id from alert where read_id = ?").param(r4).query(Long.class).single();

        // r1 was recognised by the server (a result that filled its plate) and asked for again by an operator.
        long recognition = jdbc.sql("""
                insert into read_recognition (read_id, image_sha256, recogniser, status, plate_count)
                values (?, ?, 'test', 'no_plate', 0) returning id""")
                .params(r1, ContentHash.of(unique)).query(Long.class).single();
        jdbc.sql("update plate_read set plate_recognition_id = ? where id = ?").params(recognition, r1).update();
        jdbc.sql("""
                insert into recognition_job (read_id, recognition_id, requested_by)
                values (?, nextval(pg_get_serial_sequence('read_recognition', 'id')), 'someone')""").param(r1).update();
        // r6 still waits for detection.
        jdbc.sql("insert into detection_job (read_id) values (?)").param(r6).update();

        // v1: reviewed and confirmed, a notice issued, closed by the payment system.
        tx().executeWithoutResult(s -> ledger.transition(v1, ViolationState.DETECTED, ViolationState.PENDING_REVIEW,
                "test", null, null));
        assertThat(client().post("/api/v1/review/" + v1 + "/claim", operator, null, new byte[0]).status()).isEqualTo(200);
        var confirmed = client().post("/api/v1/review/" + v1 + "/confirm", operator, null, new byte[0]);
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        notices.issuePending();
        long notice = jdbc.sql("select id from notice where violation_id = ?").param(v1).query(Long.class).single();
        var closed = client().postJson("/api/v1/notices/" + notice + "/events", integration,
                Map.of("type", "closed", "reference", "close-" + v1, "occurredAt", OffsetDateTime.now().toString()));
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(state(v1)).isEqualTo("closed");
        // v3: expired unreviewed (a final state too).
        tx().executeWithoutResult(s -> ledger.transition(v3, ViolationState.DETECTED, ViolationState.EXPIRED,
                "test", "test", null));
        assertThat(jdbc.sql("select count(*) from violation where id in (?, ?) and closed_at is not null")
                .params(v1, v3).query(Long.class).single()).isEqualTo(2);
        assertThat(count("select count(*) from violation where closed_at is null and id = " + v2)).isOne();

        // Holds: r3 (ADMIN), v3 (INVESTIGATOR), and the case of r4's plate (INVESTIGATOR).
        long r3Hold = hold(admin.token(), Map.of("kind", "read", "readId", r3, "reason", "Court order 12/2026"));
        long v3Hold = hold(investigator, Map.of("kind", "violation", "violationId", v3, "case", "CR-2026-000777",
                "reason", "Appeal pending in court"));
        long caseHold = hold(investigator, Map.of("kind", "case", "case", "CR-2026-000778", "plate", casePlate,
                "from", OffsetDateTime.now().minusDays(1).toString(), "reason", "Stolen vehicle investigation"));
        assertThat(count("select count(*) from audit_event where action = 'hold.set' and outcome = 'success'"))
                .isEqualTo(3);

        // Ten days on: nothing is old enough.
        RetentionPurge.Finished early = purge.run(now.plus(Duration.ofDays(10)), RetentionPurge.MANUAL, "test");
        assertThat(early.outcome()).isEqualTo("success");
        assertThat(early.count(RetentionPolicy.UNMATCHED_READS, "reads")).isZero();
        assertThat(reads(r1, r2, r3, r4, r6, v1Read, v2Read, v3Read)).hasSize(8);
        assertThat(early.count(RetentionPolicy.ALERTS, "alerts")).isZero();

        // 31 days on: the unmatched reads go, except what is held or still waits for detection.
        RetentionPurge.Finished month = purge.run(now.plus(Duration.ofDays(31)), RetentionPurge.MANUAL, "test");
        assertThat(month.outcome()).as(String.valueOf(month)).isEqualTo("success");
        assertThat(reads(r1, r2, r3, r4, r6, v1Read, v2Read, v3Read)).containsExactlyInAnyOrder(r3, r4, r6, v1Read,
                v2Read, v3Read);
        assertThat(month.count(RetentionPolicy.UNMATCHED_READS, "reads")).isEqualTo(2);
        assertThat(month.count(RetentionPolicy.RECOGNITION, "records")).isEqualTo(1);
        assertThat(month.count(RetentionPolicy.RECOGNITION, "jobs")).isEqualTo(1);
        assertThat(month.count(RetentionPolicy.EVIDENCE, "files")).isEqualTo(1);
        // r1 went, but its alert has a period of its own (90 days), and stays without it.
        assertThat(alerts(alertOfR1, alertOfR4)).containsExactlyInAnyOrder(alertOfR1, alertOfR4);
        assertThat(count("select count(*) from read_recognition")).isZero();
        assertThat(count("select count(*) from recognition_job")).isZero();
        // r1's own file is gone with it; the shared one stays while r3 (held) references it.
        assertGone(unique);
        assertKept(shared);
        assertKept(v1Image);

        // The hold on r3 is lifted (audited with the person and the reason), r6 is detected: both go next time,
        // and the shared file with its last reference.
        var lifted = client().postJson("/api/v1/holds/" + r3Hold + "/lift", admin.token(), Map.of("reason", "Order revoked"));
        assertThat(lifted.status()).as(lifted.toString()).isEqualTo(200);
        assertThat(lifted.json().get("active").asBoolean()).isFalse();
        assertThat(jdbc.sql("select actor from audit_event where action = 'hold.lift' and target = ?")
                .param("hold:" + r3Hold).query(String.class).single()).isEqualTo("admin");
        jdbc.sql("delete from detection_job where read_id = ?").param(r6).update();
        RetentionPurge.Finished next = purge.run(now.plus(Duration.ofDays(32)), RetentionPurge.MANUAL, "test");
        assertThat(reads(r3, r4, r6)).containsExactly(r4);
        assertThat(next.count(RetentionPolicy.UNMATCHED_READS, "reads")).isEqualTo(2);
        assertGone(shared);

        // Five years after closing: v1 goes with its history, review decision, notice, read and evidence; v2 (open)
        // and v3 (held) stay, and so does r4 (case hold). The database's audit floor is lowered, so the audit's
        // oldest entries go too, and the chain still verifies.
        try (var connection = owner.getConnection(); var st = connection.createStatement()) {
            st.execute("update audit_retention_floor set min_age = interval '0'");
        }
        long auditBefore = count("select count(*) from audit_event");
        Instant later = now.atZone(ZoneOffset.UTC).plus(Period.ofYears(5)).plusDays(2).toInstant();
        RetentionPurge.Finished years = purge.run(later, RetentionPurge.MANUAL, "test");
        assertThat(years.outcome()).as(String.valueOf(years)).isEqualTo("success");
        assertThat(ids("select id from violation where id in (" + v1 + ", " + v2 + ", " + v3 + ")"))
                .containsExactlyInAnyOrder(v2, v3);
        assertThat(years.count(RetentionPolicy.CLOSED_VIOLATIONS, "violations")).isEqualTo(1);
        assertThat(years.count(RetentionPolicy.CLOSED_VIOLATIONS, "reads")).isEqualTo(1);
        assertThat(years.count(RetentionPolicy.CLOSED_VIOLATIONS, "notices")).isEqualTo(1);
        assertThat(years.count(RetentionPolicy.CLOSED_VIOLATIONS, "reviewDecisions")).isEqualTo(1);
        for (String table : List.of("violation_event", "violation_read", "review_decision", "notice")) {
            assertThat(count("select count(*) from " + table + " where violation_id = " + v1)).as(table).isZero();
        }
        assertThat(count("select count(*) from notice_event where notice_id = " + notice)).isZero();
        assertThat(reads(r4, v1Read, v2Read, v3Read)).containsExactlyInAnyOrder(r4, v2Read, v3Read);
        assertGone(v1Image);
        assertKept(v2Image);
        // r1's alert went with its link to the read; r4's stays under the case hold on its plate.
        assertThat(alerts(alertOfR1, alertOfR4)).containsExactly(alertOfR4);
        assertThat(years.count(RetentionPolicy.ALERTS, "alerts")).isEqualTo(1);
        assertThat(years.count(RetentionPolicy.ALERTS, "readLinks")).isEqualTo(1);
        assertThat(count("select count(*) from alert_read where alert_id = " + alertOfR1)).isZero();
        // The audit: its oldest entries went, whole segments, and the chain verifies from the first one kept.
        assertThat(years.count(RetentionPolicy.AUDIT, "entries")).isPositive();
        assertThat(count("select count(*) from audit_event")).isLessThan(auditBefore);
        assertThat(count("select count(*) from audit_purge_anchor")).isPositive();
        AuditVerifier.Verification verification = verifier.verify();
        assertThat(verification.intact()).as(String.valueOf(verification.firstBroken())).isTrue();
        assertThat(verification.firstSeq()).isGreaterThan(1);

        // Once the holds are lifted, what they kept goes at the next purge; but a violation that a kept (open)
        // violation cites as the earlier offence of a repeat stays as long as the repeat does.
        for (long id : List.of(v3Hold, caseHold)) {
            assertThat(client().postJson("/api/v1/holds/" + id + "/lift", investigator, Map.of("reason", "Case closed"))
                    .status()).isEqualTo(200);
        }
        jdbc.sql("update violation set repeat_of = ? where id = ?").params(v3, v2).update();
        RetentionPurge.Finished cited = purge.run(later.plus(Duration.ofDays(1)), RetentionPurge.MANUAL, "test");
        assertThat(ids("select id from violation where id in (" + v2 + ", " + v3 + ")")).containsExactlyInAnyOrder(v2, v3);
        assertThat(reads(r4, v2Read, v3Read)).containsExactlyInAnyOrder(v2Read, v3Read);
        assertThat(cited.count(RetentionPolicy.CLOSED_VIOLATIONS, "violations")).isZero();
        assertThat(cited.count(RetentionPolicy.UNMATCHED_READS, "reads")).isEqualTo(1);
        assertThat(alerts(alertOfR4)).as("the case hold lifted, r4's alert goes too").isEmpty();
        assertThat(cited.count(RetentionPolicy.ALERTS, "alerts")).isEqualTo(1);
        jdbc.sql("update violation set repeat_of = null where id = ?").param(v2).update();
        RetentionPurge.Finished last = purge.run(later.plus(Duration.ofDays(2)), RetentionPurge.MANUAL, "test");
        assertThat(ids("select id from violation where id in (" + v2 + ", " + v3 + ")")).containsExactly(v2);
        assertThat(reads(v2Read, v3Read)).containsExactly(v2Read);
        assertThat(last.count(RetentionPolicy.CLOSED_VIOLATIONS, "violations")).isEqualTo(1);
        assertThat(last.count(RetentionPolicy.CLOSED_VIOLATIONS, "reads")).isEqualTo(1);

        // Every run is recorded with its counts and audited.
        assertThat(count("select count(*) from retention_run where outcome = 'success'")).isEqualTo(6);
        var policy = client().get("/api/v1/retention", admin.token());
        assertThat(policy.status()).isEqualTo(200);
        assertThat(policy.json().get("lastPurge").get("id").asLong()).isEqualTo(last.id());
        assertThat(jdbc.sql("select details->'counts'->'closed-violations'->>'violations' from audit_event "
                        + "where action = 'retention.purge' order by id desc limit 1")
                .query(String.class).single()).isEqualTo("1");
        assertThat(verifier.verify().intact()).isTrue();
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private TransactionTemplate tx() {
        return new TransactionTemplate(transactions);
    }

    private long read(TestClient.Device camera, String plate, Double speed, byte[] image) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", TestClient.unique("ev"));
        m.put("capturedAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.ofHours(5))
                .minusMinutes(5).truncatedTo(ChronoUnit.MILLIS)));
        m.put("plate", Map.of("text", plate, "confidence", 0.95));
        if (speed != null) {
            m.put("speedKmh", speed);
        }
        var r = client().postMultipart("/api/v1/reads", camera.key(), new TestClient.Multipart()
                .json("metadata", TestClient.JSON.writeValueAsString(m)).file("image", "i.jpg", "image/jpeg", image));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private long hold(String token, Map<String, Object> body) {
        var r = client().postJson("/api/v1/holds", token, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private long violationOf(long readId) {
        return jdbc.sql("select violation_id from violation_read where read_id = ? and role = 'primary'")
                .param(readId).query(Long.class).single();
    }

    private String state(long violationId) {
        return jdbc.sql("select state from violation where id = ?").param(violationId).query(String.class).single();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private List<Long> ids(String sql) {
        return jdbc.sql(sql).query(Long.class).list();
    }

    private List<Long> reads(Long... ids) {
        return jdbc.sql("select id from plate_read where id = any(?) order by id").param(ids).query(Long.class).list();
    }

    private List<Long> alerts(Long... ids) {
        return jdbc.sql("select id from alert where id = any(?) order by id").param(ids).query(Long.class).list();
    }

    private void assertGone(byte[] content) {
        String sha = ContentHash.of(content);
        assertThat(count("select count(*) from evidence_file where sha256 = '" + sha + "'")).as("row of " + sha).isZero();
        assertThat(file(sha)).as("file of " + sha).doesNotExist();
    }

    private void assertKept(byte[] content) {
        String sha = ContentHash.of(content);
        assertThat(count("select count(*) from evidence_file where sha256 = '" + sha + "'")).as("row of " + sha).isOne();
        assertThat(file(sha)).as("file of " + sha).isRegularFile();
    }

    private static Path file(String sha) {
        return OWN_DIR.resolve("evidence").resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha);
    }

    private static byte[] jpeg() {
        return TestMedia.jpeg(200, 60, UUID.randomUUID().toString().substring(0, 8), (int) (Math.random() * 10_000));
    }

    private static String plate() {
        String letters = "AEHKMPTXY";
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return String.format("%02d%c%03d%c%c", r.nextInt(10, 99), letters.charAt(r.nextInt(letters.length())),
                r.nextInt(1000), letters.charAt(r.nextInt(letters.length())), letters.charAt(r.nextInt(letters.length())));
    }

    private void awaitDrained(String queue) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (count("select count(*) from " + queue) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(count("select count(*) from " + queue)).as(queue + " drained").isZero();
    }
}
