package dev.plateguard.anpr.synth;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Direct access to TYPE_INT_RGB pixels and fast whole-image filters on them. */
final class Pixels {

    private Pixels() {
    }

    /** The backing array of a TYPE_INT_RGB image (writes go straight to the image). */
    static int[] data(BufferedImage img) {
        if (img.getType() != BufferedImage.TYPE_INT_RGB) {
            throw new IllegalArgumentException("expected TYPE_INT_RGB");
        }
        return ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
    }

    /** A TYPE_INT_RGB copy (or the image itself when {@code copy} is false and it already is one). */
    static BufferedImage rgb(BufferedImage img, boolean copy) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB && !copy) {
            return img;
        }
        var out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            System.arraycopy(data(img), 0, data(out), 0, data(out).length);
        } else {
            var g = out.createGraphics();
            g.drawImage(img, 0, 0, null);
            g.dispose();
        }
        return out;
    }

    static int clamp(int v) {
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }

    /** Box blur of radius r (window 2r+1) horizontally then vertically, in place. */
    static void boxBlur(int[] px, int w, int h, int r) {
        if (r <= 0) {
            return;
        }
        int[] tmp = new int[px.length];
        boxH(px, tmp, w, h, r);
        boxV(tmp, px, w, h, r);
    }

    private static void boxH(int[] src, int[] dst, int w, int h, int r) {
        int win = 2 * r + 1;
        int inv = ((1 << 16) + win / 2) / win;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int rb = 0;
            int gg = 0;
            for (int i = -r; i <= r; i++) {
                int p = src[row + Math.min(w - 1, Math.max(0, i))];
                rb += p & 0xFF00FF;
                gg += p & 0xFF00;
            }
            for (int x = 0; x < w; x++) {
                dst[row + x] = pack(rb, gg, inv);
                int pOut = src[row + (x - r > 0 ? x - r : 0)];
                int pIn = src[row + (x + r + 1 < w ? x + r + 1 : w - 1)];
                rb += (pIn & 0xFF00FF) - (pOut & 0xFF00FF);
                gg += (pIn & 0xFF00) - (pOut & 0xFF00);
            }
        }
    }

    /** Packs sums of red/blue (0x00RRRRBBBB-style, 16 bits each) and green (bits 8..) divided by a window. */
    private static int pack(int rb, int gg, int inv) {
        return (int) ((((long) (rb >>> 16) * inv + 0x8000) >>> 16) << 16 | (((long) (gg >>> 8) * inv + 0x8000) >>> 16) << 8
                | (((long) (rb & 0xFFFF) * inv + 0x8000) >>> 16));
    }

    private static void boxV(int[] src, int[] dst, int w, int h, int r) {
        int win = 2 * r + 1;
        int inv = ((1 << 16) + win / 2) / win;
        int[] rb = new int[w];
        int[] gg = new int[w];
        for (int i = -r; i <= r; i++) {
            int row = Math.min(h - 1, Math.max(0, i)) * w;
            for (int x = 0; x < w; x++) {
                int p = src[row + x];
                rb[x] += p & 0xFF00FF;
                gg[x] += p & 0xFF00;
            }
        }
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int rowOut = Math.max(0, y - r) * w;
            int rowIn = Math.min(h - 1, y + r + 1) * w;
            for (int x = 0; x < w; x++) {
                dst[row + x] = pack(rb[x], gg[x], inv);
                int pOut = src[rowOut + x];
                int pIn = src[rowIn + x];
                rb[x] += (pIn & 0xFF00FF) - (pOut & 0xFF00FF);
                gg[x] += (pIn & 0xFF00) - (pOut & 0xFF00);
            }
        }
    }

    /** Separable [a, 1-2a, a] blur, in place: a light blur (sigma up to about 0.8 px). */
    static void blur3(int[] px, int w, int h, double a) {
        int ka = (int) Math.round(a * 256);
        int kc = 256 - 2 * ka;
        int[] tmp = new int[px.length];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                int l = px[row + (x > 0 ? x - 1 : 0)];
                int c = px[row + x];
                int rr = px[row + (x + 1 < w ? x + 1 : w - 1)];
                tmp[row + x] = mix3(l, c, rr, ka, kc);
            }
        }
        for (int y = 0; y < h; y++) {
            int up = Math.max(0, y - 1) * w;
            int row = y * w;
            int dn = Math.min(h - 1, y + 1) * w;
            for (int x = 0; x < w; x++) {
                px[row + x] = mix3(tmp[up + x], tmp[row + x], tmp[dn + x], ka, kc);
            }
        }
    }

    private static int mix3(int l, int c, int r, int ka, int kc) {
        int rb = ((l & 0xFF00FF) + (r & 0xFF00FF)) * ka + (c & 0xFF00FF) * kc + 0x800080;
        int g = ((l & 0xFF00) + (r & 0xFF00)) * ka + (c & 0xFF00) * kc + 0x8000;
        return (rb >>> 8) & 0xFF00FF | (g >>> 8) & 0xFF00;
    }

    /** Gaussian-like blur of a given sigma (px), in place. */
    static void blur(int[] px, int w, int h, double sigma) {
        if (sigma < 0.3) {
            return;
        }
        if (sigma <= 0.85) {
            // variance of [a,1-2a,a] per pass is 2a; two dimensions separable
            double a = Math.min(0.33, sigma * sigma / 2);
            blur3(px, w, h, a);
            return;
        }
        // one box pass of radius r (variance r(r+1)/3) smoothed by a [1 2 1]/4 pass (variance 1/2)
        int r = Math.max(1, (int) Math.round((Math.sqrt(1 + 12 * Math.max(0.25, sigma * sigma - 0.5)) - 1) / 2));
        boxBlur(px, w, h, r);
        blur3(px, w, h, 0.25);
    }

    /** Bilinear sample of a packed RGB array at (x, y) in pixel-centre coordinates, clamped at the edges. */
    static int bilinear(int[] px, int w, int h, double x, double y) {
        x -= 0.5;
        y -= 0.5;
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        int x1 = Math.min(w - 1, Math.max(0, x0 + 1));
        int y1 = Math.min(h - 1, Math.max(0, y0 + 1));
        x0 = Math.min(w - 1, Math.max(0, x0));
        y0 = Math.min(h - 1, Math.max(0, y0));
        int a = px[y0 * w + x0];
        int b = px[y0 * w + x1];
        int c = px[y1 * w + x0];
        int d = px[y1 * w + x1];
        int wa = (int) ((1 - fx) * (1 - fy) * 256);
        int wb = (int) (fx * (1 - fy) * 256);
        int wc = (int) ((1 - fx) * fy * 256);
        int wd = 256 - wa - wb - wc;
        int r = (((a >> 16) & 255) * wa + ((b >> 16) & 255) * wb + ((c >> 16) & 255) * wc + ((d >> 16) & 255) * wd) >> 8;
        int g = (((a >> 8) & 255) * wa + ((b >> 8) & 255) * wb + ((c >> 8) & 255) * wc + ((d >> 8) & 255) * wd) >> 8;
        int bl = ((a & 255) * wa + (b & 255) * wb + (c & 255) * wc + (d & 255) * wd) >> 8;
        return r << 16 | g << 8 | bl;
    }

    /**
     * Resizes a packed RGB image bilinearly (pixel centres aligned), with precomputed separable weights: fast
     * enough for whole scenes.
     */
    static void resize(int[] src, int sw, int sh, int[] dst, int dw, int dh) {
        int[] x0 = new int[dw];
        int[] x1 = new int[dw];
        int[] fx = new int[dw];
        for (int x = 0; x < dw; x++) {
            double sx = (x + 0.5) * sw / dw - 0.5;
            int i = (int) Math.floor(sx);
            fx[x] = (int) ((sx - i) * 256);
            x0[x] = Math.min(sw - 1, Math.max(0, i));
            x1[x] = Math.min(sw - 1, Math.max(0, i + 1));
        }
        for (int y = 0; y < dh; y++) {
            double sy = (y + 0.5) * sh / dh - 0.5;
            int j = (int) Math.floor(sy);
            int fy = (int) ((sy - j) * 256);
            int r0 = Math.min(sh - 1, Math.max(0, j)) * sw;
            int r1 = Math.min(sh - 1, Math.max(0, j + 1)) * sw;
            int row = y * dw;
            for (int x = 0; x < dw; x++) {
                int top = lerp(src[r0 + x0[x]], src[r0 + x1[x]], fx[x]);
                int bot = lerp(src[r1 + x0[x]], src[r1 + x1[x]], fx[x]);
                dst[row + x] = lerp(top, bot, fy);
            }
        }
    }

    /** Linear blend a→b by t in 0..256. */
    static int lerp(int a, int b, int t) {
        int it = 256 - t;
        int rb = ((a & 0xFF00FF) * it + (b & 0xFF00FF) * t + 0x800080) >>> 8;
        int g = ((a & 0xFF00) * it + (b & 0xFF00) * t + 0x8000) >>> 8;
        return rb & 0xFF00FF | g & 0xFF00;
    }

    /** Blends {@code src} over {@code dst} with coverage a in 0..256. */
    static int blend(int dst, int src, int a) {
        if (a >= 256) {
            return src;
        }
        int ia = 256 - a;
        int r = (((dst >> 16) & 255) * ia + ((src >> 16) & 255) * a) >> 8;
        int g = (((dst >> 8) & 255) * ia + ((src >> 8) & 255) * a) >> 8;
        int b = ((dst & 255) * ia + (src & 255) * a) >> 8;
        return r << 16 | g << 8 | b;
    }

    /** Luma 0..255 of a packed RGB value. */
    static int luma(int p) {
        return (((p >> 16) & 255) * 77 + ((p >> 8) & 255) * 150 + (p & 255) * 29) >> 8;
    }
}
