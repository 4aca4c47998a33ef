package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageDecoderTest {

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    @Test
    void subsamplesOnlyImagesAtLeastTwiceAsLargeAsNeeded() {
        assertThat(ImageDecoder.subsampling(1920, 1080, 1920)).isEqualTo(1);
        assertThat(ImageDecoder.subsampling(3839, 2160, 1920)).isEqualTo(1);
        assertThat(ImageDecoder.subsampling(3840, 2160, 1920)).isEqualTo(2);
        assertThat(ImageDecoder.subsampling(2000, 8000, 1920)).isEqualTo(4);
        assertThat(ImageDecoder.subsampling(8000, 6000, 0)).isEqualTo(1);
    }

    @Test
    void decodesJpegAndPngWithSubsampling() throws IOException {
        BufferedImage img = new BufferedImage(400, 200, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(200, 0, 200, 200);
        g.dispose();
        for (String format : new String[] {"jpg", "png"}) {
            byte[] bytes = encode(img, format);
            BufferedImage full = ImageDecoder.decode(bytes, 0);
            assertThat(full.getWidth()).isEqualTo(400);
            BufferedImage half = ImageDecoder.decode(bytes, 150);
            assertThat(half.getWidth()).isEqualTo(200);
            assertThat(half.getHeight()).isEqualTo(100);
            assertThat(half.getRGB(150, 50) & 0xff).isGreaterThan(240);
            assertThat(half.getRGB(50, 50) & 0xff).isLessThan(15);
        }
    }

    @Test
    void garbageIsAClearError() {
        assertThatThrownBy(() -> ImageDecoder.decode(new byte[0], 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> ImageDecoder.decode("not an image".getBytes(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an image format");
        byte[] truncated = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
        assertThatThrownBy(() -> ImageDecoder.decode(truncated, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot decode");
    }
}
