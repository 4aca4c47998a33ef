package dev.plateguard.server.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;

/**
 * The local registry over real HTTP: CSV import (all or nothing, upsert, limits), PUT/GET/DELETE with strict JSON,
 * roles, audit, and lookups through the {@link VehicleRegistry} bean.
 */
class RegistryApiIT extends IngestSupport {

    private static final String HEADER =
            "country,plate,status,registration_valid_until,insurance_valid_until,vehicle_type,make,colour,owner_ref";
    private static final String IMPORT = "/api/v1/registry/import";

    @Autowired
    VehicleRegistry registry;

    private Person operator;

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Person operator() {
        if (operator == null) {
            operator = person("OPERATOR");
        }
        return operator;
    }

    private static String csv(String... rows) {
        return HEADER + "\r\n" + String.join("\r\n", rows) + "\r\n";
    }

    private static String row(String country, String plate, String status, String owner) {
        return country + "," + plate + "," + status + ",2027-03-31,2026-12-31,car,Chevrolet Cobalt,white," + owner;
    }

    private TestClient.Response importCsv(String body) {
        return importCsv(body.getBytes(StandardCharsets.UTF_8));
    }

    private TestClient.Response importCsv(byte[] body) {
        return client().post(IMPORT, admin().token(), "text/csv", body);
    }

