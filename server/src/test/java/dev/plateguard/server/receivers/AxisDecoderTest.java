package dev.plateguard.server.receivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;

/** AXIS License Plate Verifier pushes: event JSON (alone or in multipart), ONVIF XML, heartbeats, the corpus. */
class AxisDecoderTest {

    private final AxisDecoder decoder = new AxisDecoder();

    @Test
    void multipartEventWithItsPicture() {
        byte[] scene = TestMedia.jpeg(640, 480, "scene", 5);
        TestClient.Multipart form = new TestClient.Multipart()
                .part("event", null, "application/json", Fixtures.fixture("axis/event.json", Map.of("PLATE", "01A123BC", "PACKET", "812")))
                .part("image", "image.jpg", "image/jpeg", scene);
        VendorRead read = decoder.decode(VendorPayload.received(form.contentType(), form.body(), 10)).reads().getFirst();
        assertThat(read.eventId()).isEqualTo("axis:B8A44F000001-4411-812");
        assertThat(read.plateText()).isEqualTo("01A123BC");
        assertThat(read.confidence()).isEqualTo(0.8124); // a string on 0–1
        assertThat(read.country()).isEqualTo("UZ"); // alpha-3
        assertThat(read.capturedAt().instant()).isEqualTo(Instant.ofEpochMilli(1764151385120L));
        assertThat(read.box()).isEqualTo(new VendorRead.PlateBox(200, 150, 80, 24, VendorRead.PlateBox.Units.PIXELS, 0));
        assertThat(read.images()).singleElement().extracting(VendorRead.Image::bytes).isEqualTo(scene);
        assertThat(read.vehicle()).isEqualTo(new VendorRead.Vehicle("CAR", "WHITE", null));
    }

    @Test
    void localDatetimeWithoutZoneIsLeftForTheCameraZoneAndAPlateCropHasNoBox() {
        VendorRead read = decoder.decode(VendorPayload.of("application/json",
                Fixtures.fixture("axis/event_local_time.json", Map.of("PLATE", "SL123")))).reads().getFirst();
        assertThat(read.capturedAt().local()).isEqualTo(LocalDateTime.parse("2025-11-26T14:03:05.120"));
        assertThat(read.box()).isNull();
        assertThat(ReadMapper.plateText(read.plateText())).isEqualTo("TOLSL123"); // the umlaut folded
        assertThat(read.country()).isEqualTo("DE");
    }

    @Test
    void onvifEventAndSingleQuotedHeartbeat() {
        VendorRead onvif = decoder.decode(VendorPayload.of("application/xml",
                Fixtures.fixture("axis/alpv_onvif.xml", Map.of("PLATE", "01A123BC")))).reads().getFirst();
        assertThat(onvif.plateText()).isEqualTo("01A123BC");
        assertThat(onvif.capturedAt().instant()).isEqualTo(Instant.ofEpochMilli(1764151385120L));
        assertThat(onvif.vendorFields()).containsEntry("topic", "tnsaxis:CameraApplicationPlatform/ALPV.AllPlates");
        Decoded beat = decoder.decode(VendorPayload.of("application/json",
                Fixtures.fixture("axis/heartbeat_single_quotes.json", Map.of("TIMESTAMP", "2025-11-26T09:03:05.000Z"))));
        assertThat(beat.heartbeat().firmware()).isEqualTo("2.9.4");
        assertThat(beat.heartbeat().deviceTime().instant()).isEqualTo(Instant.parse("2025-11-26T09:03:05Z"));
    }

    @Test
    void corpus() {
        VendorRead kyiv = decoder.decode(VendorPayload.of("application/json", Fixtures.sample("axis/axis_lpv_fflprapp_event_parkpow.json")))
                .reads().getFirst();
        assertThat(kyiv.plateText()).isEqualTo("RLE11684");
        assertThat(kyiv.capturedAt().instant()).isEqualTo(Instant.ofEpochMilli(1623405938252L)); // not the local datetime
        assertThat(kyiv.country()).isEqualTo("PL");
        VendorRead blocklist = decoder.decode(VendorPayload.of("application/json",
                Fixtures.sample("axis/axis_lpv_http_push_new_blocklist_doc.json"))).reads().getFirst();
        assertThat(blocklist.images()).hasSize(1); // a base64 PNG although it says jpg
        assertThat(ReadMapper.plateText(blocklist.plateText())).isEqualTo("TOLSL123");
        assertThat(decoder.decode(VendorPayload.of("application/json", Fixtures.sample("axis/axis_lpv_http_push_update_doc.json")))
                .reads().getFirst().plateText()).isEqualTo("HWR6677");
        assertThat(decoder.decode(VendorPayload.of("application/xml", Fixtures.sample("axis/axis_lpv_vapix_ALPV.AllPlates_new_doc.xml")))
                .reads().getFirst().country()).isEqualTo("PT");
    }
}
