package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DetectorInputTest {

    static BufferedImage random(int w, int h, int type, long seed) {
        Random r = new Random(seed);
        int[] pixels = new int[w * h];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = r.nextInt();
        }
        BufferedImage img = new BufferedImage(w, h, type);
        img.setRGB(0, 0, w, h, pixels, 0, w);
        return img;
    }

    @Test
    void smallImagesAreNotEnlargedButPaddedToMultiplesOf32() {
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xff8000);
        img.setRGB(39, 19, 0x0000ff);
        DetectorInput in = DetectorInput.of(img, 960);
        assertThat(in.scale()).isEqualTo(1.0);
        assertThat(in.width()).isEqualTo(64);
        assertThat(in.height()).isEqualTo(32);
        assertThat(in.chw()).hasSize(3 * 64 * 32);
        int plane = 64 * 32;
        assertThat(in.chw()[0]).isEqualTo(1f); // R of (0, 0)
        assertThat(in.chw()[plane]).isCloseTo(128 / 255f, within(1e-6f)); // G of (0, 0)
        assertThat(in.chw()[2 * plane]).isZero();
        assertThat(in.chw()[2 * plane + 19 * 64 + 39]).isEqualTo(1f); // B of (39, 19)
        // padding is zero
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 64; x++) {
                    if (x >= 40 || y >= 20) {
                        assertThat(in.chw()[c * plane + y * 64 + x]).isZero();
                    }
                }
            }
        }
    }

    @Test
    void largeImagesAreShrunkByAreaAveraging() {
        // 4 x 2 image, max side 2: every output pixel averages a 2 x 2 block
        BufferedImage img = new BufferedImage(4, 2, BufferedImage.TYPE_INT_RGB);
        int[] reds = {0, 100, 200, 40, 20, 60, 0, 80};
        for (int k = 0; k < 8; k++) {
            img.setRGB(k % 4, k / 4, reds[k] << 16);
        }
        DetectorInput in = DetectorInput.of(img, 2);
        assertThat(in.scale()).isEqualTo(0.5);
        assertThat(in.width()).isEqualTo(32);
        assertThat(in.height()).isEqualTo(32);
        assertThat(in.chw()[0]).isCloseTo((0 + 100 + 20 + 60) / 4f / 255f, within(1e-6f));
        assertThat(in.chw()[1]).isCloseTo((200 + 40 + 0 + 80) / 4f / 255f, within(1e-6f));
        assertThat(in.chw()[32]).isZero(); // second row is padding

        DetectorInput.Layout l = DetectorInput.layout(1280, 720, 960);
        assertThat(l.scaledWidth()).isEqualTo(960);
        assertThat(l.scaledHeight()).isEqualTo(540);
        assertThat(l.width()).isEqualTo(960);
        assertThat(l.height()).isEqualTo(544);
        assertThat(l.scale()).isEqualTo(0.75);
        assertThat(l.size()).isEqualTo(3 * 960 * 544);
    }

    @Test
    void everyImageTypeGivesTheSameValues() {
        BufferedImage ref = random(97, 61, BufferedImage.TYPE_INT_RGB, 3);
        DetectorInput expected = DetectorInput.of(ref, 48);
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR}) {
            BufferedImage img = new BufferedImage(97, 61, type);
            img.getGraphics().drawImage(ref, 0, 0, null);
            assertThat(java.util.Arrays.equals(DetectorInput.of(img, 48).chw(), expected.chw())).as("type %d", type).isTrue();
        }
        // grey images: R = G = B
        BufferedImage grey = new BufferedImage(33, 33, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(5, 7, 0, 200);
        DetectorInput g = DetectorInput.of(grey, 960);
        int plane = g.width() * g.height();
        int at = 7 * g.width() + 5;
        assertThat(g.chw()[at]).isEqualTo(200 / 255f);
        assertThat(g.chw()[plane + at]).isEqualTo(200 / 255f);
        assertThat(g.chw()[2 * plane + at]).isEqualTo(200 / 255f);
    }

    @Test
    void fillingAReusedBufferGivesTheSameValuesPaddingIncluded() {
        FloatBuffer buffer = ByteBuffer.allocateDirect(4 * 3 * 320 * 320).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int k = 0; k < buffer.capacity(); k++) {
            buffer.put(k, 9f); // garbage from an earlier image
        }
        for (int[] size : new int[][] {{300, 200}, {500, 333}, {64, 640}}) {
            BufferedImage img = random(size[0], size[1], BufferedImage.TYPE_3BYTE_BGR, size[0]);
            DetectorInput expected = DetectorInput.of(img, 320);
            int[] rgb = DetectorInput.Pixels.rgb(img, new int[size[0] * size[1] + 100]);
            DetectorInput.Layout layout = DetectorInput.fill(rgb, size[0], size[1], 320, buffer);
            assertThat(layout.width()).isEqualTo(expected.width());
            assertThat(layout.height()).isEqualTo(expected.height());
            assertThat(layout.scale()).isEqualTo(expected.scale());
            float[] got = new float[layout.size()];
            buffer.get(0, got);
            assertThat(java.util.Arrays.equals(got, expected.chw())).as("%d x %d", size[0], size[1]).isTrue();
        }
        FloatBuffer small = FloatBuffer.allocate(10);
        assertThatThrownBy(() -> DetectorInput.fill(new int[100], 10, 10, 320, small)).isInstanceOf(IllegalArgumentException.class);
    }
}