    private static String path(String country, String plate) {
        return "/api/v1/registry/vehicles/" + country + "/" + java.net.URLEncoder.encode(plate, StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    private TestClient.Response put(String token, String country, String plate, Object body) {
        return client().send(HttpRequest.newBuilder(URI.create(client().base() + path(country, plate)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body instanceof String s ? s.getBytes(StandardCharsets.UTF_8)
                        : TestClient.JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json"), token, Map.of());
    }

    private static Map<String, Object> vehicle(String status, String owner) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("registrationValidUntil", "2027-05-01");
        body.put("insuranceValidUntil", "2026-10-15");
        body.put("vehicleType", "car");
        body.put("make", "Chevrolet Nexia");
        body.put("colour", "silver");
        body.put("ownerRef", owner);
        return body;
    }

    private long stored(String... plates) {
        return jdbc.sql("select count(*) from vehicle_registry where plate = any(?)").param(plates).query(Long.class).single();
    }

    /** Audit entries of one action and target, oldest first. */
    private List<Map<String, Object>> audit(String action, String target) {
        return jdbc.sql("select actor, outcome, details::text as details from audit_event where action = ? and target = ? order by id")
                .params(action, target).query().listOfRows();
    }

    /** Upper-case plate letters written as lower-case Cyrillic look-alikes, with spaces: the same plate to PlateText. */
    private static String cyrillicSpaced(String plate) {
        String latin = "AEHKMPTXY";
        String cyrillic = "аенкмртху";
        StringBuilder out = new StringBuilder();
        for (char c : plate.toCharArray()) {
            int i = latin.indexOf(c);
            out.append(i >= 0 ? cyrillic.charAt(i) : c);
            if (out.length() == 2 || out.length() == 4) {
                out.append(' ');
            }
        }
        return out.toString();
    }

    private static List<Integer> rows(JsonNode problem) {
        List<Integer> out = new ArrayList<>();
        problem.get("rows").forEach(n -> out.add(n.asInt()));
        return out;
    }

    /** The import is refused with 400, naming these rows and fields, and nothing at all is stored. */
    private JsonNode assertRejected(String body, List<Integer> badRows, String... fields) {
        long before = count("vehicle_registry");
        var r = importCsv(body);
        JsonNode problem = assertProblem(r, 400);
        assertThat(rows(problem)).as(r.toString()).isEqualTo(badRows);
        assertThat(fields(problem)).as(r.toString()).contains(fields);
        assertThat(problem.get("detail").asString()).contains("nothing was imported");
        assertThat(count("vehicle_registry")).as("nothing stored").isEqualTo(before);
        return problem;
    }

    // ---- CSV import ------------------------------------------------------------------------------------------

    @Test
    void importStoresEveryRowAndTheyCanBeLookedUp() {
        String p1 = uniquePlate(), p2 = uniquePlate(), p3 = uniquePlate();
        String body = "\uFEFF" + csv(
                "uz," + cyrillicSpaced(p1) + ",valid,2027-03-31,2026-12-31,car,Chevrolet Cobalt,white,OWN-1001",
                "UZ," + p2 + ",EXPIRED,2025-01-31,,,,,OWN-1002",
                "KZ," + p3 + ",SUSPENDED,2026-08-01,2026-08-01,truck,\"Lada, Granta\",\"dark blue\",kz:778:ab");
        var r = importCsv(body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rows").asInt()).isEqualTo(3);
        assertThat(r.json().get("inserted").asInt()).isEqualTo(3);
        assertThat(r.json().get("updated").asInt()).isEqualTo(0);

        var first = client().get(path("UZ", p1), operator().token());
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        JsonNode v = first.json();
        assertThat(v.get("country").asString()).isEqualTo("UZ");
        assertThat(v.get("plate").asString()).isEqualTo(p1);
        assertThat(v.get("status").asString()).isEqualTo("VALID");
        assertThat(v.get("registrationValidUntil").asString()).isEqualTo("2027-03-31");
        assertThat(v.get("insuranceValidUntil").asString()).isEqualTo("2026-12-31");
        assertThat(v.get("vehicleType").asString()).isEqualTo("car");
        assertThat(v.get("make").asString()).isEqualTo("Chevrolet Cobalt");
        assertThat(v.get("colour").asString()).isEqualTo("white");
        assertThat(v.get("ownerRef").asString()).isEqualTo("OWN-1001");
        assertThat(v.get("source").asString()).isEqualTo("csv");
        assertThat(v.hasNonNull("updatedAt")).isTrue();

        JsonNode second = client().get(path("UZ", p2), operator().token()).json();
        assertThat(second.get("status").asString()).isEqualTo("EXPIRED");
        assertThat(second.get("insuranceValidUntil").isNull()).isTrue();
        assertThat(second.get("make").isNull()).isTrue();
        JsonNode third = client().get(path("KZ", p3), operator().token()).json();
        assertThat(third.get("make").asString()).isEqualTo("Lada, Granta");
        assertThat(third.get("colour").asString()).isEqualTo("dark blue");
        assertThat(third.get("ownerRef").asString()).isEqualTo("kz:778:ab");

        // The registry bean (local mode by default) answers from the same table.
        assertThat(registry).isInstanceOf(LocalVehicleRegistry.class);
        assertThat(registry.lookup("UZ", p1)).isEqualTo(RegistryAnswer.found(new VehicleRecord("UZ", p1,
                RegistrationStatus.VALID, LocalDate.of(2027, 3, 31), LocalDate.of(2026, 12, 31), "car", "Chevrolet Cobalt",
                "white", "OWN-1001")));
        var expired = (RegistryAnswer.Found) registry.lookup("UZ", p2);
        assertThat(expired.vehicle().registeredOn(LocalDate.of(2025, 6, 1))).isFalse();
        assertThat(expired.vehicle().insuredOn(LocalDate.of(2025, 1, 1))).isFalse();
        assertThat(registry.lookup("KZ", p1)).isInstanceOf(RegistryAnswer.NotFound.class);
        assertThat(registry.covers("UZ")).isTrue();
        assertThat(registry.covers("KZ")).isFalse();

        assertThat(jdbc.sql("select details::text from audit_event where action = 'registry.import' and outcome = 'success' "
                + "order by id desc limit 1").query(String.class).single())
                .contains("\"rows\": 3", "\"inserted\": 3", "\"updated\": 0");
    }

    @Test
    void importReplacesExistingVehicles() {
        String p1 = uniquePlate(), p2 = uniquePlate(), p3 = uniquePlate();
        assertThat(importCsv(csv(row("UZ", p1, "VALID", "OWN-1"))).status()).isEqualTo(200);
        assertThat(put(admin().token(), "UZ", p3, vehicle("VALID", "OWN-3")).status()).isEqualTo(201);
        assertThat(client().get(path("UZ", p3), operator().token()).json().get("source").asString()).isEqualTo("api");

        var r = importCsv(csv(row("UZ", p1, "EXPIRED", "OWN-1b"), row("UZ", p2, "VALID", "OWN-2"),
                row("UZ", p3, "SUSPENDED", "OWN-3")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("inserted").asInt()).isEqualTo(1);
        assertThat(r.json().get("updated").asInt()).isEqualTo(2);
        JsonNode replaced = client().get(path("UZ", p1), operator().token()).json();
        assertThat(replaced.get("status").asString()).isEqualTo("EXPIRED");
        assertThat(replaced.get("ownerRef").asString()).isEqualTo("OWN-1b");
        JsonNode fromApi = client().get(path("UZ", p3), operator().token()).json();
        assertThat(fromApi.get("status").asString()).isEqualTo("SUSPENDED");
        assertThat(fromApi.get("source").asString()).isEqualTo("csv");
        assertThat(stored(p1, p2, p3)).isEqualTo(3);
    }

    @Test
    void headerOnlyImportsNothing() {
        var r = importCsv(HEADER + "\n");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rows").asInt()).isZero();
    }

    @Test
    void badDateIsRefused() {
        String good = uniquePlate(), bad = uniquePlate();
        var problem = assertRejected(csv(row("UZ", good, "VALID", "OWN-1"),
                "UZ," + bad + ",VALID,2027-02-30,2026-12-31,car,Nexia,white,OWN-2"), List.of(3),
                "rows[3].registration_valid_until");
        assertThat(problem.toString()).contains("YYYY-MM-DD");
        assertThat(stored(good, bad)).isZero();
        assertRejected(csv(row("UZ", good, "VALID", "OWN-1"),
                "UZ," + bad + ",VALID,2027-02-01,31.12.2026,car,Nexia,white,OWN-2"), List.of(3),
                "rows[3].insurance_valid_until");
    }

    @Test
    void unknownStatusIsRefused() {
        String good = uniquePlate(), bad = uniquePlate();
        assertRejected(csv(row("UZ", good, "VALID", "OWN-1"), row("UZ", bad, "STOLEN", "OWN-2")), List.of(3),
                "rows[3].status");
        assertThat(stored(good, bad)).isZero();
    }

    @Test
    void badPlateAndCountryAreRefused() {
        String good = uniquePlate();
        assertRejected(csv(row("UZ", good, "VALID", "OWN-1"), row("UZ", "01A<b>12", "VALID", "OWN-2"),
                row("XX", uniquePlate(), "VALID", "OWN-3"), row("UZ", "", "VALID", "OWN-4")), List.of(3, 4, 5),
                "rows[3].plate", "rows[4].country", "rows[5].plate");
        assertThat(stored(good)).isZero();
    }

    @Test
    void rowWithAMissingColumnIsRefused() {
        String good = uniquePlate(), bad = uniquePlate();
        var problem = assertRejected(csv(row("UZ", good, "VALID", "OWN-1"),
                "UZ," + bad + ",VALID,2027-03-31,2026-12-31,car,Nexia,OWN-2"), List.of(3), "rows[3]");
        assertThat(problem.toString()).contains("has 8 fields");
        assertThat(stored(good, bad)).isZero();
    }

    @Test
    void headerWithAMissingOrUnknownColumnIsRefused() {
        String plate = uniquePlate();
        var problem = assertRejected("country,plate,status,registration_valid_until,vehicle_type,make,colour,owner_ref\n"
                + "UZ," + plate + ",VALID,2027-03-31,car,Nexia,white,OWN-1\n", List.of(1), "header");
        assertThat(problem.toString()).contains("missing column 'insurance_valid_until'");
        problem = assertRejected(HEADER + ",owner_name\nUZ," + plate + ",VALID,2027-03-31,,car,Nexia,white,OWN-1,Ivan\n",
                List.of(1), "header");
        assertThat(problem.toString()).contains("unknown column 10 'owner_name'");
        assertThat(stored(plate)).isZero();
    }

    @Test
    void duplicateRowInTheFileIsRefused() {
        String plate = uniquePlate(), other = uniquePlate();
        // The same vehicle written differently is still the same vehicle.
        var problem = assertRejected(csv(row("UZ", plate, "VALID", "OWN-1"), row("UZ", other, "VALID", "OWN-2"),
                row("uz", cyrillicSpaced(plate), "EXPIRED", "OWN-1")), List.of(4), "rows[4].plate");
        assertThat(problem.toString()).contains("duplicates row 2");
        assertThat(stored(plate, other)).isZero();
    }

    @Test
    void ownerDataInsteadOfAReferenceIsRefused() {
        String plate = uniquePlate();
        var problem = assertRejected(csv(row("UZ", plate, "VALID", "Ivan Petrov")), List.of(2), "rows[2].owner_ref");
        assertThat(problem.toString()).doesNotContain("Ivan");
        assertRejected(csv(row("UZ", plate, "VALID", "ivan@example.uz")), List.of(2), "rows[2].owner_ref");
        assertRejected(csv(row("UZ", plate, "VALID", "")), List.of(2), "rows[2].owner_ref");
        assertThat(stored(plate)).isZero();
    }

    @Test
    void everyBadRowIsListedAtOnce() {
        String a = uniquePlate(), b = uniquePlate(), c = uniquePlate();
        var problem = assertRejected(csv(row("UZ", a, "VALID", "OWN-1"), row("UZ", b, "BROKEN", "OWN-2"),
                        "", row("UZ", c, "VALID", "OWN-3"), "UZ,01A<>,VALID,2027-13-01,,car,<script>,white,OWN 4"),
                List.of(3, 6), "rows[3].status", "rows[6].plate", "rows[6].registration_valid_until", "rows[6].make",
                "rows[6].owner_ref");
        assertThat(problem.get("detail").asString()).contains("2 rows are invalid: 3, 6");
        assertThat(stored(a, b, c)).isZero();
    }

    @Test
    void malformedFilesAreRefused() {
        long before = count("vehicle_registry");
        assertDetailProblem(importCsv(csv(row("UZ", uniquePlate(), "VALID", "OWN-1"),
                "UZ,\"" + uniquePlate() + ",VALID,2027-03-31,,car,Nexia,white,OWN-2")), 400, "nothing was imported");
        byte[] latin1 = csv(row("UZ", uniquePlate(), "VALID", "OWN-1"), row("UZ", uniquePlate(), "VALID", "OWN-2"))
                .replace("Chevrolet", "Chévrolet").getBytes(StandardCharsets.ISO_8859_1);
        assertDetailProblem(importCsv(latin1), 400, "not UTF-8");
        assertFieldProblem(importCsv(""), 400, "header");
        assertThat(count("vehicle_registry")).isEqualTo(before);
    }

    @Test
    void tooManyRowsIs413AndNothingIsStored() {
        long before = count("vehicle_registry");
        StringBuilder body = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i <= 50_000; i++) {
            body.append("UZ,OV").append(i).append(",VALID,2027-03-31,,car,Nexia,white,OWN-").append(i).append('\n');
        }
        var r = importCsv(body.toString());
        assertDetailProblem(r, 413, "more than 50000 rows");
        assertThat(count("vehicle_registry")).isEqualTo(before);
        assertThat(stored("OV1", "OV50000")).isZero();
    }

    @Test
    void tooManyBytesIs413WhetherDeclaredOrStreamed() throws Exception {
        long before = count("vehicle_registry");
        // Streamed (chunked, no Content-Length): refused once the limit has been read.
        byte[] head = (HEADER + "\nUZ," + uniquePlate() + ",VALID,2027-03-31,,car,\"").getBytes(StandardCharsets.UTF_8);
        byte[] filler = new byte[9 * 1024 * 1024];
        java.util.Arrays.fill(filler, (byte) 'x');
        byte[] tail = "\",white,OWN-1\n".getBytes(StandardCharsets.UTF_8);
        var streamed = client().send(HttpRequest.newBuilder(URI.create(client().base() + IMPORT))
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(java.util.Collections.enumeration(
                        List.<InputStream>of(new ByteArrayInputStream(head), new ByteArrayInputStream(filler),
                                new ByteArrayInputStream(tail)))))), admin().token(), Map.of());
        assertDetailProblem(streamed, 413, "larger than 8388608 bytes");

        // Declared: refused from the Content-Length header before the body is read.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + IMPORT + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin().token()
                    + "\r\nContent-Type: text/csv\r\nContent-Length: 900000000\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(answer).isEqualTo("HTTP/1.1 413");
        }
        assertThat(count("vehicle_registry")).isEqualTo(before);
    }

    @Test
    void onlyCsvIsAccepted() {
        long before = count("vehicle_registry");
        byte[] body = csv(row("UZ", uniquePlate(), "VALID", "OWN-1")).getBytes(StandardCharsets.UTF_8);
        assertFieldProblem(client().post(IMPORT, admin().token(), "application/json", body), 415, "Content-Type");
        assertFieldProblem(client().post(IMPORT, admin().token(), null, body), 415, "Content-Type");
        assertFieldProblem(client().post(IMPORT, admin().token(), "text/csv; charset=ISO-8859-1", body), 415, "Content-Type");
        assertThat(count("vehicle_registry")).isEqualTo(before);
        assertThat(client().post(IMPORT, admin().token(), "text/csv; charset=utf-8", body).status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'registry.import' and outcome = 'failure' "
                + "and details->>'status' = '415'").query(Long.class).single()).isGreaterThanOrEqualTo(3);
    }

    // ---- per-vehicle API -------------------------------------------------------------------------------------

    @Test
    void putCreatesThenReplacesGetShowsAndDeleteRemoves() {
        String plate = uniquePlate();
        var created = put(admin().token(), "uz", cyrillicSpaced(plate), vehicle("VALID", "OWN-55"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("plate").asString()).isEqualTo(plate);
        assertThat(created.json().get("country").asString()).isEqualTo("UZ");
        assertThat(created.json().get("source").asString()).isEqualTo("api");

        Map<String, Object> changed = vehicle("SUSPENDED", "OWN-56");
        changed.remove("insuranceValidUntil");
        changed.put("make", null);
        var replaced = put(admin().token(), "UZ", plate, changed);
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);

        JsonNode v = client().get(path("UZ", plate), operator().token()).json();
        assertThat(v.get("status").asString()).isEqualTo("SUSPENDED");
        assertThat(v.get("ownerRef").asString()).isEqualTo("OWN-56");
        assertThat(v.get("insuranceValidUntil").isNull()).isTrue();
        assertThat(v.get("make").isNull()).isTrue();
        assertThat(v.get("colour").asString()).isEqualTo("silver");

        var deleted = client().delete(path("UZ", plate), admin().token());
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertProblem(client().get(path("UZ", plate), operator().token()), 404);
        assertProblem(client().delete(path("UZ", plate), admin().token()), 404);
        assertThat(stored(plate)).isZero();
        assertThat(registry.lookup("UZ", plate)).isInstanceOf(RegistryAnswer.NotFound.class);

        String target = "vehicle:UZ/" + plate;
        assertThat(audit("registry.update", target)).extracting(e -> e.get("details").toString())
                .containsExactly("{\"created\": true}", "{\"created\": false}");
        assertThat(audit("registry.update", target)).allSatisfy(e -> assertThat(e.get("actor")).isEqualTo("admin"));
        assertThat(audit("registry.view", target)).extracting(e -> e.get("outcome"))
                .containsExactly("success", "failure");
        assertThat(audit("registry.view", target)).allSatisfy(e ->
                assertThat(e.get("actor")).isEqualTo(operator().username()));
        assertThat(audit("registry.delete", target)).extracting(e -> e.get("outcome"))
                .containsExactly("success", "failure");
    }

    @Test
    void theShortFormTakesTheCountryFromTheQueryAndDefaultsToUzbekistan() {
        String plate = uniquePlate();
        String shortPath = "/api/v1/registry/vehicles/" + plate;
        var created = client().send(HttpRequest.newBuilder(URI.create(client().base() + shortPath))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestClient.JSON.writeValueAsBytes(vehicle("VALID", "OWN-77"))))
                .header("Content-Type", "application/json"), admin().token(), Map.of());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("country").asString()).isEqualTo("UZ");
        assertThat(client().get(path("UZ", plate), operator().token()).json().get("ownerRef").asString()).isEqualTo("OWN-77");
        assertThat(client().get(shortPath, operator().token()).json().get("plate").asString()).isEqualTo(plate);

        var kazakh = client().send(HttpRequest.newBuilder(URI.create(client().base() + shortPath + "?country=KZ"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestClient.JSON.writeValueAsBytes(vehicle("VALID", "OWN-78"))))
                .header("Content-Type", "application/json"), admin().token(), Map.of());
        assertThat(kazakh.status()).as(kazakh.toString()).isEqualTo(201);
        assertThat(kazakh.json().get("country").asString()).isEqualTo("KZ");
        assertThat(stored(plate)).isEqualTo(2);

        var asOperator = client().send(HttpRequest.newBuilder(URI.create(client().base() + shortPath))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestClient.JSON.writeValueAsBytes(vehicle("VALID", "OWN-79"))))
                .header("Content-Type", "application/json"), operator().token(), Map.of());
        assertThat(asOperator.status()).isEqualTo(403);
        assertProblem(client().send(HttpRequest.newBuilder(URI.create(client().base() + shortPath + "?country=U1"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestClient.JSON.writeValueAsBytes(vehicle("VALID", "OWN-80"))))
                .header("Content-Type", "application/json"), admin().token(), Map.of()), 400);
    }

    @Test
    void putIsStrictAndNamesTheField() {
        String plate = uniquePlate();
        Map<String, Object> unknown = vehicle("VALID", "OWN-1");
        unknown.put("ownerName", "Ivan Petrov");
        assertFieldProblem(put(admin().token(), "UZ", plate, unknown), 400, "ownerName");
        Map<String, Object> bodyKey = vehicle("VALID", "OWN-1");
        bodyKey.put("plate", plate);
        assertFieldProblem(put(admin().token(), "UZ", plate, bodyKey), 400, "plate");
        Map<String, Object> wrongType = vehicle("VALID", "OWN-1");
        wrongType.put("registrationValidUntil", 20270501);
        assertFieldProblem(put(admin().token(), "UZ", plate, wrongType), 400, "registrationValidUntil");
        Map<String, Object> missing = vehicle("VALID", "OWN-1");
        missing.remove("ownerRef");
        missing.put("status", "NEW");
        var both = assertProblem(put(admin().token(), "UZ", plate, missing), 400);
        assertThat(fields(both)).containsExactlyInAnyOrder("status", "ownerRef");
        assertFieldProblem(put(admin().token(), "UZ", plate, vehicle("VALID", "Ivan Petrov")), 400, "ownerRef");
        assertProblem(put(admin().token(), "UZ", plate, "{\"status\":\"VALID\",\"status\":\"EXPIRED\"}"), 400);
        assertProblem(put(admin().token(), "UZ", plate, "{\"status\":"), 400);
        assertProblem(put(admin().token(), "UZ", plate, "null"), 400);
        assertFieldProblem(put(admin().token(), "XX", plate, vehicle("VALID", "OWN-1")), 400, "country");
        assertFieldProblem(put(admin().token(), "UZ", "01A\u200B123", vehicle("VALID", "OWN-1")), 400, "plate");
        assertFieldProblem(client().send(HttpRequest.newBuilder(URI.create(client().base() + path("UZ", plate)))
                .PUT(HttpRequest.BodyPublishers.ofString("status=VALID"))
                .header("Content-Type", "application/x-www-form-urlencoded"), admin().token(), Map.of()), 415, "Content-Type");
        assertFieldProblem(client().get(path("XX", plate), operator().token()), 400, "country");
        assertThat(stored(plate)).isZero();
    }

    // ---- roles and owner data ----------------------------------------------------------------------------------

    @Test
    void adminsManageOperatorsAndSupervisorsLookUp() {
        String plate = uniquePlate();
        assertThat(put(admin().token(), "UZ", plate, vehicle("VALID", "OWN-9")).status()).isEqualTo(201);
        Person supervisor = person("SUPERVISOR");
        Person investigator = person("INVESTIGATOR");
        Person auditor = person("AUDITOR");
        assertThat(client().get(path("UZ", plate), operator().token()).status()).isEqualTo(200);
        assertThat(client().get(path("UZ", plate), supervisor.token()).status()).isEqualTo(200);
        for (String token : List.of(investigator.token(), auditor.token(), admin().token())) {
            assertProblem(client().get(path("UZ", plate), token), 403);
        }
        for (Person person : List.of(operator(), supervisor, investigator, auditor)) {
            assertProblem(put(person.token(), "UZ", plate, vehicle("EXPIRED", "OWN-10")), 403);
            assertProblem(client().delete(path("UZ", plate), person.token()), 403);
            assertProblem(client().post(IMPORT, person.token(), "text/csv",
                    csv(row("UZ", plate, "EXPIRED", "OWN-11")).getBytes(StandardCharsets.UTF_8)), 403);
        }
        assertProblem(client().get(path("UZ", plate), null), 401);
        assertProblem(client().post(IMPORT, null, "text/csv", HEADER.getBytes(StandardCharsets.UTF_8)), 401);
        // Nothing changed by the refused requests.
        JsonNode v = client().get(path("UZ", plate), operator().token()).json();
        assertThat(v.get("status").asString()).isEqualTo("VALID");
        assertThat(v.get("ownerRef").asString()).isEqualTo("OWN-9");
    }

    @Test
    void ownerDataIsOnlyAnOpaqueReference() {
        Set<String> columns = new TreeSet<>(jdbc.sql("select column_name from information_schema.columns "
                + "where table_name = 'vehicle_registry'").query(String.class).list());
        assertThat(columns).containsExactlyInAnyOrder("id", "country", "plate", "status", "registration_valid_until",
                "insurance_valid_until", "vehicle_type", "make", "colour", "owner_ref", "source", "updated_at");
        String plate = uniquePlate();
        String ownerRef = "REF-" + plate;
        assertThat(put(admin().token(), "UZ", plate, vehicle("VALID", ownerRef)).status()).isEqualTo(201);
        assertThat(importCsv(csv(row("UZ", plate, "EXPIRED", ownerRef))).status()).isEqualTo(200);
        client().get(path("UZ", plate), operator().token());
        // The owner reference never reaches the audit log.
        assertThat(jdbc.sql("select count(*) from audit_event where action like 'registry.%' and details::text like ?")
                .param("%" + ownerRef + "%").query(Long.class).single()).isZero();
        // The database itself refuses anything but an opaque reference.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql(
                "update vehicle_registry set owner_ref = 'Ivan Petrov, Tashkent' where plate = ?").param(plate).update())
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
    }
}
