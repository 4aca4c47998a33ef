package dev.plateguard.server.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;
import dev.plateguard.server.validation.Refusal;

/** Hikvision ISAPI EventNotificationAlert: ANPR with pictures in multipart, heartbeats, hostile XML, the corpus. */
class HikvisionDecoderTest {

    private final HikvisionDecoder decoder = new HikvisionDecoder();

    static byte[] anpr(String plate, String uuid) {
        return anpr(plate, uuid, "2025-11-26T14:03:05+05:00");
    }

    static byte[] anpr(String plate, String uuid, String dateTime) {
        return Fixtures.fixture("hikvision/anpr.xml", Map.of("PLATE", plate, "UUID", uuid, "DATETIME", dateTime));
    }

    @Test
    void anprInMultipartPutsTheBoxedPictureFirst() {
        byte[] crop = TestMedia.jpeg(120, 40, "crop", 1);
        byte[] scene = TestMedia.jpeg(640, 480, "scene", 2);
        TestClient.Multipart form = new TestClient.Multipart()
                .part("anpr.xml", "anpr.xml", "application/xml", anpr("01A123BC", "pg-uuid-1"))
                .part("licensePlatePicture.jpg", "licensePlatePicture.jpg", "image/jpeg", crop)
                .part("detectionPicture.jpg", "detectionPicture.jpg", "image/jpeg", scene);
        VendorRead read = decoder.decode(VendorPayload.received(form.contentType(), form.body(), 10)).reads().getFirst();
        assertThat(read.eventId()).isEqualTo("hikvision:pg-uuid-1");
        assertThat(read.plateText()).isEqualTo("01A123BC");
        assertThat(read.confidence()).isEqualTo(0.96);
        assertThat(read.capturedAt().instant()).isEqualTo(Instant.parse("2025-11-26T09:03:05Z"));
        assertThat(read.speedKmh()).isEqualTo(57.0);
        assertThat(read.images()).extracting(VendorRead.Image::bytes).containsExactly(scene, crop);
        assertThat(read.box()).isEqualTo(new VendorRead.PlateBox(200, 150, 80, 24, VendorRead.PlateBox.Units.PIXELS, 0));
        @SuppressWarnings("unchecked")
        Map<String, Object> anpr = (Map<String, Object>) read.vendorFields().get("ANPR");
        assertThat(anpr).containsKeys("plateCharBelieve", "direction");
        assertThat(read.vendorFields().toString()).contains("vehileSubLogoRecog"); // kept as the camera spells it
    }

    @Test
    void heartbeatAndInactiveEventsAreHeartbeatsOtherEventsIgnored() {
        Decoded beat = decoder.decode(VendorPayload.of("application/xml",
                Fixtures.fixture("hikvision/heartbeat.xml", Map.of("DATETIME", "2025-11-26T14:03:05+05:00"))));
        assertThat(beat.heartbeat().deviceTime().instant()).isEqualTo(Instant.parse("2025-11-26T09:03:05Z"));
        assertThat(decoder.decode(VendorPayload.of("text/xml", """
                <EventNotificationAlert><eventType>VMD</eventType><eventState>active</eventState></EventNotificationAlert>
                """.getBytes())).ignored()).isEqualTo(1);
    }

    @Test
    void hostileOrForeignXmlIsRefused() {
        String xxe = """
                <?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <EventNotificationAlert><eventType>&x;</eventType></EventNotificationAlert>""";
        assertThatThrownBy(() -> decoder.decode(VendorPayload.of("application/xml", xxe.getBytes())))
                .isInstanceOf(Refusal.class).hasMessageContaining("DOCTYPE");
        assertThatThrownBy(() -> decoder.decode(VendorPayload.of("application/xml", "<Other/>".getBytes())))
                .isInstanceOf(Refusal.class).hasMessageContaining("EventNotificationAlert");
        assertThatThrownBy(() -> decoder.decode(VendorPayload.of("application/xml", "<EventNotificationAlert>".getBytes())))
                .isInstanceOf(Refusal.class).hasMessageContaining("well-formed");
        assertThatThrownBy(() -> decoder.decode(VendorPayload.of("application/json", "{}".getBytes())))
                .isInstanceOf(Refusal.class).extracting(e -> ((Refusal) e).kind()).isEqualTo(Refusal.Kind.UNSUPPORTED_MEDIA);
    }

    @Test
    void corpus() {
        VendorRead detected = decoder.decode(VendorPayload.of("application/xml",
                Fixtures.sample("hikvision/anpr_ver20_plate_detected_hikvision_next.xml"))).reads().getFirst();
        assertThat(detected.plateText()).isEqualTo("KH35192");
        assertThat(detected.capturedAt().instant()).isEqualTo(Instant.parse("2023-08-11T12:49:00Z"));
        assertThat(detected.confidence()).isEqualTo(1.0);
        VendorRead parkpow = decoder.decode(VendorPayload.of("application/xml",
                Fixtures.sample("hikvision/anpr_ver20_parkpow_so77843753.xml"))).reads().getFirst();
        assertThat(parkpow.plateText()).isEqualTo("PECT600");
        VendorRead unknown = decoder.decode(VendorPayload.of("application/xml",
                Fixtures.sample("hikvision/anpr_ver20_plate_unknown_hikvision_next.xml"))).reads().getFirst();
        assertThat(unknown.hasPlate()).isFalse();
        assertThat(decoder.decode(VendorPayload.of("application/xml",
                Fixtures.sample("hikvision/heartbeat_heartBeat_active_subscription_sdkguide_isapi.com_ns.xml"))).heartbeat()).isNotNull();
        assertThat(decoder.decode(VendorPayload.of("application/xml",
                Fixtures.sample("hikvision/heartbeat_videoloss_inactive_sdkguide_isapi.com_ns.xml"))).heartbeat()).isNotNull();
    }
}
