package dev.plateguard.server.passages;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;
import dev.plateguard.server.reads.InvestigationParams;
import dev.plateguard.server.recognition.ScriptedPlateReader;
import dev.plateguard.server.security.BrowserSession;

/**
 * Passages through the real API on real PostgreSQL: reads of one plate by one site's cameras within the window
 * (10 s) are one passage with its best read; other sites, later reads, late and out-of-order reads, look-alike
 * misreads, image-only reads after recognition; search and read detail, their access rules and audit; retention.
 */
class PassagesIT extends IngestSupport {

    /** Within the live window, so that single reads open without a purpose. */
    private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2).withNano(0);

    @Autowired
    Passages passages;

    @Autowired
    PassagePurge purge;

    @Autowired
    ScriptedPlateReader scripted;

    @Autowired
    ConfigurableApplicationContext context;

    private TestClient.Device a;
    private TestClient.Device b;
    private TestClient.Device c;
    private Person operator;

    @BeforeEach
    void setUp() {
        a = client().device(admin());
        b = client().device(admin(), a.siteId());
        c = client().device(admin(), a.siteId());
        operator = person("OPERATOR");
    }

    /** A private Uzbek plate with an 8 in it (a real region code, so every path classifies it alike). */
    private static String plate() {
        String[] regions = {"01", "10", "20", "25", "30", "40", "50", "60", "70", "75", "80", "85", "90", "95"};
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String letters = "AEHKMPTXY";
        return regions[r.nextInt(regions.length)] + letters.charAt(r.nextInt(letters.length())) + "8"
                + String.format("%02d", r.nextInt(100)) + letters.charAt(r.nextInt(letters.length()))
                + letters.charAt(r.nextInt(letters.length()));
    }

    private long read(TestClient.Device on, String plate, OffsetDateTime at, double confidence) {
        var r = postMetadataOnly(on, """
                {"eventId":"%s","capturedAt":"%s","plate":{"text":"%s","confidence":%s}}"""
                .formatted(eventId(), at(at), plate, confidence));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private Passages.Membership of(long readId) {
        passages.groupPending();
        return passages.of(readId).orElseThrow(() -> new AssertionError("read " + readId + " is in no passage"));
    }

    @Test
    void readsOfOneSitesCamerasWithinTheWindowAreOnePassageWithTheMostConfidentReadBest() {
        String plate = plate();
        long first = read(a, plate, T0, 0.80);
        long second = read(b, plate, T0.plusSeconds(3), 0.95);
        long third = read(c, plate, T0.plusSeconds(6), 0.85);
        // Another site at the same moment, and this site 30 s later: passages of their own.
        TestClient.Device elsewhere = client().device(admin());
        long otherSite = read(elsewhere, plate, T0.plusSeconds(1), 0.9);
        long later = read(a, plate, T0.plusSeconds(30), 0.9);
        // Another plate at this site at the same moment.
        long otherPlate = read(b, plate(), T0.plusSeconds(2), 0.9);

        Passages.Membership m = of(first);
        assertThat(of(second).passageId()).isEqualTo(m.passageId());
        assertThat(of(third).passageId()).isEqualTo(m.passageId());
        assertThat(m.readCount()).isEqualTo(3);
        assertThat(m.cameraCount()).isEqualTo(3);
        assertThat(m.bestReadId()).isEqualTo(second);
        assertThat(of(second).best()).isTrue();
        assertThat(List.of(m.first(), of(second).first(), of(third).first())).containsOnlyOnce(true);
        assertThat(List.of(of(otherSite).passageId(), of(later).passageId(), of(otherPlate).passageId()))
                .doesNotContain(m.passageId()).doesNotHaveDuplicates();
        assertThat(of(later).readCount()).isEqualTo(1);
        assertThat(of(later).first()).isTrue();
        assertThat(passages.find(m.passageId(), dev.plateguard.server.identity.Scope.COUNTRY).orElseThrow().readIds())
                .containsExactly(first, second, third);
    }

    @Test
    void aLateReadBridgingTwoPassagesMergesThemAndBecomesBestWhenBetter() {
        String plate = plate();
        long early = read(a, plate, T0, 0.9);
        long late = read(b, plate, T0.plusSeconds(16), 0.9);
        assertThat(of(early).passageId()).isNotEqualTo(of(late).passageId());
        assertThat(of(early).best()).isTrue();

        // Captured between them, sent last (a camera that was offline): within 10 s of both.
        long earlyPassage = of(early).passageId();
        long latePassage = of(late).passageId();
        List<ReadGrouped> events = new CopyOnWriteArrayList<>();
        ApplicationListener<PayloadApplicationEvent<ReadGrouped>> listener = e -> events.add(e.getPayload());
        context.addApplicationListener(listener);
        long bridge;
        Passages.Membership m;
        try {
            bridge = read(c, plate, T0.plusSeconds(8), 0.97);
            m = of(bridge);
        } finally {
            context.removeApplicationListener(listener);
        }
        // Published after the batch committed, whichever node's thread grouped it: merged into the older passage.
        assertThat(events).contains(new ReadGrouped(bridge, earlyPassage, false, List.of(latePassage)));
        assertThat(m.passageId()).isEqualTo(earlyPassage);
        assertThat(of(early).passageId()).isEqualTo(m.passageId());
        assertThat(of(late).passageId()).isEqualTo(m.passageId());
        assertThat(m.readCount()).isEqualTo(3);
        assertThat(m.bestReadId()).isEqualTo(bridge);
        assertThat(of(early).best()).isFalse();
        // The merged-away passage is gone: one passage holds the three reads.
        assertThat(jdbc.sql("select count(distinct passage_id) from passage_read where read_id in (?, ?, ?)")
                .params(early, late, bridge).query(Long.class).single()).isEqualTo(1);

        // Equal confidence: the read with more evidence, then the earlier one.
        String other = plate();
        long plain = read(a, other, T0.plusSeconds(1), 0.9);
        long withImage = createRead(b, eventId(), at(T0.plusSeconds(2)), other);
        long plainLater = read(c, other, T0.plusSeconds(3), 0.9);
        assertThat(of(plain).bestReadId()).isEqualTo(withImage);
        assertThat(of(plainLater).readCount()).isEqualTo(3);
    }

    @Test
    void readsArrivingOutOfOrderWhileSeveralWorkersGroupFormOneChain() throws Exception {
        String plate = plate();
        List<TestClient.Device> cameras = List.of(a, b, c);
        // Twelve reads 6 s apart (a 66 s chain, each within 10 s of the next). The even ones come first: 12 s
        // apart, they are six passages; the odd ones, sent later, bridge and merge them. The schedule and two
        // more "nodes" group all the while.
        List<Integer> order = List.of(0, 2, 4, 6, 8, 10, 1, 3, 5, 7, 9, 11);
        long[] ids = new long[12];
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Integer>> workers = new ArrayList<>();
            for (int k = 0; k < order.size(); k++) {
                int i = order.get(k);
                ids[i] = read(cameras.get(i % 3), plate, T0.plusMinutes(5).plusSeconds(6L * i), 0.5 + i / 100.0);
                if (k == 5) {
                    passages.groupPending();
                    assertThat(jdbc.sql("select count(*) from passage where plate = ?").param(plate)
                            .query(Long.class).single()).isEqualTo(6);
                }
                if (k % 3 == 0) {
                    workers.add(pool.submit(passages::groupPending));
                    workers.add(pool.submit(passages::groupPending));
                }
            }
            for (var w : workers) {
                w.get();
            }
        } finally {
            pool.shutdown();
        }
        Passages.Membership m = of(ids[0]);
        assertThat(java.util.Arrays.stream(ids).map(id -> of(id).passageId()).distinct().toArray())
                .containsExactly(m.passageId());
        assertThat(m.readCount()).isEqualTo(12);
        assertThat(m.cameraCount()).isEqualTo(3);
        assertThat(m.bestReadId()).isEqualTo(ids[11]); // the highest confidence
        assertThat(jdbc.sql("select count(*) from passage where plate = ?").param(plate).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aMisreadLookAlikeJoinsAndIsFoundByEitherPlate() {
        String plate = plate();
        // Only the fixed 8 (index 3) is misread: an 8 in the region or the random digits would make another format.
        String misread = plate.substring(0, 3) + "B" + plate.substring(4);
        long good = read(a, plate, T0.plusMinutes(1), 0.96);
        long bad = read(b, misread, T0.plusMinutes(1).plusSeconds(2), 0.6);
        Passages.Membership m = of(bad);
        assertThat(of(good).passageId()).isEqualTo(m.passageId());
        assertThat(m.bestReadId()).isEqualTo(good);

        for (String query : List.of(plate, misread)) {
            var r = client().get("/api/v1/passages?plate=" + query + InvestigationParams.QUERY, operator.token());
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.json().get("items")).hasSize(1);
            JsonNode item = r.json().get("items").get(0);
            assertThat(item.get("id").asLong()).isEqualTo(m.passageId());
            assertThat(item.get("plate").asString()).isEqualTo(plate);
        }
        var folded = client().get("/api/v1/passages?match=folded&plate=" + misread + InvestigationParams.QUERY,
                operator.token());
        assertThat(folded.json().get("items")).hasSize(1);
    }

    @Test
    void anImageOnlyReadJoinsOnceRecognitionFillsItsPlate() throws InterruptedException {
        String plate = plate();
        long camera = read(a, plate, T0.plusMinutes(2), 0.9);
        byte[] image = jpeg(400, 120);
        scripted.script(image, plate);
        var r = postRead(b, new TestClient.Multipart()
                .json("metadata", """
                        {"eventId":"%s","capturedAt":"%s"}""".formatted(eventId(), at(T0.plusMinutes(2).plusSeconds(4))))
                .file("image", "crop.jpg", "image/jpeg", image));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        long imageOnly = r.json().get("id").asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.sql("select plate_normalized is not null from plate_read where id = ?").param(imageOnly)
                .query(Boolean.class).single() == Boolean.FALSE && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(of(imageOnly).passageId()).isEqualTo(of(camera).passageId());
        assertThat(of(camera).cameraCount()).isEqualTo(2);
        // The recogniser's 0.93 beats the camera's 0.9.
        assertThat(of(camera).bestReadId()).isEqualTo(imageOnly);
    }

    @Test
    void searchAndDetailAreRoleCheckedScopedAuditedAndRefuseBadInput() {
        String plate = plate();
        long first = read(a, plate, T0.plusMinutes(3), 0.8);
        long best = read(b, plate, T0.plusMinutes(3).plusSeconds(1), 0.95);
        long passage = of(first).passageId();

        var found = client().get("/api/v1/passages?plate=" + plate + "&site=" + a.siteId() + InvestigationParams.QUERY,
                operator.token());
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        JsonNode item = found.json().get("items").get(0);
        assertThat(found.json().get("items")).hasSize(1);
        assertThat(found.json().get("investigation").get("case").asString()).isEqualTo(InvestigationParams.CASE);
        assertThat(item.get("bestRead").get("id").asLong()).isEqualTo(best);
        assertThat(item.get("cameras").asInt()).isEqualTo(2);
        List<Long> reads = new ArrayList<>();
        item.get("reads").forEach(r -> reads.add(r.get("id").asLong()));
        assertThat(reads).containsExactly(first, best);
        String details = jdbc.sql("""
                select details::text from audit_event where action = 'passages.search' and actor = ?
                order by id desc limit 1""").param(operator.username()).query(String.class).single();
        assertThat(details).contains("\"ids\": [" + passage + "]").contains(String.valueOf(best))
                .contains(InvestigationParams.CASE);
        // Another site: nothing.
        var none = client().get("/api/v1/passages?plate=" + plate + "&site=" + (a.siteId() + 100000)
                + InvestigationParams.QUERY, operator.token());
        assertThat(none.json().get("items")).isEmpty();
        // Without a plate: the live listing, no purpose needed.
        var live = client().get("/api/v1/passages?site=" + a.siteId(), operator.token());
        assertThat(live.status()).as(live.toString()).isEqualTo(200);
        assertThat(live.json().get("items").findValues("id").stream().map(JsonNode::asLong).toList()).contains(passage);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'passages.list' and actor = ?")
                .param(operator.username()).query(Long.class).single()).isEqualTo(1);

        // One passage, and the read's reference to it.
        var one = client().get("/api/v1/passages/" + passage, operator.token());
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().get("bestReadId").asLong()).isEqualTo(best);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'passages.view' and target = ?")
                .param("passage:" + passage).query(Long.class).single()).isEqualTo(1);
        JsonNode ref = client().get("/api/v1/reads/" + first, operator.token()).json().get("passage");
        assertThat(ref.get("id").asLong()).isEqualTo(passage);
        assertThat(ref.get("cameras").asInt()).isEqualTo(2);
        assertThat(ref.get("best").asBoolean()).isFalse();
        assertThat(ref.get("bestReadId").asLong()).isEqualTo(best);
        BrowserSession browser = new BrowserSession(client());
        assertThat(browser.login(operator.username(), TestClient.PASSWORD).status()).isEqualTo(302);
        var page = browser.get("/reads/" + first);
        assertThat(page.text()).contains("Seen by 2 cameras of this site (2 reads within seconds)")
                .contains("/reads/" + best);

        // Roles: ADMIN and AUDITOR see no plates.
        for (String role : List.of("ADMIN", "AUDITOR")) {
            Person p = person(role);
            assertThat(client().get("/api/v1/passages?plate=" + plate + InvestigationParams.QUERY, p.token()).status())
                    .isEqualTo(403);
            assertThat(client().get("/api/v1/passages/" + passage, p.token()).status()).isEqualTo(403);
        }
        assertThat(client().get("/api/v1/passages", null).status()).isEqualTo(401);
        // Bad input: precise 400s, never 500.
        assertFieldProblem(client().get("/api/v1/passages?plate=" + plate, operator.token()), 400, "purpose");
        assertFieldProblem(client().get("/api/v1/passages?plate=%24%24" + InvestigationParams.QUERY,
                operator.token()), 400, "plate");
        assertFieldProblem(client().get("/api/v1/passages?plate=" + plate + "&match=prefix" + InvestigationParams.QUERY,
                operator.token()), 400, "match");
        assertFieldProblem(client().get("/api/v1/passages?match=folded", operator.token()), 400, "plate");
        assertFieldProblem(client().get("/api/v1/passages?limit=0", operator.token()), 400, "limit");
        assertFieldProblem(client().get("/api/v1/passages?from=yesterday", operator.token()), 400, "from");
        assertFieldProblem(client().get("/api/v1/passages?from=2026-01-01T00:00:00Z", operator.token()), 400, "from");
        assertFieldProblem(client().get("/api/v1/passages?cursor=nope", operator.token()), 400, "cursor");
        assertProblem(client().get("/api/v1/passages/" + Long.MAX_VALUE, operator.token()), 404);
        assertProblem(client().get("/api/v1/passages/abc", operator.token()), 400);
    }

    @Test
    void passagesGoWithTheirReads() {
        String plate = plate();
        long first = read(a, plate, T0.plusMinutes(4), 0.8);
        long best = read(b, plate, T0.plusMinutes(4).plusSeconds(1), 0.95);
        long passage = of(first).passageId();

        PassagePurge.Deleted d = purge.deleteForReads(List.of(best));
        assertThat(d.links()).isEqualTo(1);
        assertThat(d.passages()).isZero();
        Passages.Membership m = passages.of(first).orElseThrow();
        assertThat(m.bestReadId()).isEqualTo(first);
        assertThat(m.readCount()).isEqualTo(1);
        assertThat(purge.deleteForReads(List.of(first)).passages()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from passage where id = ?").param(passage).query(Long.class).single())
                .isZero();
        assertThat(passages.of(first)).isEmpty();
    }
}
