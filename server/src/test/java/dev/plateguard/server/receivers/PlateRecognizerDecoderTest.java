package dev.plateguard.server.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestMedia;
import dev.plateguard.server.validation.Refusal;

/** Plate Recognizer Snapshot and Stream webhooks: JSON, url-encoded and multipart transports, then the corpus. */
class PlateRecognizerDecoderTest {

    private final PlateRecognizerDecoder decoder = new PlateRecognizerDecoder();

    @Test
    void streamWebhookAsJson() {
        Decoded decoded = decoder.decode(VendorPayload.of("application/json",
                Fixtures.fixture("platerecognizer/stream_webhook.json", Map.of("PLATE_LOWER", "01a123bc"))));
        VendorRead read = decoded.reads().getFirst();
        assertThat(read.plateText()).isEqualTo("01a123bc");
        assertThat(read.confidence()).isEqualTo(0.912);
        assertThat(read.country()).isEqualTo("UZ");
        assertThat(read.capturedAt().instant()).isEqualTo(Instant.parse("2025-11-26T09:03:05.120Z"));
        assertThat(read.direction()).isEqualTo(95);
        assertThat(read.vehicle()).isEqualTo(new VendorRead.Vehicle("Sedan", "white", "Chevrolet"));
        assertThat(read.box()).as("no picture came with it").isNull();
        assertThat(read.candidates()).hasSize(2);
        assertThat(PayloadSecrets.strip(read.vendorFields()).toString()).contains("rtsp://10.0.0.9/live").doesNotContain("hunter2");
    }

    @Test
    void multipartWithUploadCarriesThePictureAndTheBox() {
        byte[] jpeg = TestMedia.jpeg(640, 480, "01A123BC", 3);
        byte[] json = Fixtures.fixture("platerecognizer/stream_webhook.json", Map.of("PLATE_LOWER", "01a123bc"));
        String boundary = "pgtestboundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n").getBytes());
        body.writeBytes(json);
        body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"x.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes());
        body.writeBytes(jpeg);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes());
        VendorRead read = decoder.decode(VendorPayload.received("multipart/form-data; boundary=" + boundary, body.toByteArray(), 10))
                .reads().getFirst();
        assertThat(read.images()).singleElement().extracting(VendorRead.Image::bytes).isEqualTo(jpeg);
        assertThat(read.box()).isEqualTo(new VendorRead.PlateBox(120, 300, 100, 30, VendorRead.PlateBox.Units.PIXELS, 0));
    }

    @Test
    void urlEncodedJsonFieldAndVehicleModeWithATimestampWithoutZoneReadAsUtc() {
        String json = new String(Fixtures.fixture("platerecognizer/snapshot_vehicle_mode_no_zone.json",
                Map.of("PLATE_LOWER", "01a123bc")), StandardCharsets.UTF_8);
        byte[] form = ("json=" + URLEncoder.encode(json, StandardCharsets.UTF_8)).getBytes();
        VendorRead read = decoder.decode(VendorPayload.of("application/x-www-form-urlencoded", form)).reads().getFirst();
        assertThat(read.plateText()).isEqualTo("01a123bc");
        assertThat(read.confidence()).isEqualTo(0.88);
        assertThat(read.capturedAt().instant()).isEqualTo(Instant.parse("2025-11-26T09:03:05.120Z"));
        assertThat(read.vehicle()).isEqualTo(new VendorRead.Vehicle("SUV", "black", "Kia"));
    }

    @Test
    void emptyResultsAreANoPlateEventAndOtherMediaAreRefused() {
        Decoded empty = decoder.decode(VendorPayload.of("application/json", Fixtures.fixture("platerecognizer/snapshot_empty.json")));
        assertThat(empty.reads()).singleElement().satisfies(r -> assertThat(r.hasPlate()).isFalse());
        assertThatThrownBy(() -> decoder.decode(VendorPayload.of("text/csv", "a,b".getBytes())))
                .isInstanceOf(Refusal.class).hasMessageContaining("text/csv");
        assertThatThrownBy(() -> decoder.decode(VendorPayload.of("application/json", "{\"results\": 5}".getBytes())))
                .isInstanceOf(Refusal.class).hasMessageContaining("results");
    }

    @Test
    void corpus() {
        for (String name : new String[] {"snapshot_response_mmc_doc_WITH_COMMENT.json", "snapshot_response_detection_mode_vehicle_doc.json",
                "webhook_snapshot_image_done_doc.json", "webhook_snapshot_2019_results_object_doc.json", "snapshot_response_2019_doc.json",
                "stream_output_vehicle_mode_doc2021.json", "stream_webhook_recognition_gist_danleyb2_RECONSTRUCTED.json",
                "snapshot_sdk_response_gist_danleyb2_RECONSTRUCTED.json", "snapshot_response_real_fr_plate_parkpow.json"}) {
            Decoded decoded = decoder.decode(VendorPayload.of("application/json", Fixtures.sample("platerecognizer/" + name)));
            assertThat(decoded.reads()).as(name).isNotEmpty().allSatisfy(r -> {
                assertThat(r.hasPlate()).as(name).isTrue();
                assertThat(r.confidence()).as(name).isBetween(0.0, 1.0);
            });
        }
        VendorRead fr = decoder.decode(VendorPayload.of("application/json",
                Fixtures.sample("platerecognizer/snapshot_response_real_fr_plate_parkpow.json"))).reads().getFirst();
        assertThat(fr.plateText()).isEqualTo("mw818wm");
        assertThat(fr.confidence()).isEqualTo(1.0); // an integer score
        assertThat(decoder.decode(VendorPayload.of("application/json",
                Fixtures.sample("platerecognizer/snapshot_sdk_response_doc_WITH_COMMENT.json"))).reads())
                .singleElement().satisfies(r -> assertThat(r.hasPlate()).isFalse());
        assertThat(decoder.decode(VendorPayload.of("application/json",
                Fixtures.sample("platerecognizer/snapshot_response_real_empty_results_parkpow.json"))).reads())
                .singleElement().satisfies(r -> assertThat(r.hasPlate()).isFalse());
    }
}
