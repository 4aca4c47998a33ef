package dev.plateguard.anpr;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * The detector's input tensor (docs/anpr-models.md): the image scaled so that its long side is at most
 * {@code maxSide} (never enlarged), RGB in 0..1, channels first, padded with zeros on the right and bottom to a
 * multiple of 32. Training (anpr-train) builds its inputs with this same class, so the two cannot drift apart.
 *
 * @param chw    {@code 3 × height × width} floats
 * @param width  padded tensor width
 * @param height padded tensor height
 * @param scale  tensor pixels per image pixel
 */
public record DetectorInput(float[] chw, int width, int height, double scale) {

    public static final int MULTIPLE = 32;

    public static DetectorInput of(BufferedImage image, int maxSide) {
        int w = image.getWidth();
        int h = image.getHeight();
        double scale = Math.min(1.0, maxSide / (double) Math.max(w, h));
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        int pw = (sw + MULTIPLE - 1) / MULTIPLE * MULTIPLE;
        int ph = (sh + MULTIPLE - 1) / MULTIPLE * MULTIPLE;
        int[] rgb = Pixels.rgb(image);
        float[] chw = new float[3 * pw * ph];
        int plane = pw * ph;
        // Area-averaging when shrinking (box filter over the source pixels each target pixel covers).
        double step = 1.0 / (sw / (double) w);
        for (int y = 0; y < sh; y++) {
            int y0 = (int) Math.floor(y * step);
            int y1 = Math.min(h, Math.max(y0 + 1, (int) Math.floor((y + 1) * step)));
            for (int x = 0; x < sw; x++) {
                int x0 = (int) Math.floor(x * step);
                int x1 = Math.min(w, Math.max(x0 + 1, (int) Math.floor((x + 1) * step)));
                int r = 0;
                int g = 0;
                int b = 0;
                for (int yy = y0; yy < y1; yy++) {
                    int row = yy * w;
                    for (int xx = x0; xx < x1; xx++) {
                        int p = rgb[row + xx];
                        r += (p >> 16) & 0xff;
                        g += (p >> 8) & 0xff;
                        b += p & 0xff;
                    }
                }
                float n = 255f * (y1 - y0) * (x1 - x0);
                int o = y * pw + x;
                chw[o] = r / n;
                chw[plane + o] = g / n;
                chw[2 * plane + o] = b / n;
            }
        }
        return new DetectorInput(chw, pw, ph, sw / (double) w);
    }

    /** Fast access to packed RGB pixels for the common image types; falls back to getRGB for others. */
    static final class Pixels {

        private Pixels() {
        }

        static int[] rgb(BufferedImage image) {
            int w = image.getWidth();
            int h = image.getHeight();
            switch (image.getType()) {
                case BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB -> {
                    return ((DataBufferInt) image.getRaster().getDataBuffer()).getData().length == w * h
                            && image.getRaster().getSampleModelTranslateX() == 0
                            ? ((DataBufferInt) image.getRaster().getDataBuffer()).getData()
                            : image.getRGB(0, 0, w, h, null, 0, w);
                }
                case BufferedImage.TYPE_3BYTE_BGR -> {
                    byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                    if (data.length != w * h * 3 || image.getRaster().getSampleModelTranslateX() != 0) {
                        return image.getRGB(0, 0, w, h, null, 0, w);
                    }
                    int[] out = new int[w * h];
                    for (int i = 0, j = 0; i < out.length; i++, j += 3) {
                        out[i] = ((data[j + 2] & 0xff) << 16) | ((data[j + 1] & 0xff) << 8) | (data[j] & 0xff);
                    }
                    return out;
                }
                case BufferedImage.TYPE_BYTE_GRAY -> {
                    byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                    if (data.length != w * h || image.getRaster().getSampleModelTranslateX() != 0) {
                        return image.getRGB(0, 0, w, h, null, 0, w);
                    }
                    int[] out = new int[w * h];
                    for (int i = 0; i < out.length; i++) {
                        int v = data[i] & 0xff;
                        out[i] = (v << 16) | (v << 8) | v;
                    }
                    return out;
                }
                default -> {
                    return image.getRGB(0, 0, w, h, null, 0, w);
                }
            }
        }
    }
}
