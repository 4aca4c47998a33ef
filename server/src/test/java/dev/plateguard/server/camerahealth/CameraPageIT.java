package dev.plateguard.server.camerahealth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;
import dev.plateguard.server.security.BrowserSession;
import dev.plateguard.server.security.SecurityTestSupport;

/** The camera's page: what it is, its last image, and a sparkline drawn from the reads it sent. */
class CameraPageIT extends IngestSupport {

    private static final Pattern BAR = Pattern.compile("<rect[^>]*class=\"spark-bar\"[^>]*>");

    /** Each bar's reads and height, oldest hour first. */
    private record Bar(int reads, int height) {
    }

    private static List<Bar> bars(String html) {
        List<Bar> bars = new ArrayList<>();
        Matcher m = BAR.matcher(html);
        while (m.find()) {
            bars.add(new Bar(attribute(m.group(), "data-reads"), attribute(m.group(), "height")));
        }
        return bars;
    }

    private static int attribute(String element, String name) {
        Matcher m = Pattern.compile(" " + name + "=\"(\\d+)\"").matcher(element);
        assertThat(m.find()).as(name + " in " + element).isTrue();
        return Integer.parseInt(m.group(1));
    }

    private static String at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.ofHours(5)).toString();
    }

    @Test
    void showsTheCameraItsLastImageAndASparklineOfItsReads() {
        TestClient.Device device = client().device(admin());
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
        // Three reads five hours back, one two hours back (ten minutes into each hour, so the hours are clear).
        for (int i = 0; i < 3; i++) {
            createRead(device, eventId(), at(hour.minus(Duration.ofHours(5)).plus(Duration.ofMinutes(10 + i))), uniquePlate());
        }
        long last = createRead(device, eventId(), at(hour.minus(Duration.ofHours(2)).plus(Duration.ofMinutes(10))),
                uniquePlate());
        String sha = jdbc.sql("select sha256 from read_evidence where read_id = ?").param(last).query(String.class).single();
        String name = jdbc.sql("select name from camera where id = ?").param(device.cameraId()).query(String.class).single();

        var operator = SecurityTestSupport.person(client(), admin(), "OPERATOR");
        BrowserSession browser = new BrowserSession(client());
        browser.login(operator.username(), operator.password());
        TestClient.Response page = browser.get("/cameras/" + device.cameraId());
        assertThat(page.status()).isEqualTo(200);
        String html = page.text();
        assertThat(html).contains(name, "/evidence/" + sha, "60 km/h", "Asia/Tashkent",
                "/search?camera=" + device.cameraId(), "class=\"sparkline\"");

        List<Bar> bars = bars(html);
        assertThat(bars).hasSize(24);
        List<Integer> busy = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            if (bars.get(i).reads() > 0) {
                busy.add(i);
            }
        }
        assertThat(busy).hasSize(2);
        assertThat(busy.get(1) - busy.get(0)).as("three hours apart").isEqualTo(3);
        assertThat(busy.get(1)).as("two hours before the current, last, bar").isBetween(20, 21);
        assertThat(bars.get(busy.get(0))).isEqualTo(new Bar(3, 40));
        assertThat(bars.get(busy.get(1))).isEqualTo(new Bar(1, 13));

        List<Bar> week = bars(browser.get("/cameras/" + device.cameraId() + "?span=week").text());
        assertThat(week).hasSize(168);
        assertThat(week.stream().mapToInt(Bar::reads).sum()).isEqualTo(4);

        // The list links here, the old address leads here, an unknown camera is the 404 page.
        assertThat(browser.get("/cameras").text()).contains("href=\"/cameras/" + device.cameraId() + "\"");
        TestClient.Response old = browser.get("/cameras/" + device.cameraId() + "/health");
        assertThat(old.status()).isEqualTo(302);
        assertThat(BrowserSession.redirectPath(old)).isEqualTo("/cameras/" + device.cameraId());
        TestClient.Response unknown = browser.get("/cameras/987654321");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("text/html");
    }
}
