package dev.plateguard.anpr;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.nio.FloatBuffer;

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
        return of(Pixels.rgb(image), image.getWidth(), image.getHeight(), maxSide);
    }

    /**
     * Like {@link #of(BufferedImage, int)}, from packed RGB pixels ({@code 0xRRGGBB}, row by row, at least
     * {@code w × h} of them).
     */
    public static DetectorInput of(int[] rgb, int w, int h, int maxSide) {
        Layout layout = layout(w, h, maxSide);
        float[] chw = new float[3 * layout.width() * layout.height()];
        write(rgb, w, h, layout, chw, null);
        return new DetectorInput(chw, layout.width(), layout.height(), layout.scale());
    }

    /**
     * The size of the detector input for an image.
     *
     * @param width        padded tensor width
     * @param height       padded tensor height
     * @param scaledWidth  width of the scaled image inside the tensor
     * @param scaledHeight height of the scaled image inside the tensor
     * @param scale        tensor pixels per image pixel
     */
    public record Layout(int width, int height, int scaledWidth, int scaledHeight, double scale) {

        /** Floats in the tensor: {@code 3 × width × height}. */
        public int size() {
            return 3 * width * height;
        }
    }

    public static Layout layout(int w, int h, int maxSide) {
        if (w < 1 || h < 1) {
            throw new IllegalArgumentException("empty image " + w + " x " + h);
        }
        double scale = Math.min(1.0, maxSide / (double) Math.max(w, h));
        int sw = Math.max(1, (int) Math.round(w * scale));
        int sh = Math.max(1, (int) Math.round(h * scale));
        int pw = (sw + MULTIPLE - 1) / MULTIPLE * MULTIPLE;
        int ph = (sh + MULTIPLE - 1) / MULTIPLE * MULTIPLE;
        return new Layout(pw, ph, sw, sh, sw / (double) w);
    }

    /**
     * Writes the same values as {@link #of(int[], int, int, int)} into {@code out} from index 0 (padding included),
     * so that a direct buffer can be reused from image to image; the buffer's position and limit are not used.
     *
     * @throws IllegalArgumentException if {@code out} holds fewer than {@link Layout#size()} floats
     */
    static Layout fill(int[] rgb, int w, int h, int maxSide, FloatBuffer out) {
        Layout layout = layout(w, h, maxSide);
        if (out.capacity() < layout.size()) {
            throw new IllegalArgumentException("buffer holds " + out.capacity() + " floats, need " + layout.size());
        }
        write(rgb, w, h, layout, null, out);
        return layout;
    }

    /** Area-averaging when shrinking (box filter over the source pixels each target pixel covers); zero padding. */
    private static void write(int[] rgb, int w, int h, Layout layout, float[] chw, FloatBuffer buffer) {
        int sw = layout.scaledWidth();
        int sh = layout.scaledHeight();
        int pw = layout.width();
        int ph = layout.height();
        int plane = pw * ph;
        double step = 1.0 / (sw / (double) w);
        int[] xs0 = new int[sw];
        int[] xs1 = new int[sw];
        for (int x = 0; x < sw; x++) {
            xs0[x] = (int) Math.floor(x * step);
            xs1[x] = Math.min(w, Math.max(xs0[x] + 1, (int) Math.floor((x + 1) * step)));
        }
        // One padded row per channel; the tail beyond sw stays zero.
        float[] rr = new float[pw];
        float[] gg = new float[pw];
        float[] bb = new float[pw];
        int[] rs = new int[sw];
        int[] gs = new int[sw];
        int[] bs = new int[sw];
        for (int y = 0; y < ph; y++) {
            if (y < sh) {
                int y0 = (int) Math.floor(y * step);
                int y1 = Math.min(h, Math.max(y0 + 1, (int) Math.floor((y + 1) * step)));
                if (y1 - y0 == 1 && sw == w) {
                    int row = y0 * w;
                    for (int x = 0; x < sw; x++) {
                        int p = rgb[row + x];
                        rr[x] = ((p >> 16) & 0xff) / 255f;
                        gg[x] = ((p >> 8) & 0xff) / 255f;
                        bb[x] = (p & 0xff) / 255f;
                    }
                } else {
                    // integer sums row by row (each source row read sequentially), then one division per pixel
                    java.util.Arrays.fill(rs, 0);
                    java.util.Arrays.fill(gs, 0);
                    java.util.Arrays.fill(bs, 0);
                    for (int yy = y0; yy < y1; yy++) {
                        int row = yy * w;
                        for (int x = 0; x < sw; x++) {
                            int r = 0;
                            int g = 0;
                            int b = 0;
                            for (int xx = xs0[x], x1 = xs1[x]; xx < x1; xx++) {
                                int p = rgb[row + xx];
                                r += (p >> 16) & 0xff;
                                g += (p >> 8) & 0xff;
                                b += p & 0xff;
                            }
                            rs[x] += r;
                            gs[x] += g;
                            bs[x] += b;
                        }
                    }
                    for (int x = 0; x < sw; x++) {
                        float n = 255f * (y1 - y0) * (xs1[x] - xs0[x]);
                        rr[x] = rs[x] / n;
                        gg[x] = gs[x] / n;
                        bb[x] = bs[x] / n;
                    }
                }
            } else if (y == sh) {
                java.util.Arrays.fill(rr, 0f);
                java.util.Arrays.fill(gg, 0f);
                java.util.Arrays.fill(bb, 0f);
            }
            int o = y * pw;
            if (chw != null) {
                System.arraycopy(rr, 0, chw, o, pw);
                System.arraycopy(gg, 0, chw, plane + o, pw);
                System.arraycopy(bb, 0, chw, 2 * plane + o, pw);
            } else {
                buffer.put(o, rr, 0, pw);
                buffer.put(plane + o, gg, 0, pw);
                buffer.put(2 * plane + o, bb, 0, pw);
            }
        }
    }

    /** Fast access to packed RGB pixels for the common image types; falls back to getRGB for others. */
    static final class Pixels {

        private Pixels() {
        }

        static int[] rgb(BufferedImage image) {
            return rgb(image, null);
        }

        /**
         * Packed RGB pixels, row by row. When a conversion is needed and {@code reuse} holds at least
         * {@code w × h} ints, they are written there and {@code reuse} is returned (it may be longer than
         * {@code w × h}); for {@code TYPE_INT_RGB/ARGB} images the raster's own array is returned.
         */
        static int[] rgb(BufferedImage image, int[] reuse) {
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
                    int[] out = reuse != null && reuse.length >= w * h ? reuse : new int[w * h];
                    for (int i = 0, j = 0, n = w * h; i < n; i++, j += 3) {
                        out[i] = ((data[j + 2] & 0xff) << 16) | ((data[j + 1] & 0xff) << 8) | (data[j] & 0xff);
                    }
                    return out;
                }
                case BufferedImage.TYPE_BYTE_GRAY -> {
                    byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                    if (data.length != w * h || image.getRaster().getSampleModelTranslateX() != 0) {
                        return image.getRGB(0, 0, w, h, null, 0, w);
                    }
                    int[] out = reuse != null && reuse.length >= w * h ? reuse : new int[w * h];
                    for (int i = 0, n = w * h; i < n; i++) {
                        int v = data[i] & 0xff;
                        out[i] = (v << 16) | (v << 8) | v;
                    }
                    return out;
                }
                default -> {
                    return image.getRGB(0, 0, w, h, reuse != null && reuse.length >= w * h ? reuse : null, 0, w);
                }
            }
        }
    }
}
