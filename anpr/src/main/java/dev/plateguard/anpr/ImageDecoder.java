package dev.plateguard.anpr;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes encoded images (JPEG, PNG, BMP, GIF: whatever ImageIO reads) in memory, optionally with source subsampling
 * when the image is much larger than the recogniser needs. EXIF orientation is not applied.
 */
final class ImageDecoder {

    private ImageDecoder() {
    }

    /**
     * @param keepSide when positive, an image whose long side is at least twice this is decoded subsampled by the
     *                 largest integer factor that keeps its long side at least {@code keepSide}
     * @throws IllegalArgumentException when the bytes are not an image ImageIO can read
     */
    static BufferedImage decode(byte[] encoded, int keepSide) {
        if (encoded == null || encoded.length == 0) {
            throw new IllegalArgumentException("empty image data");
        }
        try {
            return read(encoded, keepSide);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot decode the image: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException e) {
            // ImageIO's decoders throw assorted unchecked exceptions on corrupt data
            throw new IllegalArgumentException("cannot decode the image: " + e, e);
        }
    }

    private static BufferedImage read(byte[] encoded, int keepSide) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IllegalArgumentException("not an image format this recogniser can read (JPEG, PNG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                ImageReadParam param = reader.getDefaultReadParam();
                int factor = subsampling(reader.getWidth(0), reader.getHeight(0), keepSide);
                if (factor > 1) {
                    param.setSourceSubsampling(factor, factor, 0, 0);
                }
                BufferedImage image = reader.read(0, param);
                if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                    throw new IllegalArgumentException("the image is empty");
                }
                return image;
            } finally {
                reader.dispose();
            }
        }
    }

    /** The subsampling factor for an image of this size: 1 unless the long side is at least {@code 2 × keepSide}. */
    static int subsampling(int width, int height, int keepSide) {
        if (keepSide <= 0) {
            return 1;
        }
        return Math.max(1, Math.max(width, height) / keepSide);
    }
}
