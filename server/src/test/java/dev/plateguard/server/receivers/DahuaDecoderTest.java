package dev.plateguard.server.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestMedia;
import dev.plateguard.server.validation.Refusal;

/** Dahua ITC: RPC2 traffic events, ITSAPI picture uploads and keep-alives, the corpus. */
class DahuaDecoderTest {

    private final DahuaDecoder decoder = new DahuaDecoder();

    private Decoded decode(byte[] json) {
        return decoder.decode(VendorPayload.of("application/json", json));
    }

    @Test
    void rpc2TrafficEventUsesRealUtcAndTheDahuaGrid() {
        Decoded decoded = decode(Fixtures.fixture("dahua/rpc2_traffic_junction.json", Map.of("PLATE", "01A123BC", "GROUP", "900")));
        assertThat(decoded.ignored()).isEqualTo(1); // the motion event beside it
        VendorRead read = decoded.reads().getFirst();
        assertThat(read.eventId()).isEqualTo("dahua:900-3301-1");
        assertThat(read.plateText()).isEqualTo("01A123BC");
        assertThat(read.capturedAt().instant()).isEqualTo(Instant.parse("2025-11-26T09:03:05.120Z")); // RealUTC, not UTC
        assertThat(read.confidence()).isEqualTo(0.87);
        assertThat(read.lane()).isEqualTo(2);
        assertThat(read.speedKmh()).isEqualTo(48.0);
        assertThat(read.box()).isEqualTo(new VendorRead.PlateBox(4096, 4096, 512, 256, VendorRead.PlateBox.Units.DAHUA_8192, 0));
    }

    @Test
    void itsapiPictureWithLocalTimeAndKeepAlive() {
        byte[] normal = TestMedia.jpeg(640, 480, "normal", 7);
        byte[] crop = TestMedia.jpeg(100, 30, "crop", 8);
        VendorRead read = decode(Fixtures.fixture("dahua/itsapi_picture.json", Map.of("PLATE", "01A123BC",
                "JPEG", Base64.getEncoder().encodeToString(normal), "CROP", Base64.getEncoder().encodeToString(crop))))
                .reads().getFirst();
        assertThat(read.capturedAt().local()).hasToString("2025-11-26T14:03:05.120");
        assertThat(read.images()).extracting(VendorRead.Image::bytes).containsExactly(normal, crop);
        assertThat(read.box()).isEqualTo(new VendorRead.PlateBox(200, 150, 80, 24, VendorRead.PlateBox.Units.PIXELS, 0));
        assertThat(read.country()).isEqualTo("UZ");
        assertThat(decode(Fixtures.fixture("dahua/keepalive.json")).heartbeat()).isNotNull();
    }

    @Test
    void sentinelPlatesAreNoPlateAndOtherDocumentsRefused() {
        VendorRead read = decode(Fixtures.fixture("dahua/rpc2_traffic_junction.json", Map.of("PLATE", "unlicensed", "GROUP", "901")))
                .reads().getFirst();
        assertThat(read.hasPlate()).isFalse();
        assertThatThrownBy(() -> decode("{\"hello\": 1}".getBytes())).isInstanceOf(Refusal.class).hasMessageContaining("eventList");
    }

    @Test
    void corpusNonMotorEventWithoutPlate() {
        VendorRead read = decode(Fixtures.sample("dahua/rpc2_notifyEventStream_TrafficJunction_nonmotor.json")).reads().getFirst();
        assertThat(read.hasPlate()).isFalse();
        assertThat(read.capturedAt().instant()).isEqualTo(Instant.ofEpochSecond(1706600095L, 305_000_000L));
        assertThat(VendorJson.MAPPER.writeValueAsString(read.vendorFields())).contains("GpsPostion", "Unknow"); // as sent
    }
}
