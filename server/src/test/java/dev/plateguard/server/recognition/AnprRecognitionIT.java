package dev.plateguard.server.recognition;

import dev.plateguard.anpr.OnnxTestModels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

import dev.plateguard.anpr.PlateResult;
import dev.plateguard.anpr.Recogniser;
import dev.plateguard.anpr.RecogniserOptions;
import dev.plateguard.anpr.Recognition;

/**
 * The server with the real recogniser (module anpr, ONNX Runtime): on tiny ONNX models written by the test (a
 * detector that finds white rectangles, a reader that always spells one text), so that the exact result is known;
 * and the server's own {@link AnprPlateReader} bean, configured as in production, on the bundled models: with
 * them, the server must record exactly what the library reads from the same image; without them, it must say so
 * and keep image-only reads waiting.
 */
class AnprRecognitionIT extends RecognitionSupport {

    @TempDir
    Path dir;

    @Autowired
    AnprPlateReader production;

    /** A black 320 × 240 PNG with a white 48 × 12 plate centred on detector cell (30, 20), plus a unique pixel. */
    private static byte[] scene(boolean withPlate) {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, 320, 240);
        if (withPlate) {
            g.setColor(Color.WHITE);
            g.fillRect(4 * 30 + 2 - 24, 4 * 20 + 2 - 6, 48, 12);
        }
        g.dispose();
        ThreadLocalRandom r = ThreadLocalRandom.current();
        img.setRGB(r.nextInt(300, 320), r.nextInt(0, 20), r.nextInt(1, 0x3f3f3f)); // a unique hash, far from the plate
        return png(img);
    }

    private static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plate drawn with Java2D: white, black border, black text, on a grey car-ish background. */
    private static byte[] drawnPlate(String text) {
        BufferedImage img = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(70, 74, 80));
        g.fillRect(0, 0, 640, 360);
        g.setColor(Color.WHITE);
        g.fillRect(200, 200, 260, 56);
        g.setColor(Color.BLACK);
        g.drawRect(202, 202, 255, 51);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 40));
        g.drawString(text.substring(0, 2) + " " + text.substring(2, 3) + " " + text.substring(3, 6) + " " + text.substring(6),
                214, 243);
        g.dispose();
        img.setRGB(ThreadLocalRandom.current().nextInt(0, 100), 5, 0x102030);
        return png(img);
    }

    @Test
    void theRealRecogniserOnModelsFromAConfiguredDirectory() throws Exception {
        String text = uzPlate();
        OnnxTestModels.write(dir.resolve("models"), 320, 48, 12, OnnxTestModels.spelling(text, 0.9), "server-test-1");
        AnprPlateReader anpr = new AnprPlateReader(RecognitionSettings.defaults().withModels(dir.resolve("models").toString()));
        try (var using = reader.use(anpr)) {
            assertThat(anpr.state().available()).as(String.valueOf(anpr.state().problem())).isTrue();
            assertThat(anpr.state().modelVersion()).isEqualTo("server-test-1");
            assertThat(anpr.state().source()).isEqualTo(dir.resolve("models").toString());

            var device = client().device(admin());
            byte[] plate = scene(true);
            byte[] empty = scene(false);
            long readId = postImageOnly(device, plate, Map.of("speedKmh", 55.0));
            long emptyId = postImageOnly(device, empty);
            awaitRecognitions(readId, 1);
            awaitRecognitions(emptyId, 1);

            var rec = recognitionRows(readId).getFirst();
            assertThat(rec.get("status")).isEqualTo("read");
            assertThat(rec.get("recogniser")).isEqualTo("plateguard-anpr");
            assertThat(rec.get("model_version")).isEqualTo("server-test-1");
            assertThat(rec.get("plate_normalized")).isEqualTo(text);
            assertThat(rec.get("plate_format")).isEqualTo("UZ_PRIVATE");
            assertThat(rec.get("applied")).isEqualTo(true);
            assertThat(rec.get("box").toString()).isEqualTo("{\"x\": 98, \"y\": 76, \"width\": 48, \"height\": 12}");
            assertThat(rec.get("candidates").toString()).startsWith("[{\"text\": \"" + text + "\"");
            // The same confidence as the library gives for the same bytes.
            try (Recogniser direct = Recogniser.open(dir.resolve("models"))) {
                PlateResult best = direct.recognise(plate).plates().getFirst();
                assertThat(best.text()).isEqualTo(text);
                assertThat(((Number) rec.get("plate_confidence")).floatValue()).isEqualTo((float) best.confidence())
                        .isPositive();
            }
            var read = readRow(readId);
            assertThat(read.get("plate_normalized")).isEqualTo(text);
            assertThat(read.get("plate_source")).isEqualTo("plateguard-anpr/server-test-1");

            var none = recognitionRows(emptyId).getFirst();
            assertThat(none.get("status")).isEqualTo("no_plate");
            assertThat(none.get("model_version")).isEqualTo("server-test-1");
            assertThat(readRow(emptyId).get("plate_source")).isNull();

            var api = client().get("/api/v1/reads/" + readId, person("INVESTIGATOR").token()).json();
            assertThat(api.get("plateSource").asString()).isEqualTo("plateguard-anpr/server-test-1");
            var status = client().get("/api/v1/recognition/status", admin().token()).json();
            assertThat(status.get("recogniser").asString()).isEqualTo("plateguard-anpr");
            assertThat(status.get("modelVersion").asString()).isEqualTo("server-test-1");
        } finally {
            anpr.destroy();
        }
    }

    @Test
    void aModelsDirectoryWithoutModelsIsReportedAndPickedUpWhenModelsArrive() throws Exception {
        Path models = dir.resolve("later");
        var slow = new AnprPlateReader(RecognitionSettings.defaults().withModels(models.toString()));
        var quick = new AnprPlateReader(new RecognitionSettings(true, models.toString(), 10, 1, 10, 0.3,
                Duration.ofSeconds(5), Duration.ofMinutes(2), 3, Duration.ofSeconds(1), Duration.ofMillis(1), 0));
        try {
            assertThat(slow.state().available()).isFalse();
            assertThat(slow.state().problem()).contains(models.toString()).contains("models.json");
            assertThatThrownBy(() -> slow.recognise(scene(true))).isInstanceOf(PlateReader.Unavailable.class);
            assertThat(quick.state().available()).isFalse();

            OnnxTestModels.write(models, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.9), "arrived-1");
            Thread.sleep(5);
            // Looked for again at most every model-retry: 1 minute by default, 1 ms for the quick one.
            assertThat(slow.state().available()).isFalse();
            assertThat(quick.state().available()).isTrue();
            assertThat(quick.state().modelVersion()).isEqualTo("arrived-1");
            assertThat(quick.recognise(scene(true)).plates()).extracting(PlateResult::text).containsExactly("01A123BC");
        } finally {
            slow.destroy();
            quick.destroy();
        }
    }

    @Test
    void theServersOwnRecogniserOnTheBundledModels() throws Exception {
        PlateReader.State state = production.state();
        var device = client().device(admin());
        String text = uzPlate();
        byte[] image = drawnPlate(text);
        var status = client().get("/api/v1/recognition/status", admin().token());
        assertThat(status.status()).isEqualTo(200);
        if (Recogniser.bundledAvailable()) {
            // Whatever the models' quality: the server records exactly what the library reads from the same bytes,
            // with the same options, under the bundled models' version.
            assertThat(state.available()).as(String.valueOf(state.problem())).isTrue();
            Recognition expected;
            try (Recogniser direct = Recogniser.bundled(RecogniserOptions.defaults().withTopN(settings.topN())
                    .withDetectionThreshold(settings.detectionThreshold()))) {
                assertThat(state.modelVersion()).isEqualTo(direct.modelVersion());
                expected = direct.recognise(image);
            }
            long readId;
            try (var using = reader.use(production)) {
                readId = postImageOnly(device, image);
                awaitRecognitions(readId, 1);
            }
            var rec = recognitionRows(readId).getFirst();
            assertThat(rec.get("recogniser")).isEqualTo("plateguard-anpr");
            assertThat(rec.get("model_version")).isEqualTo(state.modelVersion());
            assertThat(rec.get("plate_count")).isEqualTo(expected.plates().size());
            if (expected.plates().isEmpty()) {
                assertThat(rec.get("status")).isEqualTo("no_plate");
                assertThat(readRow(readId).get("plate_source")).isNull();
            } else {
                PlateResult best = expected.plates().getFirst();
                assertThat(rec.get("status")).isEqualTo("read");
                assertThat(rec.get("plate_normalized")).isEqualTo(best.text());
                assertThat(((Number) rec.get("plate_confidence")).floatValue()).isEqualTo((float) best.confidence());
                assertThat(readRow(readId).get("plate_normalized")).isEqualTo(best.text());
                assertThat(readRow(readId).get("plate_source")).isEqualTo("plateguard-anpr/" + state.modelVersion());
            }
        } else {
            // No bundled models yet: the server says so and image-only reads wait, nothing lost.
            assertThat(state.available()).isFalse();
            assertThat(state.problem()).contains("bundled").contains("models.json");
            long readId;
            try (var using = reader.use(production)) {
                assertThat(client().get("/api/v1/recognition/status", admin().token()).json().get("models").asString())
                        .isEqualTo("missing");
                readId = postImageOnly(device, image);
                assertThat(dispatcher.poll()).isZero();
                assertThat(jobsOf(readId)).isEqualTo(1);
                assertThat(recognitionsOf(readId)).isZero();
            }
            scripted.script(image, text);
            drain(readId);
            assertThat(readRow(readId).get("plate_normalized")).isEqualTo(text);
        }
    }

    /** A clip of a drawn plate approaching: 10 frames, the plate growing from 180 to 280 px wide, as H.264 in MP4. */
    private static byte[] clip(String text) throws IOException {
        BufferedImage plate = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(drawnPlate(text)))
                .getSubimage(200, 200, 260, 56);
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(8 << 20);
        var channel = org.jcodec.common.io.ByteBufferSeekableByteChannel.writeToByteBuffer(buffer);
        var encoder = new org.jcodec.api.awt.AWTSequenceEncoder(channel, org.jcodec.common.model.Rational.R(25, 1));
        for (int f = 0; f < 10; f++) {
            BufferedImage frame = new BufferedImage(640, 368, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = frame.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(new Color(70, 74, 80));
            g.fillRect(0, 0, 640, 368);
            int w = 180 + 100 * f / 9;
            g.drawImage(plate, 320 - w / 2, 100 + 8 * f, w, w * 56 / 260, null);
            g.setColor(new Color(ThreadLocalRandom.current().nextInt(0x1000000)));
            g.fillRect(0, 0, 16, 16); // a unique clip
            g.dispose();
            encoder.encodeImage(frame);
        }
        encoder.finish();
        java.nio.ByteBuffer contents = channel.getContents();
        byte[] out = new byte[contents.remaining()];
        contents.get(out);
        return out;
    }

    /** Where the payload of the top-level 'mdat' box starts. */
    private static int mdatPayload(byte[] mp4) {
        int i = 0;
        while (i + 8 <= mp4.length) {
            int size = java.nio.ByteBuffer.wrap(mp4, i, 4).getInt();
            if (new String(mp4, i + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("mdat")) {
                return i + 8 + 16;
            }
            i += size;
        }
        throw new AssertionError("no mdat box");
    }

    /** Posts a read that carries only a clip: no plate text, no image. */
    private long postClipOnly(dev.plateguard.server.TestClient.Device device, byte[] mp4) {
        var r = postRead(device, new dev.plateguard.server.TestClient.Multipart()
                .json("metadata", dev.plateguard.server.TestClient.JSON.writeValueAsString(
                        Map.of("eventId", eventId(), "capturedAt", aMinuteAgo())))
                .file("video", "clip.mp4", "video/mp4", mp4));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    @Test
    void aReadWithOnlyAClipIsReadFromItsFramesFused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Recogniser.bundledAvailable(), "the bundled models are committed");
        var device = client().device(admin());
        String text = uzPlate();
        byte[] mp4 = clip(text);
        Recognition expected;
        try (Recogniser direct = Recogniser.bundled(RecogniserOptions.defaults().withTopN(settings.topN())
                .withDetectionThreshold(settings.detectionThreshold()))) {
            expected = direct.recogniseClip(mp4);
        }
        assertThat(expected.plates()).as("the library reads one plate from the clip").hasSize(1);
        long readId;
        long brokenId;
        try (var using = reader.use(production)) {
            readId = postClipOnly(device, mp4);
            // an MP4 whose movie header is gone is refused at ingest, precisely
            byte[] headless = java.util.Arrays.copyOf(mp4, mp4.length);
            java.util.Arrays.fill(headless, mp4.length / 2, mp4.length, (byte) 0);
            var refused = postRead(device, new dev.plateguard.server.TestClient.Multipart()
                    .json("metadata", dev.plateguard.server.TestClient.JSON.writeValueAsString(
                            Map.of("eventId", eventId(), "capturedAt", aMinuteAgo())))
                    .file("video", "clip.mp4", "video/mp4", headless));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.toString()).contains("\"field\":\"video\"");
            // one whose boxes are intact but whose H.264 data is garbage passes ingest's checks: it is stored, and its
            // recognition is recorded as failed with the reason, or finds no plate; never a plate
            byte[] broken = java.util.Arrays.copyOf(mp4, mp4.length);
            int mdat = mdatPayload(broken);
            java.util.Arrays.fill(broken, mdat, broken.length - (mp4.length - mdat) / 2 - 1, (byte) 0xff);
            brokenId = postClipOnly(device, broken);
            awaitRecognitions(readId, 1);
            awaitRecognitions(brokenId, 1);
        }
        var rec = recognitionRows(readId).getFirst();
        PlateResult best = expected.plates().getFirst();
        assertThat(rec.get("status")).isEqualTo("read");
        assertThat(rec.get("plate_normalized")).isEqualTo(best.text());
        assertThat(((Number) rec.get("plate_confidence")).floatValue()).isEqualTo((float) best.confidence());
        String videoSha = jdbc.sql("select sha256 from read_evidence where read_id = ? and kind = 'video'").param(readId)
                .query(String.class).single();
        assertThat(rec.get("image_sha256")).as("the evidence recognised").isEqualTo(videoSha);
        assertThat(readRow(readId).get("plate_normalized")).isEqualTo(best.text());
        // (how well clips are read is the library's test, ClipRecognitionTest: here the server must match it exactly)

        var failed = recognitionRows(brokenId).getFirst();
        assertThat(failed.get("status")).isIn("failed", "no_plate");
        if (failed.get("status").equals("failed")) {
            assertThat(failed.get("error").toString()).startsWith("not a readable clip: ");
        }
        assertThat(readRow(brokenId).get("plate_source")).isNull();
    }
}
