package dev.plateguard.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.TestMedia;

/**
 * Evidence parts that are not what they claim, broken, bombs or too big: refused with the exact status,
 * problem+json naming the part, and nothing stored, not even the good parts of the same request.
 */
class BadEvidenceIT extends IngestSupport {

    private TestClient.Device device;
    private Stored before;

    private TestClient.Response post(TestClient.Multipart parts) {
        device = client().device(admin());
        before = stored(device.cameraId());
        return postRead(device, parts);
    }

    private static TestClient.Multipart read() {
        return new TestClient.Multipart().json("metadata", minimalMetadata(eventId(), aMinuteAgo(), "01A123BC"));
    }

    private void assertRefused(TestClient.Response response, int status, String part) {
        if (status == 400) {
            assertFieldProblem(response, status, part);
        } else {
            assertDetailProblem(response, status, part);
        }
        assertNothingStored(before, device.cameraId());
    }

    @Test
    void pngDeclaredAsJpeg() {
        var r = post(read().file("image", "p.jpg", "image/jpeg", png(200, 60)));
        assertRefused(r, 400, "image[0]");
        assertThat(r.json().get("detail").asString()).contains("image/jpeg").contains("image/png");
    }

    @Test
    void jpegDeclaredAsPng() {
        assertRefused(post(read().file("image", "p.png", "image/png", jpeg(200, 60))), 400, "image[0]");
    }

    @Test
    void textFileAsImage() {
        byte[] text = ("plate,time\n01A123BC," + eventId() + "\n").getBytes(StandardCharsets.UTF_8);
        assertRefused(post(read().file("image", "p.jpg", "image/jpeg", text)), 400, "image[0]");
    }

    @Test
    void htmlAsImage() {
        byte[] html = ("<html><script>alert(1)</script>" + eventId() + "</html>").getBytes(StandardCharsets.UTF_8);
        assertRefused(post(read().file("image", "p.html", "text/html", html)), 400, "image[0]");
    }

    @Test
    void mp4InAnImagePart() {
        assertRefused(post(read().file("image", "v.mp4", "video/mp4", mp4(1024))), 400, "image[0]");
        assertRefused(post(read().file("image", "v.jpg", "image/jpeg", mp4(1024))), 400, "image[0]");
    }

    @Test
    void jpegInTheVideoPart() {
        assertRefused(post(read().file("video", "v.mp4", "video/mp4", jpeg(200, 60))), 400, "video");
    }

    @Test
    void emptyImagePart() {
        assertRefused(post(read().file("image", "p.jpg", "image/jpeg", new byte[0])), 400, "image[0]");
    }

    @Test
    void truncatedJpeg() {
        byte[] jpeg = jpeg(640, 360);
        assertRefused(post(read().file("image", "p.jpg", "image/jpeg", TestMedia.truncated(jpeg, 0.5))), 400, "image[0]");
        assertRefused(post(read().file("image", "p.jpg", "image/jpeg", Arrays.copyOf(jpeg, jpeg.length - 1))), 400, "image[0]");
        assertRefused(post(read().file("image", "p.jpg", "image/jpeg", TestMedia.truncated(jpeg, 0.01))), 400, "image[0]");
    }

    @Test
    void truncatedPng() {
        byte[] png = png(640, 360);
        assertRefused(post(read().file("image", "p.png", "image/png", TestMedia.truncated(png, 0.7))), 400, "image[0]");
    }

    @Test
    void truncatedMp4() {
        byte[] mp4 = mp4(4096);
        assertRefused(post(read().file("video", "v.mp4", "video/mp4", Arrays.copyOf(mp4, mp4.length - 100))), 400, "video");
    }

    @Test
    void badSecondImageRejectsTheWholeReadIncludingTheGoodFirstImage() {
        var r = post(read().file("image", "good.jpg", "image/jpeg", jpeg(320, 120))
                .file("image", "bad.jpg", "image/jpeg", TestMedia.truncated(jpeg(320, 120), 0.6))
                .file("video", "v.mp4", "video/mp4", mp4(2048)));
        assertRefused(r, 400, "image[1]");
        assertThat(fields(r.json())).containsExactly("image[1]");
    }

    @Test
    void decompressionBombJpegIsTooLarge() {
        var r = post(read().file("image", "bomb.jpg", "image/jpeg", TestMedia.jpegDeclaring(60000, 60000)));
        assertRefused(r, 413, "image[0]");
        assertThat(r.json().get("detail").asString()).contains("60000");
    }

    @Test
    void decompressionBombPngIsTooLarge() {
        byte[] png = png(64, 64);
        // IHDR width and height at bytes 16..23 (the inspector does not decode, so the CRC does not matter).
        ByteBuffer.wrap(png, 16, 8).putInt(100_000).putInt(100_000);
        assertRefused(post(read().file("image", "bomb.png", "image/png", png)), 413, "image[0]");
    }

    @Test
    void imageDeclaringNoPixelsIsInvalid() {
        assertRefused(post(read().file("image", "z.jpg", "image/jpeg", TestMedia.jpegDeclaring(0, 120))), 400, "image[0]");
    }

    @Test
    void imageOverTheConfiguredImageLimitIsTooLarge() {
        // A valid JPEG padded after its end-of-image marker to just over the 2 MB test limit.
        byte[] image = Arrays.copyOf(jpeg(320, 120), 2 * 1024 * 1024 + 1);
        var r = post(read().file("image", "big.jpg", "image/jpeg", image));
        assertRefused(r, 413, "image[0]");
    }

    @Test
    void imageExactlyAtTheLimitIsAccepted() {
        byte[] image = Arrays.copyOf(jpeg(320, 120), 2 * 1024 * 1024);
        var r = post(read().file("image", "big.jpg", "image/jpeg", image));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    @Test
    void videoOverTheConfiguredVideoLimitIsTooLarge() {
        byte[] video = mp4(4 * 1024 * 1024);
        assertRefused(post(read().file("video", "big.mp4", "video/mp4", video)), 413, "video");
    }
}
