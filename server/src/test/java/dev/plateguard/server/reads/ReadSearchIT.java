package dev.plateguard.server.reads;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;

/** {@code GET /api/v1/reads}: plate matching, filters, newest first, cursor pagination, validation, audit. */
class ReadSearchIT extends IngestSupport {

    private static final OffsetDateTime T0 = OffsetDateTime.now(ZoneOffset.ofHours(5)).minusHours(3).withNano(0);

    private TestClient.Device device;
    private Person operator;

    @BeforeEach
    void setUp() {
        device = client().device(admin());
        operator = person("OPERATOR");
    }

    private long read(TestClient.Device on, String plate, OffsetDateTime capturedAt) {
        var r = postMetadataOnly(on, minimalMetadata(eventId(), at(capturedAt), plate));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    /** A plate search goes under a purpose and case; a listing without a plate needs none. */
    private JsonNode search(String query) {
        String full = query.contains("plate=") ? query + InvestigationParams.QUERY : query;
        var r = client().get("/api/v1/reads?" + full, operator.token());
        assertThat(r.status()).as(query + " -> " + r).isEqualTo(200);
        return r.json();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void exactPlateIsMatchedAfterNormalisationAcrossCamerasNewestFirst() {
        var other = client().device(admin());
        String plate = uniquePlate();
        long older = read(device, plate, T0);
        long newer = read(other, plate, T0.plusMinutes(5));
        read(device, uniquePlate(), T0.plusMinutes(1));

        assertThat(ids(search("plate=" + plate))).containsExactly(newer, older);
        // Spaces, dashes and lower case in the query are normalised like stored plates.
        String spaced = plate.substring(0, 2) + " " + plate.substring(2, 3).toLowerCase() + " " + plate.substring(3, 6)
                + "-" + plate.substring(6);
        assertThat(ids(search("plate=" + enc(spaced)))).containsExactly(newer, older);
        assertThat(ids(search("plate=" + plate + "&match=exact"))).containsExactly(newer, older);
        // Exact means exact: a prefix of the plate finds nothing.
        assertThat(ids(search("plate=" + plate.substring(0, 7)))).isEmpty();

        JsonNode item = search("plate=" + plate).get("items").get(0);
        assertThat(item.get("plate").asString()).isEqualTo(plate);
        assertThat(item.get("cameraId").asLong()).isEqualTo(other.cameraId());
        assertThat(item.get("evidence")).isEmpty();
    }

    @Test
    void prefixEndsInAStar() {
        long a = read(device, "01A123BC", T0);
        long b = read(device, "01A199XY", T0.plusMinutes(1));
        read(device, "01B123BC", T0.plusMinutes(2));
        read(device, "10A123BC", T0.plusMinutes(3));
        String camera = "&camera=" + device.cameraId();

        assertThat(ids(search("plate=" + enc("01A1*") + camera))).containsExactly(b, a);
        assertThat(ids(search("plate=" + enc("01 a 1*") + camera))).containsExactly(b, a);
        assertThat(ids(search("plate=01A1&match=prefix" + camera))).containsExactly(b, a);
        assertThat(ids(search("plate=" + enc("0*") + camera))).hasSize(3);
        assertThat(ids(search("plate=" + enc("9*") + camera))).isEmpty();
    }

    @Test
    void foldedMatchingFindsConfusableReadings() {
        // 01A123BC folds to 01A1238C (B→8); O1A1Z38C folds to the same key (O→0, Z→2).
        long stored = read(device, "01A123BC", T0);
        long alsoFolded = read(device, "O1A1Z3BC", T0.plusMinutes(1));
        read(device, "01A123BE", T0.plusMinutes(2));
        String camera = "&camera=" + device.cameraId();

        assertThat(ids(search("plate=O1A1Z38C&match=folded" + camera))).containsExactly(alsoFolded, stored);
        assertThat(ids(search("plate=O1A1Z38C" + camera))).isEmpty();
        assertThat(ids(search("plate=01A123BC&match=folded" + camera))).containsExactly(alsoFolded, stored);
        assertThat(ids(search("plate=01A123BC" + camera))).containsExactly(stored);
    }

    @Test
    void timeWindowIsFromInclusiveToExclusive() {
        long r0 = read(device, "01A123BC", T0);
        long r1 = read(device, "01A123BC", T0.plusMinutes(10));
        long r2 = read(device, "01A123BC", T0.plusMinutes(20));
        String camera = "&camera=" + device.cameraId();

        assertThat(ids(search("from=" + enc(at(T0)) + camera))).containsExactly(r2, r1, r0);
        assertThat(ids(search("from=" + enc(at(T0.plusSeconds(1))) + camera))).containsExactly(r2, r1);
        assertThat(ids(search("to=" + enc(at(T0.plusMinutes(20))) + camera))).containsExactly(r1, r0);
        assertThat(ids(search("from=" + enc(at(T0.plusMinutes(10))) + "&to=" + enc(at(T0.plusMinutes(20))) + camera)))
                .containsExactly(r1);
        // Any offset denotes the same instant.
        String utc = at(T0.plusMinutes(10).withOffsetSameInstant(ZoneOffset.UTC));
        assertThat(ids(search("from=" + enc(utc) + camera))).containsExactly(r2, r1);
    }

    @Test
    void siteAndCameraFilters() {
        var sameSite = client().device(admin(), device.siteId());
        var otherSite = client().device(admin());
        String plate = uniquePlate();
        long mine = read(device, plate, T0);
        long neighbour = read(sameSite, plate, T0.plusMinutes(1));
        long elsewhere = read(otherSite, plate, T0.plusMinutes(2));

        assertThat(ids(search("plate=" + plate))).containsExactly(elsewhere, neighbour, mine);
        assertThat(ids(search("plate=" + plate + "&site=" + device.siteId()))).containsExactly(neighbour, mine);
        assertThat(ids(search("plate=" + plate + "&camera=" + device.cameraId()))).containsExactly(mine);
        assertThat(ids(search("site=" + otherSite.siteId()))).containsExactly(elsewhere);
        assertThat(ids(search("site=" + otherSite.siteId() + "&camera=" + device.cameraId()))).isEmpty();
    }

    @Test
    void cursorPaginationVisitsEveryReadExactlyOnceNewestFirst() {
        // Seven reads, some sharing a capture time, so that the id breaks ties.
        List<Long> expected = new ArrayList<>();
        OffsetDateTime[] times = {T0, T0.plusSeconds(1), T0.plusSeconds(1), T0.plusSeconds(1), T0.plusSeconds(2),
                T0.plusSeconds(3), T0.plusSeconds(3)};
        List<long[]> created = new ArrayList<>();
        for (int i = 0; i < times.length; i++) {
            created.add(new long[] {times[i].toEpochSecond(), read(device, uniquePlate(), times[i])});
        }
        created.sort((x, y) -> x[0] != y[0] ? Long.compare(y[0], x[0]) : Long.compare(y[1], x[1]));
        created.forEach(c -> expected.add(c[1]));

        List<Long> visited = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = search("camera=" + device.cameraId() + "&limit=3" + (cursor == null ? "" : "&cursor=" + enc(cursor)));
            visited.addAll(ids(page));
            pageSizes.add(page.get("items").size());
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            assertThat(++pages).as("pagination must end").isLessThanOrEqualTo(5);
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(visited).containsExactlyElementsOf(expected);
        Set<Long> distinct = new HashSet<>(visited);
        assertThat(distinct).hasSize(7);
    }

    @Test
    void exactlyFullLastPageHasNoNextCursor() {
        for (int i = 0; i < 4; i++) {
            read(device, uniquePlate(), T0.plusMinutes(i));
        }
        JsonNode first = search("camera=" + device.cameraId() + "&limit=2");
        JsonNode second = search("camera=" + device.cameraId() + "&limit=2&cursor=" + enc(first.get("nextCursor").asString()));
        assertThat(second.get("items")).hasSize(2);
        assertThat(second.get("nextCursor").isNull()).isTrue();
        JsonNode all = search("camera=" + device.cameraId() + "&limit=4");
        assertThat(all.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void invalidParametersAre400NamingTheParameter() {
        String token = operator.token();
        String[][] cases = {
                {"cursor=not-a-cursor!", "cursor"},
                {"cursor=" + enc("MTIz"), "cursor"}, // base64 of "123": not three fields
                {"cursor=" + enc("YTpiOmM"), "cursor"}, // base64 of "a:b:c"
                // A hand-made cursor far beyond what timestamps can hold is refused, not a 500.
                {"cursor=" + java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString("31556889864403199:0:1".getBytes(StandardCharsets.US_ASCII)), "cursor"},
                {"limit=0", "limit"},
                {"limit=501", "limit"},
                {"limit=-1", "limit"},
                {"limit=ten", "limit"},
                {"from=yesterday", "from"},
                {"from=" + enc("2026-11-26T10:00:00"), "from"},
                {"from=" + enc("+300000-01-01T00:00:00Z"), "from"},
                {"to=" + enc("-300000-01-01T00:00:00Z"), "to"},
                {"to=" + enc("2026-11-26"), "to"},
                {"from=" + enc(at(T0)) + "&to=" + enc(at(T0)), "to"},
                {"from=" + enc(at(T0)) + "&to=" + enc(at(T0.minusHours(1))), "to"},
                {"match=fuzzy&plate=01A123BC", "match"},
                {"match=prefix", "plate"},
                {"plate=" + enc("<script>"), "plate"},
                {"plate=" + enc("01A1\t23BC"), "plate"},
                {"plate=" + "1".repeat(17), "plate"},
                {"plate=" + enc("*"), "plate"},
                {"site=abc", "site"},
                {"camera=1.5", "camera"},
        };
        for (String[] c : cases) {
            assertFieldProblem(client().get("/api/v1/reads?" + c[0], token), 400, c[1]);
        }
    }

    @Test
    void everySearchIsAuditedWithItsParameters() {
        String plate = uniquePlate();
        read(device, plate, T0);
        long before = jdbc.sql("select count(*) from audit_event where action in ('reads.search', 'reads.list') and actor = ?")
                .param(operator.username()).query(Long.class).single();

        search("plate=" + plate);
        search("camera=" + device.cameraId() + "&limit=1");

        List<JsonNode> details = jdbc.sql("""
                select details::text from audit_event where action in ('reads.search', 'reads.list') and actor = ? order by id""")
                .param(operator.username()).query(String.class).list().stream().map(TestClient.JSON::readTree).toList();
        assertThat(details).hasSize((int) before + 2);
        JsonNode byPlate = details.get(details.size() - 2);
        assertThat(byPlate.get("plate").asString()).isEqualTo(plate);
        assertThat(byPlate.get("results").asInt()).isEqualTo(1);
        assertThat(byPlate.get("purpose").asString()).isEqualTo(InvestigationParams.PURPOSE);
        assertThat(byPlate.get("case").asString()).isEqualTo(InvestigationParams.CASE);
        // The listing without a plate is the live view: its own action, no purpose.
        assertThat(jdbc.sql("select action from audit_event where actor = ? order by id desc limit 1")
                .param(operator.username()).query(String.class).single()).isEqualTo("reads.list");
        JsonNode byCamera = details.getLast();
        assertThat(byCamera.get("camera").asLong()).isEqualTo(device.cameraId());
        assertThat(byCamera.get("results").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("select target from audit_event where action = 'reads.search' and actor = ? order by id")
                .param(operator.username()).query(String.class).list()).contains("plate:" + plate);
    }

    @Test
    void singleReadIsAuditedAndUnknownIdIs404() {
        long id = read(device, uniquePlate(), T0);
        assertThat(client().get("/api/v1/reads/" + id, operator.token()).status()).isEqualTo(200);
        assertDetailProblem(client().get("/api/v1/reads/" + Long.MAX_VALUE, operator.token()), 404,
                String.valueOf(Long.MAX_VALUE));
        assertThat(jdbc.sql("select outcome from audit_event where action = 'reads.view' and actor = ? order by id")
                .param(operator.username()).query(String.class).list()).containsExactly("success", "failure");
    }

    @Test
    void onlyReadRolesMaySearch() {
        assertThat(client().get("/api/v1/reads?limit=1", person("INVESTIGATOR").token()).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/reads?limit=1", person("SUPERVISOR").token()).status()).isEqualTo(200);
        assertProblem(client().get("/api/v1/reads?limit=1", admin().token()), 403);
        assertProblem(client().get("/api/v1/reads?limit=1", person("AUDITOR").token()), 403);
        assertProblem(client().get("/api/v1/reads?limit=1", device.key()), 403);
        assertProblem(client().get("/api/v1/reads?limit=1", null), 401);
    }

    @Test
    void itemsCarryEvidenceLinks() {
        byte[] image = jpeg(320, 120);
        var r = postRead(device, new TestClient.Multipart()
                .json("metadata", minimalMetadata(eventId(), ago(Duration.ofMinutes(3)), uniquePlate()))
                .file("image", "p.jpg", "image/jpeg", image));
        assertThat(r.status()).isEqualTo(201);
        JsonNode item = search("camera=" + device.cameraId()).get("items").get(0);
        assertThat(item.get("evidence")).hasSize(1);
        assertThat(item.get("evidence").get(0).get("sha256").asString())
                .isEqualTo(dev.plateguard.server.evidence.ContentHash.of(image));
    }
}
