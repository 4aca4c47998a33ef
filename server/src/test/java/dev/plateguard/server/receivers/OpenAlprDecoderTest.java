package dev.plateguard.server.receivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestMedia;
import dev.plateguard.server.validation.Refusal;

/** OpenALPR / Rekor agent payloads: the project's fixtures, then the real samples of the shared corpus. */
class OpenAlprDecoderTest {

    private final OpenAlprDecoder decoder = new OpenAlprDecoder();

    private Decoded decode(byte[] json) {
        return decoder.decode(VendorPayload.of("application/json", json));
    }

    @Test
    void groupIsOneReadWithTheFrameAsFirstImageAndConfidenceOnZeroToOne() {
        byte[] overview = TestMedia.jpeg(640, 480, "01A123BC", 1);
        Decoded decoded = decode(Fixtures.fixture("openalpr/alpr_group_v2.json", Map.of("PLATE", "01A123BC",
                "REGION", "us-ny", "OVERVIEW", Base64.getEncoder().encodeToString(overview))));
        assertThat(decoded.reads()).hasSize(1);
        VendorRead read = decoded.reads().getFirst();
        assertThat(read.eventId()).isEqualTo("openalpr:PGTESTAGENT-71-1764151385520");
        assertThat(read.capturedAt().instant()).isEqualTo(Instant.ofEpochMilli(1764151385120L));
        assertThat(read.plateText()).isEqualTo("01A123BC");
        assertThat(read.confidence()).isEqualTo(0.9162, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(read.country()).isEqualTo("US");
        assertThat(read.candidates()).extracting(VendorRead.Candidate::text).containsExactly("01A123BC", "01A123BC0");
        assertThat(read.box()).isEqualTo(new VendorRead.PlateBox(300, 200, 80, 30, VendorRead.PlateBox.Units.PIXELS, 0));
        assertThat(read.images()).hasSize(1); // the crop is a documentation placeholder, not a picture
        assertThat(read.images().getFirst().bytes()).isEqualTo(overview);
        assertThat(read.direction()).isEqualTo(272);
        assertThat(read.vehicle()).isEqualTo(new VendorRead.Vehicle("sedan-standard", "white", "chevrolet"));
        assertThat(read.vendorFields()).containsKeys("agent_uid", "uuids", "web_server_config").doesNotContainKey("overview_jpeg");
    }

    @Test
    void aBareStateIsNoCountryAndAGroupWithoutOverviewHasNoBox() {
        VendorRead read = decode(Fixtures.fixture("openalpr/alpr_group_v2.json",
                Map.of("PLATE", "01A123BC", "REGION", "mo", "OVERVIEW", ""))).reads().getFirst();
        assertThat(read.country()).isNull(); // "mo" is Missouri in old agents, not Macao
        assertThat(read.box()).isNull();
        assertThat(read.images()).isEmpty();
    }

    @Test
    void resultsAreOneReadPerPlateAndSecondsAreToldFromMilliseconds() {
        Decoded frame = decode(Fixtures.fixture("openalpr/alpr_results_v2.json", Map.of("PLATE", "01A123BC", "PLATE2", "10B456CD")));
        assertThat(frame.reads()).extracting(VendorRead::eventId)
                .containsExactly("openalpr:PGTESTAGENT-72-1764151385120-0", "openalpr:PGTESTAGENT-72-1764151385120-1");
        assertThat(frame.reads()).extracting(VendorRead::plateText).containsExactly("01A123BC", "10B456CD");
        assertThat(frame.reads().get(1).country()).isNull();
        Decoded alprd = decode(Fixtures.fixture("openalpr/alprd_v1_seconds.json", Map.of("PLATE", "01A123BC")));
        assertThat(alprd.reads().getFirst().capturedAt().instant()).isEqualTo(Instant.ofEpochSecond(1764151385L));
    }

    @Test
    void heartbeatKeepsTheBigDiskNumberExactlyAndItsSecretsAreStrippedBeforeStorage() {
        Decoded decoded = decode(Fixtures.fixture("openalpr/heartbeat_v2.json", Map.of("TIMESTAMP", "1764151385120")));
        VendorHeartbeat beat = decoded.heartbeat();
        assertThat(decoded.reads()).isEmpty();
        assertThat(beat.diskFreeBytes()).isEqualTo(9007199254740993L); // 2^53 + 1: a double would lose it
        assertThat(beat.queueDepth()).isEqualTo(7);
        assertThat(beat.firmware()).isEqualTo("2.8.101");
        assertThat(beat.status()).isEqualTo("ok");
        String stored = PayloadSecrets.strip(beat.details()).toString();
        assertThat(stored).doesNotContain("pg-test-licence-key", "s3cret-pass", "other-secret", "99990000")
                .contains("rtsp://10.20.0.7:554/Streaming/Channels/101");
    }

    @Test
    void previewsAreIgnoredAndUnknownTypesRefused() {
        assertThat(decode("""
                {"data_type":"alpr_group","is_preview":true,"best_uuid":"a-1-1","epoch_start":1764151385120}
                """.getBytes()).ignored()).isEqualTo(1);
        assertThatThrownBy(() -> decode("{\"data_type\":\"alpr_bogus\"}".getBytes())).isInstanceOf(Refusal.class)
                .hasMessageContaining("alpr_bogus");
        assertThatThrownBy(() -> decoder.decode(VendorPayload.of("application/xml", "<a/>".getBytes())))
                .isInstanceOf(Refusal.class).extracting(e -> ((Refusal) e).kind()).isEqualTo(Refusal.Kind.UNSUPPORTED_MEDIA);
    }

    // ---- the shared corpus of real payloads ----

    @Test
    void corpusGroupsOfEveryVersion() {
        VendorRead captured = decode(Fixtures.sample("openalpr/alpr_group_v2_agent2.8.101_captured_bom.json")).reads().getFirst();
        assertThat(captured.plateText()).isEqualTo("A424761"); // best_plate_number, not the hand-edited best_plate.plate
        assertThat(captured.images()).isNotEmpty(); // real base64 JPEGs after a UTF-8 byte-order mark
        VendorRead v3 = decode(Fixtures.sample("openalpr/alpr_group_v3_agent4.1.1_rekor_test.json")).reads().getFirst();
        assertThat(v3.plateText()).isEqualTo("19462SH");
        assertThat(v3.country()).isEqualTo("US");
        assertThat(v3.capturedAt().instant()).isEqualTo(Instant.ofEpochMilli(1634475947845L));
        assertThat(decode(Fixtures.sample("openalpr/alpr_group_v1_doc2016.json")).reads()).hasSize(1);
        assertThat(decode(Fixtures.sample("openalpr/alpr_group_agent2.7.101_doc.json")).reads().getFirst().confidence())
                .isBetween(0.0, 1.0);
        VendorRead alert = decode(Fixtures.sample("openalpr/alpr_alert_v1_rekor_test.json")).reads().getFirst();
        assertThat(alert.eventId()).isEqualTo(v3.eventId()).as("an alert is the group it wraps");
        VendorRead vehicle = decode(Fixtures.sample("openalpr/vehicle_v3_agent4.1.1_rekor_test.json")).reads().getFirst();
        assertThat(vehicle.hasPlate()).isFalse();
        assertThat(vehicle.images()).isNotEmpty(); // a plateless vehicle with pictures: for recognition
    }

    @Test
    void corpusResultsAndHeartbeats() {
        Decoded alprd = decode(Fixtures.sample("openalpr/alpr_results_opensource_alprd_v1_doc2016.json"));
        assertThat(alprd.reads()).hasSize(2);
        assertThat(alprd.reads().getFirst().capturedAt().instant()).isEqualTo(Instant.ofEpochSecond(1402161050L));
        assertThat(decode(Fixtures.sample("openalpr/alpr_results_agent2.7.101_doc.json")).reads().getFirst().country()).isEqualTo("US");
        assertThat(decode(Fixtures.sample("openalpr/alpr_results_agent2.3.111_doc2018.json")).reads().getFirst().country()).isNull();
        assertThat(decode(Fixtures.sample("openalpr/heartbeat_agent2.7.101_doc.json")).heartbeat().diskFreeBytes())
                .isEqualTo(8031714103340852224L);
        assertThat(decode(Fixtures.sample("openalpr/heartbeat_agent3.0.1_doc2017.json")).heartbeat()).isNotNull();
        assertThat(PayloadSecrets.strip(decode(Fixtures.sample("openalpr/heartbeat_v1_doc2016.json")).heartbeat().details()))
                .containsKey("video_streams");
    }

    @Test
    void corpusDocumentsThatAreNotJsonAreRefusedNamingWhere() {
        Fixtures.corpus(); // skipped without the shared corpus, before a missing file could look like a refusal
        for (String invalid : new String[] {"openalpr/alpr_group_agent2.6.101_doc2018_INVALIDJSON.json",
                "openalpr/heartbeat_agent2.6.101_doc2018_INVALIDJSON.json", "openalpr/alpr_group_agent2.5.101_doc2017_INVALIDJSON.json"}) {
            assertThatThrownBy(() -> decode(Fixtures.sample(invalid))).as(invalid).isInstanceOf(Refusal.class)
                    .hasMessageContaining("line");
        }
    }
}
