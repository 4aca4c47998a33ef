package dev.plateguard.server.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.TestMedia;

/** Type sniffing, declared size and structural completeness, on real encodings and hand-made headers. */
class MediaInspectorTest {

    private static final long MAX_PIXELS = 50_000_000;

    private static MediaInspector.Inspection inspect(byte[] bytes) throws MediaInspector.RejectedMedia {
        return MediaInspector.inspect(bytes, MAX_PIXELS);
    }

    private static MediaInspector.RejectedMedia rejected(byte[] bytes) {
        try {
            MediaInspector.inspect(bytes, MAX_PIXELS);
        } catch (MediaInspector.RejectedMedia e) {
            return e;
        }
        throw new AssertionError("accepted " + bytes.length + " bytes");
    }

    /** A JPEG made of the given segments between SOI and EOI. */
    private static byte[] jpegOf(byte[]... segments) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        for (byte[] s : segments) {
            out.writeBytes(s);
        }
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9});
        return out.toByteArray();
    }

    private static byte[] segment(int marker, byte[] payload) {
        int length = payload.length + 2;
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length});
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static byte[] frame(int width, int height) {
        return new byte[] {8, (byte) (height >> 8), (byte) height, (byte) (width >> 8), (byte) width, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1};
    }

    // ---- sniffing --------------------------------------------------------------------------------------------

    @Test
    void sniffsByMagicNumbersNotByNames() {
        assertThat(MediaInspector.sniff(TestMedia.jpeg(32, 16, "A", 1))).contains(MediaType.JPEG);
        assertThat(MediaInspector.sniff(TestMedia.png(32, 16, "A", 1))).contains(MediaType.PNG);
        assertThat(MediaInspector.sniff(TestMedia.mp4(64, 1))).contains(MediaType.MP4);
        assertThat(MediaInspector.sniff("GIF89a......".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(MediaInspector.sniff("<html></html>".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(MediaInspector.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8})).isEmpty();
        assertThat(MediaInspector.sniff(new byte[0])).isEmpty();
        // PNG signature with a broken line-ending check (a file mangled by text-mode transfer) is not PNG.
        byte[] png = TestMedia.png(32, 16, "A", 1);
        png[4] = '\n';
        assertThat(MediaInspector.sniff(png)).isEmpty();
    }

    @Test
    void unknownBytesAreRejectedAsNotMedia() {
        var e = rejected("just some text, not an image".getBytes(StandardCharsets.UTF_8));
        assertThat(e.tooLarge()).isFalse();
        assertThat(e.getMessage()).contains("not a JPEG, PNG or MP4");
    }

    // ---- JPEG ------------------------------------------------------------------------------------------------

    @Test
    void realJpegReportsItsSize() throws Exception {
        var inspection = inspect(TestMedia.jpeg(320, 120, "01 A 123 BC", 5));
        assertThat(inspection).isEqualTo(new MediaInspector.Inspection(MediaType.JPEG, 320, 120));
    }

    @Test
    void sofIsFoundAfterOtherSegmentsAndFillBytes() throws Exception {
        byte[] jpeg = jpegOf(segment(0xE0, "JFIF\0\1\1\0\0\1\0\1\0\0".getBytes(StandardCharsets.ISO_8859_1)),
                segment(0xFE, "comment".getBytes(StandardCharsets.US_ASCII)),
                new byte[] {(byte) 0xFF}, // fill byte before a marker
                segment(0xDB, new byte[65]),
                segment(0xC2, frame(1920, 1080)), // progressive frame header
                segment(0xDA, new byte[10]), new byte[] {1, 2, 3});
        assertThat(inspect(jpeg)).isEqualTo(new MediaInspector.Inspection(MediaType.JPEG, 1920, 1080));
    }

    @Test
    void huffmanAndArithmeticTablesAreNotFrames() throws Exception {
        // C4 (DHT), C8 (JPG) and CC (DAC) lie in the SOF range but are not frame headers.
        byte[] jpeg = jpegOf(segment(0xC4, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}), segment(0xCC, new byte[] {0, 0x10}),
                segment(0xC0, frame(640, 480)), segment(0xDA, new byte[10]));
        assertThat(inspect(jpeg)).isEqualTo(new MediaInspector.Inspection(MediaType.JPEG, 640, 480));
    }

    @Test
    void paddingAfterEndOfImageIsTolerated() throws Exception {
        byte[] jpeg = TestMedia.jpeg(64, 32, "A", 1);
        assertThat(inspect(Arrays.copyOf(jpeg, jpeg.length + 4096)).width()).isEqualTo(64);
    }

    @Test
    void truncatedJpegIsRejectedAtAnyLength() {
        byte[] jpeg = TestMedia.jpeg(200, 80, "01 A 123 BC", 3);
        for (double fraction : new double[] {0.05, 0.2, 0.5, 0.9, 0.999}) {
            var e = rejected(TestMedia.truncated(jpeg, fraction));
            assertThat(e.tooLarge()).isFalse();
            assertThat(e.getMessage()).contains("truncated");
        }
        assertThat(rejected(Arrays.copyOf(jpeg, 3)).getMessage()).contains("truncated");
    }

    @Test
    void jpegWithoutFrameHeaderIsRejected() {
        assertThat(rejected(jpegOf(segment(0xE0, new byte[14]), segment(0xDA, new byte[10]))).getMessage())
                .contains("no frame header");
        assertThat(rejected(jpegOf(segment(0xE0, new byte[14]))).getMessage()).contains("no frame header");
    }

    @Test
    void corruptSegmentsAreRejected() {
        // A segment whose declared length runs past the end of the file.
        assertThat(rejected(jpegOf(new byte[] {(byte) 0xFF, (byte) 0xE0, 0x7F, (byte) 0xFF, 1, 2, 3})).getMessage())
                .contains("truncated");
        // Bytes where a marker must be.
        assertThat(rejected(jpegOf(segment(0xE0, new byte[14]), new byte[] {0x12, 0x34, 0x56, 0x78},
                segment(0xC0, frame(10, 10)))).getMessage())
                .contains("corrupt");
        // A frame header too short to hold a size.
        assertThat(rejected(jpegOf(segment(0xC0, new byte[] {8, 0, 10}))).getMessage()).contains("frame header");
        // A length below 2 cannot even cover itself.
        assertThat(rejected(jpegOf(new byte[] {(byte) 0xFF, (byte) 0xE1, 0, 1}, segment(0xC0, frame(10, 10)))).getMessage())
                .contains("truncated");
    }

    @Test
    void decompressionBombIsTooLargeWithoutDecoding() throws Exception {
        var e = rejected(TestMedia.jpegDeclaring(60000, 60000));
        assertThat(e.tooLarge()).isTrue();
        assertThat(e.getMessage()).contains("60000×60000");
        // Just over and at the limit.
        assertThat(MediaInspector.inspect(TestMedia.jpegDeclaring(10_000, 5_000), MAX_PIXELS).width()).isEqualTo(10_000);
        var over = rejected(TestMedia.jpegDeclaring(10_000, 5_001));
        assertThat(over.tooLarge()).isTrue();
    }

    @Test
    void emptyDimensionsAreInvalidNotTooLarge() {
        var e = rejected(TestMedia.jpegDeclaring(0, 100));
        assertThat(e.tooLarge()).isFalse();
        assertThat(e.getMessage()).contains("empty size");
        assertThat(rejected(TestMedia.jpegDeclaring(100, 0)).tooLarge()).isFalse();
    }

    // ---- PNG -------------------------------------------------------------------------------------------------

    @Test
    void realPngReportsItsSize() throws Exception {
        assertThat(inspect(TestMedia.png(640, 360, "overview", 2)))
                .isEqualTo(new MediaInspector.Inspection(MediaType.PNG, 640, 360));
    }

    @Test
    void truncatedPngIsRejected() {
        byte[] png = TestMedia.png(200, 80, "01 A 123 BC", 3);
        for (double fraction : new double[] {0.1, 0.5, 0.99}) {
            var e = rejected(TestMedia.truncated(png, fraction));
            assertThat(e.tooLarge()).isFalse();
            assertThat(e.getMessage()).contains("truncated");
        }
        assertThat(rejected(Arrays.copyOf(png, 20)).getMessage()).contains("truncated");
    }

    @Test
    void pngWhoseFirstChunkIsNotIhdrIsRejected() {
        byte[] png = TestMedia.png(64, 32, "A", 1);
        png[12] = 'X';
        assertThat(rejected(png).getMessage()).contains("IHDR");
    }

    @Test
    void pngBombIsTooLarge() {
        byte[] png = TestMedia.png(64, 32, "A", 1);
        ByteBuffer.wrap(png, 16, 8).putInt(100_000).putInt(100_000);
        assertThat(rejected(png).tooLarge()).isTrue();
        // Dimensions beyond a signed int are still a bomb, not an overflow into a small number.
        ByteBuffer.wrap(png, 16, 8).putInt(0xFFFFFFFF).putInt(1);
        assertThat(rejected(png).tooLarge()).isTrue();
    }

    // ---- MP4 -------------------------------------------------------------------------------------------------

    @Test
    void wellFormedMp4IsVideoWithoutSize() throws Exception {
        assertThat(inspect(TestMedia.mp4(4096, 1))).isEqualTo(new MediaInspector.Inspection(MediaType.MP4, null, null));
    }

    @Test
    void mp4WithTruncatedBoxIsRejected() {
        byte[] mp4 = TestMedia.mp4(4096, 1);
        var e = rejected(Arrays.copyOf(mp4, mp4.length - 1));
        assertThat(e.tooLarge()).isFalse();
        assertThat(e.getMessage()).contains("truncated");
        assertThat(rejected(Arrays.copyOf(mp4, 30)).getMessage()).containsAnyOf("truncated", "incomplete");
    }

    @Test
    void mp4WithoutMovieHeaderIsRejected() {
        ByteBuffer b = ByteBuffer.allocate(24 + 16);
        b.putInt(24).put("ftypisom".getBytes(StandardCharsets.ISO_8859_1)).putInt(512).put("isomiso2".getBytes(StandardCharsets.ISO_8859_1));
        b.putInt(16).put("mdat".getBytes(StandardCharsets.ISO_8859_1)).putLong(0);
        assertThat(rejected(b.array()).getMessage()).contains("no movie header");
    }

    @Test
    void mp4BoxSizesAreChecked() {
        byte[] mp4 = TestMedia.mp4(64, 1);
        // A box size smaller than its own header.
        byte[] tiny = mp4.clone();
        ByteBuffer.wrap(tiny, 24, 4).putInt(4);
        assertThat(rejected(tiny).getMessage()).contains("truncated");
        // A 64-bit size that overflows.
        ByteBuffer b = ByteBuffer.allocate(24 + 16);
        b.putInt(24).put("ftypisom".getBytes(StandardCharsets.ISO_8859_1)).putInt(512).put("isomiso2".getBytes(StandardCharsets.ISO_8859_1));
        b.putInt(1).put("moov".getBytes(StandardCharsets.ISO_8859_1)).putLong(-1L);
        assertThat(rejected(b.array()).getMessage()).contains("truncated");
        // Size 0 means "to the end of the file".
        byte[] toEnd = TestMedia.mp4(64, 1);
        ByteBuffer.wrap(toEnd, toEnd.length - 64 - 8, 4).putInt(0);
        assertThat(catchingInspect(toEnd).type()).isEqualTo(MediaType.MP4);
    }

    private static MediaInspector.Inspection catchingInspect(byte[] bytes) {
        try {
            return inspect(bytes);
        } catch (MediaInspector.RejectedMedia e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void typeDecidesTheCheckNotTheCaller() {
        assertThatThrownBy(() -> inspect(TestMedia.truncated(TestMedia.mp4(1024, 2), 0.5)))
                .isInstanceOf(MediaInspector.RejectedMedia.class);
    }
}
