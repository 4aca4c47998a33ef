package dev.plateguard.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.plates.PlateText;
import dev.plateguard.simulator.render.OverviewRenderer;
import dev.plateguard.simulator.traffic.Sighting;

class ReadComposerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The fields docs/ingest.md defines; the server rejects any other. */
    private static final Set<String> FIELDS = Set.of("eventId", "capturedAt", "plate", "plateBox", "vehicle", "speedKmh",
            "lane", "direction", "signal", "occupants");

    @Test
    void metadataFollowsTheDeviceProtocol() throws IOException {
        ReadUpload upload = Uploads.sample(false);
        JsonNode m = JSON.readTree(upload.metadataJson());
        assertThat(m.propertyNames()).isSubsetOf(FIELDS);
        assertThat(m.get("eventId").asString()).matches("[A-Za-z0-9][A-Za-z0-9._:/+=@-]{0,127}").isEqualTo(upload.eventId())
                .startsWith("sim-t1-c17-20261126T140305.120-");
        assertThat(m.get("capturedAt").asString()).isEqualTo("2026-11-26T14:03:05.120+05:00");
        JsonNode plate = m.get("plate");
        assertThat(plate.get("country").asString()).isEqualTo("UZ");
        assertThat(plate.get("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(plate.get("candidates").size()).isBetween(1, 10);
        if (plate.get("text").asString().contains(" ")) {
            assertThat(plate.get("text").asString()).isEqualTo("01 A 123 BC");
        }
        assertThat(plate.get("candidates")).allSatisfy(c -> {
            assertThat(PlateText.isNormalized(c.get("text").asString())).isTrue();
            assertThat(c.get("confidence").asDouble()).isBetween(0.0, 1.0);
        });
        assertThat(m.get("vehicle").get("make").asString()).isEqualTo("Chevrolet Nexia");
        assertThat(m.get("speedKmh").isDouble()).isTrue();
        assertThat(m.get("lane").isInt()).isTrue();
        assertThat(m.get("direction").asInt()).isBetween(0, 359);
        assertThat(m.get("signal").get("state").asString()).isEqualTo("red");
        OffsetDateTime redSince = OffsetDateTime.parse(m.get("signal").get("redSince").asString());
        assertThat(redSince).isBefore(OffsetDateTime.parse(m.get("capturedAt").asString()));
        JsonNode occupants = m.get("occupants");
        assertThat(occupants.get("driverSeatbelt").get("value").asBoolean()).isFalse();
        assertThat(occupants.get("phoneUse").get("value").asBoolean()).isTrue();
        assertThat(occupants.has("passengerSeatbelt")).isFalse();
    }

    @Test
    void thePlateCropComesFirstAndThePlateBoxLiesInsideIt() throws IOException {
        ReadUpload upload = Uploads.sample(false);
        assertThat(upload.images()).extracting(ImagePart::contentType).containsExactly("image/jpeg", "image/jpeg");
        BufferedImage crop = ImageIO.read(new ByteArrayInputStream(upload.images().get(0).bytes()));
        BufferedImage overview = ImageIO.read(new ByteArrayInputStream(upload.images().get(1).bytes()));
        JsonNode box = JSON.readTree(upload.metadataJson()).get("plateBox");
        assertThat(box.get("x").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(box.get("y").asInt()).isGreaterThanOrEqualTo(0);
        assertThat(box.get("x").asInt() + box.get("width").asInt()).isLessThanOrEqualTo(crop.getWidth());
        assertThat(box.get("y").asInt() + box.get("height").asInt()).isLessThanOrEqualTo(crop.getHeight());
        assertThat(overview.getWidth()).isEqualTo(OverviewRenderer.WIDTH);
        assertThat(overview.getHeight()).isEqualTo(OverviewRenderer.HEIGHT);
        // Small enough for several reads a second: tens of kilobytes.
        assertThat(upload.images().get(0).bytes().length).isLessThan(40_000);
        assertThat(upload.images().get(1).bytes().length).isLessThan(150_000);
    }

    @Test
    void imageOnlyReadsCarryNoPlateText() throws IOException {
        JsonNode m = JSON.readTree(Uploads.sample(true).metadataJson());
        assertThat(m.has("plate")).isFalse();
        assertThat(m.has("plateBox")).isTrue();
    }

    @Test
    void aShareOfReadsIsImageOnly() throws IOException {
        ReadComposer composer = new ReadComposer(Uploads.RENDERER, new PlateRecogniser(), 0.3, "t1");
        SplittableRandom random = new SplittableRandom(11);
        int without = 0;
        int reads = 200;
        for (int i = 0; i < reads; i++) {
            ReadUpload upload = composer.compose(Uploads.redLightRunner(), i, random);
            JsonNode m = JSON.readTree(upload.metadataJson());
            assertThat(m.has("plate")).isEqualTo(upload.metadata().plate() != null);
            // Either way the camera sends both images, and the crop shows the vehicle's own plate.
            assertThat(upload.images()).hasSize(2);
            if (!m.has("plate")) {
                without++;
            }
        }
        // 60 expected; three standard deviations (6.5) either side.
        assertThat(without).isBetween(40, 80);
        assertThatThrownBy(() -> new ReadComposer(Uploads.RENDERER, new PlateRecogniser(), 1.2, "t1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signalIsSentOnlyByRedLightCameras() throws IOException {
        Sighting s = Uploads.redLightRunner();
        var speedCamera = new dev.plateguard.simulator.network.DeployedCamera(18, 1, "Speed 2", dev.plateguard.simulator.network.CameraKind.SPEED,
                0, List.of(1, 2), 50, "pgd_test");
        Sighting atSpeedCamera = new Sighting(s.tripId(), s.route(), s.leg(), s.vehicle(), s.site(), speedCamera, s.capturedAt(),
                s.speedKmh(), 1, s.direction(), null, s.occupants(), Set.of());
        ReadUpload upload = new ReadComposer(Uploads.RENDERER, new PlateRecogniser(), false, "t1")
                .compose(atSpeedCamera, 2, new SplittableRandom(1));
        assertThat(JSON.readTree(upload.metadataJson()).has("signal")).isFalse();
    }

    @Test
    void theMultipartBodyHasTheMetadataPartAndTwoImages() {
        ReadUpload upload = Uploads.sample(false);
        MultipartBody body = MultipartBody.of(upload);
        String text = new String(body.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("--" + body.boundary() + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json");
        assertThat(text.split("name=\"image\"", -1)).hasSize(3);
        assertThat(text).endsWith("--" + body.boundary() + "--\r\n");
    }

    @Test
    void theRecogniserMostlyReadsTheTruthAndListsItWhenWrong() {
        var plate = Uploads.redLightRunner().vehicle().plate();
        PlateRecogniser recogniser = new PlateRecogniser();
        SplittableRandom random = new SplittableRandom(9);
        int misreads = 0;
        for (int i = 0; i < 2000; i++) {
            PlateRecogniser.Reading reading = recogniser.read(plate, true, false, random);
            if (reading.misread()) {
                misreads++;
                assertThat(reading.candidates()).extracting(ReadMetadata.Candidate::text).contains(plate.text());
                assertThat(reading.text()).isNotEqualTo(plate.text());
            } else {
                assertThat(reading.text()).isEqualTo(plate.display());
            }
            assertThat(reading.candidates().getFirst().confidence()).isEqualTo(reading.confidence());
            assertThat(reading.candidates()).extracting(ReadMetadata.Candidate::text).doesNotHaveDuplicates();
        }
        assertThat(misreads / 2000.0).isBetween(0.04, 0.12);
    }
}
