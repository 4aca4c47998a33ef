package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.registry.HttpVehicleRegistry;
import dev.plateguard.server.registry.RegistryRecheckQueue;

/**
 * The registry rules end to end: vehicles put into the local registry through its API, reads posted over HTTP,
 * detection run by hand; and an external registry (a JDK HTTP server) that is down and then back.
 */
class RegistryRulesIT extends ViolationSupport {

    @Autowired
    RegistryRechecks rechecks;
    @Autowired
    RegistryRecheckQueue queue;

    private HttpServer server;

    @BeforeEach
    void on() {
        registryRules.enabled(true);
    }

    @AfterEach
    void off() {
        registryRules.enabled(false);
        registryRules.use(null);
        if (server != null) {
            server.stop(0);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private void putVehicle(String country, String plate, String status, LocalDate registration, LocalDate insurance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("registrationValidUntil", registration.toString());
        body.put("insuranceValidUntil", insurance == null ? null : insurance.toString());
        body.put("ownerRef", "OWN-" + plate);
        var r = client().send(HttpRequest.newBuilder(URI.create(client().base() + "/api/v1/registry/vehicles/"
                        + country + "/" + plate))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(TestClient.JSON.writeValueAsBytes(body)))
                .header("Content-Type", "application/json"), admin().token(), Map.of());
        assertThat(r.status()).as(r.toString()).isIn(200, 201);
    }

    /** A plain read (no speed, no signal) with the plate's country given. */
    private long read(TestClient.Device camera, String plate, String country, OffsetDateTime at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("eventId", eventId());
        m.put("capturedAt", at(at));
        m.put("plate", Map.of("text", plate, "confidence", 0.95, "country", country));
        return post(camera, m, 1, false);
    }

    private List<String> offences(long site, String plate) {
        return violations(site).stream().filter(v -> v.get("plate").asString().equals(plate))
                .map(v -> v.get("offenceType").asString()).sorted().toList();
    }

    /** A unique plate in the Uzbek private format, region 01 (Tashkent city), so that its country is UZ. */
    private static String uzPlate() {
        var r = java.util.concurrent.ThreadLocalRandom.current();
        String letters = "ABEHKMPTXY";
        return String.format("01%c%03d%c%c", letters.charAt(r.nextInt(letters.length())), r.nextInt(1000),
                letters.charAt(r.nextInt(letters.length())), letters.charAt(r.nextInt(letters.length())));
    }

    /**
     * The Tashkent day of the reads these tests send (3 minutes ago): validity is judged on the day of the offence,
     * so near midnight "now" would be the next day and an insurance lapsed "yesterday" still valid on the read's day.
     */
    private static LocalDate today() {
        return minutesAgo(3).atZoneSameInstant(TASHKENT).toLocalDate();
    }

    // ---- local registry --------------------------------------------------------------------------------------

    @Test
    void validVehicleIsNotFlagged() {
        long site = site();
        var cam = camera(site, "speed", null);
        String plate = uzPlate();
        putVehicle("UZ", plate, "VALID", today().plusYears(1), today().plusMonths(6));
        long id = read(cam, plate, "UZ", minutesAgo(3));
        detect();
        assertThat(jdbc.sql("select plate_country from plate_read where id = ?").param(id).query(String.class).single())
                .isEqualTo("UZ");
        assertThat(offences(site, plate)).isEmpty();
        assertThat(queue.find(id)).isEmpty();
    }

    @Test
    void validUntilTheOffenceDayItselfIsValid() {
        long site = site();
        var cam = camera(site, "speed", null);
        String plate = uzPlate();
        OffsetDateTime at = minutesAgo(3);
        putVehicle("UZ", plate, "VALID", at.toLocalDate(), at.toLocalDate());
        read(cam, plate, "UZ", at);
        detect();
        assertThat(offences(site, plate)).isEmpty();
    }

    @Test
    void expiredRegistrationIsUnregistered() {
        long site = site();
        var cam = camera(site, "speed", null);
        String plate = uzPlate();
        LocalDate lapsed = today().minusDays(10);
        putVehicle("UZ", plate, "VALID", lapsed, today().plusMonths(6));
        long id = read(cam, plate, "UZ", minutesAgo(3));
        detect();
        JsonNode v = forPlate(violations(site), plate);
        assertThat(v.get("offenceType").asString()).isEqualTo("unregistered");
        assertThat(v.get("rule").asString()).isEqualTo(RegistryRules.REGISTRATION);
        assertThat(v.get("readId").asLong()).isEqualTo(id);
        JsonNode m = v.get("measured");
        assertThat(m.get("registry").asString()).isEqualTo("found");
        assertThat(m.get("registrationStatus").asString()).isEqualTo("VALID");
        assertThat(m.get("registrationValidUntil").asString()).isEqualTo(lapsed.toString());
        assertThat(m.toString()).doesNotContain("OWN-");

        // Evaluating again (the read queued for detection again) records nothing twice.
        assertThat(detector.requeue(List.of(id))).isEqualTo(1);
        detect();
        assertThat(offences(site, plate)).containsExactly("unregistered");
    }

    @Test
    void suspendedRegistrationIsUnregistered() {
        long site = site();
        var cam = camera(site, "speed", null);
        String plate = uzPlate();
        putVehicle("UZ", plate, "SUSPENDED", today().plusYears(1), today().plusYears(1));
        read(cam, plate, "UZ", minutesAgo(3));
        detect();
        JsonNode v = forPlate(violations(site), plate);
        assertThat(v.get("offenceType").asString()).isEqualTo("unregistered");
        assertThat(v.get("measured").get("registrationStatus").asString()).isEqualTo("SUSPENDED");
    }

    @Test
    void expiredOrMissingInsuranceIsNoInsurance() {
        long site = site();
        var cam = camera(site, "speed", null);
        String expired = uzPlate(), none = uzPlate();
        putVehicle("UZ", expired, "VALID", today().plusYears(1), today().minusDays(1));
        putVehicle("UZ", none, "VALID", today().plusYears(1), null);
        read(cam, expired, "UZ", minutesAgo(3));
        read(cam, none, "UZ", minutesAgo(3));
        detect();
        JsonNode e = forPlate(violations(site), expired);
        assertThat(e.get("offenceType").asString()).isEqualTo("no_insurance");
        assertThat(e.get("rule").asString()).isEqualTo(RegistryRules.INSURANCE);
        assertThat(e.get("measured").get("insuranceValidUntil").asString()).isEqualTo(today().minusDays(1).toString());
        JsonNode n = forPlate(violations(site), none);
        assertThat(n.get("offenceType").asString()).isEqualTo("no_insurance");
        assertThat(n.get("measured").get("insuranceOnRecord").asBoolean()).isFalse();
    }

    @Test
    void bothLapsedGivesBothOffences() {
        long site = site();
        var cam = camera(site, "speed", null);
        String plate = uzPlate();
        putVehicle("UZ", plate, "EXPIRED", today().minusMonths(2), today().minusMonths(2));
        read(cam, plate, "UZ", minutesAgo(3));
        detect();
        assertThat(offences(site, plate)).containsExactly("no_insurance", "unregistered");
    }

    @Test
    void notInTheRegistryIsUnregisteredOnceEvenSeenByTwoCameras() {
        long site = site();
        var a = camera(site, "speed", null);
        var b = camera(site, "speed", null);
        String plate = uzPlate();
        OffsetDateTime at = minutesAgo(3);
        long first = read(a, plate, "UZ", at);
        long second = read(b, plate, "UZ", at.plusSeconds(2));
        detect();
        JsonNode v = forPlate(violations(site), plate);
        assertThat(v.get("offenceType").asString()).isEqualTo("unregistered");
        assertThat(v.get("readId").asLong()).isEqualTo(first);
        assertThat(v.get("measured").get("registry").asString()).isEqualTo("not_found");
        assertThat(jdbc.sql("select role from violation_read where read_id = ? and rule = ?")
                .params(second, RegistryRules.REGISTRATION).query(String.class).single()).isEqualTo("duplicate");
    }

    @Test
    void foreignPlateNotCoveredIsNotChecked() {
        long site = site();
        var cam = camera(site, "speed", null);
        String plate = "123" + "ABC" + "02";
        long id = read(cam, plate, "KZ", minutesAgo(3));
        detect();
        assertThat(jdbc.sql("select plate_country from plate_read where id = ?").param(id).query(String.class).single())
                .isEqualTo("KZ");
        assertThat(violations(site)).isEmpty();
        assertThat(queue.find(id)).isEmpty();
    }

    @Test
    void exemptVehicleIsNotFlagged() {
        long site = site();
        var cam = camera(site, "speed", null);
        String plate = uzPlate();
        var r = client().postJson("/api/v1/exemptions", admin().token(), Map.of("country", "UZ", "plate", plate,
                "kind", "service", "validFrom", at(minutesAgo(60))));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        long id = read(cam, plate, "UZ", minutesAgo(3));
        detect();
        assertThat(violations(site)).isEmpty();
        assertThat(jdbc.sql("select count(*) from exemption_skip where read_id = ?").param(id).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void checksOffFlagNothing() {
        registryRules.enabled(false);
        long site = site();
        var cam = camera(site, "speed", null);
        String plate = uzPlate();
        long id = read(cam, plate, "UZ", minutesAgo(3));
        detect();
        assertThat(violations(site)).isEmpty();
        assertThat(queue.find(id)).isEmpty();
    }

    // ---- corrections -----------------------------------------------------------------------------------------

    @Test
    void correctedPlateIsCheckedAgain() {
        long site = site();
        var cam = camera(site, "speed", 60);
        String misread = uzPlate(), actual = uzPlate();
        putVehicle("UZ", misread, "VALID", today().plusYears(1), today().plusYears(1));
        long id = post(cam, metadata(misread, minutesAgo(3), Map.of("speedKmh", 100)), 1, false);
        detect();
        JsonNode speeding = forPlate(violations(site), misread);
        assertThat(speeding.get("offenceType").asString()).isEqualTo("speeding");
        long violationId = speeding.get("id").asLong();

        String operator = operator();
        var claim = client().post("/api/v1/review/" + violationId + "/claim", operator, null, new byte[0]);
        assertThat(claim.status()).as(claim.toString()).isEqualTo(200);
        var corrected = client().postJson("/api/v1/review/" + violationId + "/correct-plate", operator,
                Map.of("plate", actual));
        assertThat(corrected.status()).as(corrected.toString()).isEqualTo(200);

        var entry = queue.find(id);
        assertThat(entry).isPresent();
        assertThat(entry.get().plate()).isEqualTo(actual);

        rechecks.recheckDue();
        // the scheduled job may have taken it first; either way exactly one unregistered violation for the plate
        awaitQueueEmpty(id);
        List<JsonNode> forActual = violations(site).stream().filter(v -> v.get("plate").asString().equals(actual))
                .toList();
        assertThat(forActual).extracting(v -> v.get("offenceType").asString())
                .containsExactlyInAnyOrder("speeding", "unregistered");
        JsonNode unregistered = forActual.stream().filter(v -> v.get("offenceType").asString().equals("unregistered"))
                .findFirst().orElseThrow();
        assertThat(unregistered.get("readId").asLong()).isEqualTo(id);
        assertThat(jdbc.sql("select count(*) from violation_read where read_id = ? and rule = ?")
                .params(id, RegistryRules.REGISTRATION + "/" + actual).query(Long.class).single()).isEqualTo(1);
    }

    // ---- external registry down, then back ---------------------------------------------------------------------

    @Test
    void registryDownThenBack() throws IOException {
        AtomicInteger status = new AtomicInteger(503);
        AtomicInteger requests = new AtomicInteger();
        String registered = uzPlate();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getRawPath();
            int code = status.get();
            byte[] body = new byte[0];
            if (code == 200 && path.endsWith("/" + registered)) {
                // registered but its insurance lapsed yesterday
                body = ("{\"country\":\"UZ\",\"plate\":\"" + registered + "\",\"status\":\"VALID\","
                        + "\"registrationValidUntil\":\"" + today().plusYears(1) + "\",\"insuranceValidUntil\":\""
                        + today().minusDays(1) + "\",\"ownerRef\":\"OWN-9\",\"ownerName\":\"Somebody\"}")
                        .getBytes(StandardCharsets.UTF_8);
            } else if (code == 200) {
                code = 404;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        var defaults = PlateGuardProperties.Registry.defaults();
        var config = new PlateGuardProperties.Registry(PlateGuardProperties.Registry.Mode.HTTP,
                "http://127.0.0.1:" + server.getAddress().getPort(), "", Duration.ofSeconds(1), Duration.ofSeconds(2),
                defaults.foundTtl(), defaults.notFoundTtl(), defaults.cacheMaxEntries(), defaults.countries(),
                defaults.breaker(), defaults.maxImportRows(), defaults.maxImportBytes(), defaults.recheckBackoff(),
                defaults.recheckMaxBackoff());
        registryRules.use(new HttpVehicleRegistry(config));

        long site = site();
        var cam = camera(site, "speed", null);
        String unknown = uzPlate();
        long a = read(cam, registered, "UZ", minutesAgo(3));
        long b = read(cam, unknown, "UZ", minutesAgo(3));
        detect();
        assertThat(requests.get()).isGreaterThanOrEqualTo(2);
        assertThat(violations(site)).isEmpty(); // never flagged while the registry cannot answer
        assertThat(queue.find(a)).isPresent();
        assertThat(queue.find(b)).isPresent();

        // Still down when the entries come due: they stay queued, backoff pushed out, still nothing flagged.
        jdbc.sql("update registry_recheck set next_attempt_at = now() - interval '1 second' where read_id in (?, ?)")
                .params(a, b).update();
        rechecks.recheckDue();
        assertThat(queue.find(a)).get().satisfies(e -> assertThat(e.lastError()).isNotBlank());
        assertThat(queue.find(b)).isPresent();
        assertThat(violations(site)).isEmpty();

        // Back: the next due check judges each read once.
        status.set(200);
        jdbc.sql("update registry_recheck set next_attempt_at = now() - interval '1 second' where read_id in (?, ?)")
                .params(a, b).update();
        rechecks.recheckDue();
        awaitQueueEmpty(a);
        awaitQueueEmpty(b);
        assertThat(offences(site, registered)).containsExactly("no_insurance");
        assertThat(offences(site, unknown)).containsExactly("unregistered");
        assertThat(forPlate(violations(site), registered).get("measured").toString()).doesNotContain("OWN-9")
                .doesNotContain("Somebody");

        // Draining again, or detecting again, creates nothing more.
        rechecks.recheckDue();
        detect();
        assertThat(violations(site)).hasSize(2);
    }

    private void awaitQueueEmpty(long readId) {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (queue.find(readId).isPresent() && System.nanoTime() < until) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        assertThat(queue.find(readId)).as("re-check of read " + readId).isEmpty();
    }
}
