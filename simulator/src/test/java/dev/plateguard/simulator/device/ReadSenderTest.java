package dev.plateguard.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class ReadSenderTest {

    private static final Pattern EVENT_ID = Pattern.compile("\"eventId\":\"([^\"]+)\"");
    private final List<Duration> pauses = new ArrayList<>();
    private final DeliveryStats stats = new DeliveryStats();
    private final List<String> log = new ArrayList<>();

    private ReadSender sender(FakeServer server) {
        return new ReadSender(new DeviceClient(HttpClient.newHttpClient(), server.uri()),
                new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 5), stats, log::add, pauses::add);
    }

    private static String eventId(FakeServer.Request request) {
        Matcher m = EVENT_ID.matcher(request.text());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void retriesServerErrorsWithBackoffAndTheSameEventId() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (FakeServer server = new FakeServer(r -> calls.incrementAndGet() <= 2
                ? new FakeServer.Response(503, "{\"detail\":\"database unavailable\"}")
                : new FakeServer.Response(201, "{\"id\":7,\"status\":\"created\"}"))) {
            ReadUpload upload = Uploads.sample(false);
            assertThat(sender(server).send(upload)).isEqualTo(ReadSender.Outcome.CREATED);
            assertThat(server.requests).hasSize(3);
            assertThat(server.requests).extracting(ReadSenderTest::eventId).containsOnly(upload.eventId());
            assertThat(server.requests).extracting(FakeServer.Request::body)
                    .allSatisfy(body -> assertThat(body).isEqualTo(server.requests.getFirst().body()));
            assertThat(server.requests).allSatisfy(r -> {
                assertThat(r.path()).isEqualTo("/api/v1/reads");
                assertThat(r.authorization()).isEqualTo("Bearer pgd_test");
                assertThat(r.contentType()).startsWith("multipart/form-data; boundary=");
            });
            assertThat(pauses).hasSize(2);
            assertThat(pauses.get(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
            assertThat(pauses.get(1)).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
            assertThat(stats.created.get()).isEqualTo(1);
            assertThat(stats.retries.get()).isEqualTo(2);
        }
    }

    @Test
    void aDuplicateAnswerIsSuccess() throws Exception {
        try (FakeServer server = new FakeServer(r -> new FakeServer.Response(200, "{\"status\":\"duplicate\",\"id\":7}"))) {
            assertThat(sender(server).send(Uploads.sample(false))).isEqualTo(ReadSender.Outcome.DUPLICATE);
            assertThat(stats.duplicates.get()).isEqualTo(1);
            assertThat(log).isEmpty();
        }
    }

    @Test
    void aClientErrorIsLoggedWithAMaskedPlateAndNotRetried() throws Exception {
        try (FakeServer server = new FakeServer(r -> new FakeServer.Response(400, "{\"detail\":\"invalid\"}"))) {
            ReadUpload upload = Uploads.sample(false);
            assertThat(sender(server).send(upload)).isEqualTo(ReadSender.Outcome.REFUSED);
            assertThat(server.requests).hasSize(1);
            assertThat(log).singleElement().asString().contains("HTTP 400").contains("01A***BC")
                    .doesNotContain("01A123BC").doesNotContain("01 A 123 BC");
        }
    }

    @Test
    void givesUpAfterTheLastAttempt() throws Exception {
        try (FakeServer server = new FakeServer(r -> new FakeServer.Response(500, ""))) {
            assertThat(sender(server).send(Uploads.sample(false))).isEqualTo(ReadSender.Outcome.GAVE_UP);
            assertThat(server.requests).hasSize(5);
            assertThat(stats.gaveUp.get()).isEqualTo(1);
            assertThat(log).singleElement().asString().contains("gave up").contains("HTTP 500");
        }
    }

    @Test
    void backoffGrowsExponentiallyWithJitterUpToTheCap() {
        RetryPolicy policy = RetryPolicy.DEFAULT;
        SplittableRandom random = new SplittableRandom(3);
        for (int attempt = 1; attempt < 12; attempt++) {
            long cap = Math.min(30_000, 500L << (attempt - 1));
            Duration delay = policy.delayAfter(attempt, random);
            assertThat(delay.toMillis()).isBetween(cap / 2, cap);
        }
    }

    @Test
    void aVendorShareGoesToTheReceiversInHikvisionAndOpenAlprFormat() throws Exception {
        try (FakeServer server = new FakeServer(r -> new FakeServer.Response(200,
                "{\"format\":\"x\",\"reads\":[{\"id\":9,\"status\":\"created\"}]}"))) {
            ReadSender sender = new ReadSender(new DeviceClient(HttpClient.newHttpClient(), server.uri()),
                    new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(2), 5), stats, log::add, pauses::add, 1);
            ReadUpload upload = Uploads.sample(false);
            assertThat(sender.send(upload)).isEqualTo(ReadSender.Outcome.CREATED);
            var request = server.requests.getLast();
            if (sender.vendorFormat(upload.eventId()) == VendorPush.Format.HIKVISION) {
                assertThat(request.path()).isEqualTo("/api/v1/receivers/hikvision");
                assertThat(request.contentType()).startsWith("multipart/form-data");
                assertThat(request.text()).contains("<eventType>ANPR</eventType>", upload.eventId());
            } else {
                assertThat(request.path()).isEqualTo("/api/v1/receivers/openalpr");
                assertThat(request.text()).contains("\"data_type\":\"alpr_group\"", upload.eventId());
            }
            // both formats take a share of the reads
            java.util.Set<VendorPush.Format> formats = java.util.EnumSet.noneOf(VendorPush.Format.class);
            for (int i = 0; i < 100; i++) {
                formats.add(sender.vendorFormat("sim-run-c1-" + i));
            }
            assertThat(formats).containsExactlyInAnyOrder(VendorPush.Format.HIKVISION, VendorPush.Format.OPENALPR);

        }
        // none at 0: all native
        ReadSender none = new ReadSender(null, RetryPolicy.DEFAULT, stats, log::add, pauses::add, 0);
        assertThat(none.vendorFormat("any-event")).isNull();
    }
}
