package dev.plateguard.anpr.synth;

import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;

/** Homographies, a pinhole camera, and warping a flat plate into an image. */
final class Geometry {

    private Geometry() {
    }

    /** The 3×3 homography (row-major, h[8] = 1) mapping four source points onto four destination points. */
    static double[] homography(double[] src, double[] dst) {
        double[][] a = new double[8][9];
        for (int i = 0; i < 4; i++) {
            double x = src[2 * i];
            double y = src[2 * i + 1];
            double u = dst[2 * i];
            double v = dst[2 * i + 1];
            a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
            a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
        }
        for (int c = 0; c < 8; c++) {
            int p = c;
            for (int r = c + 1; r < 8; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] t = a[c];
            a[c] = a[p];
            a[p] = t;
            double d = a[c][c];
            if (Math.abs(d) < 1e-12) {
                throw new IllegalArgumentException("degenerate quadrilateral");
            }
            for (int k = c; k < 9; k++) {
                a[c][k] /= d;
            }
            for (int r = 0; r < 8; r++) {
                if (r != c && a[r][c] != 0) {
                    double f = a[r][c];
                    for (int k = c; k < 9; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] h = new double[9];
        for (int i = 0; i < 8; i++) {
            h[i] = a[i][8];
        }
        h[8] = 1;
        return h;
    }

    static double[] invert(double[] m) {
        double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5], g = m[6], h = m[7], i = m[8];
        double A = e * i - f * h;
        double B = -(d * i - f * g);
        double C = d * h - e * g;
        double det = a * A + b * B + c * C;
        if (Math.abs(det) < 1e-15) {
            throw new IllegalArgumentException("singular homography");
        }
        double[] r = {A, -(b * i - c * h), b * f - c * e, B, a * i - c * g, -(a * f - c * d), C, -(a * h - b * g), a * e - b * d};
        for (int k = 0; k < 9; k++) {
            r[k] /= det;
        }
        return r;
    }

    static double mapX(double[] m, double x, double y) {
        return (m[0] * x + m[1] * y + m[2]) / (m[6] * x + m[7] * y + m[8]);
    }

    static double mapY(double[] m, double x, double y) {
        return (m[3] * x + m[4] * y + m[5]) / (m[6] * x + m[7] * y + m[8]);
    }

    /** Axis-aligned bounds x0, y0, x1, y1 of points x0,y0,x1,y1... */
    static double[] bounds(double[] pts) {
        double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (int i = 0; i < pts.length; i += 2) {
            x0 = Math.min(x0, pts[i]);
            x1 = Math.max(x1, pts[i]);
            y0 = Math.min(y0, pts[i + 1]);
            y1 = Math.max(y1, pts[i + 1]);
        }
        return new double[] {x0, y0, x1, y1};
    }

    /**
     * A pinhole camera looking at an object whose local frame has x to the right, y up and z away from the camera
     * (a car's rear or front face is the plane z = 0).
     */
    static final class Cam {
        final double f;
        double cx;
        double cy;
        final double[] r = new double[9];
        final double[] t = new double[3];

        /**
         * @param yaw   rotation of the object about its vertical axis (radians)
         * @param pitch downward tilt of the camera (radians)
         * @param roll  rotation about the optical axis (radians)
         */
        Cam(double f, double cx, double cy, double yaw, double pitch, double roll) {
            this.f = f;
            this.cx = cx;
            this.cy = cy;
            double cyw = Math.cos(yaw), syw = Math.sin(yaw);
            double cp = Math.cos(pitch), sp = Math.sin(pitch);
            double cr = Math.cos(roll), sr = Math.sin(roll);
            // local (x, y up, z) -> world after yaw: xw = cyw x + syw z, yw = y, zw = -syw x + cyw z
            // world -> camera (pitch down): X = xw, Y = -cp yw - sp zw, Z = -sp yw + cp zw; then roll in the image plane
            double[] yawM = {cyw, 0, syw, 0, 1, 0, -syw, 0, cyw};
            double[] pitchM = {1, 0, 0, 0, -cp, -sp, 0, -sp, cp};
            double[] rollM = {cr, -sr, 0, sr, cr, 0, 0, 0, 1};
            double[] m = mul(rollM, mul(pitchM, yawM));
            System.arraycopy(m, 0, r, 0, 9);
        }

        private static double[] mul(double[] a, double[] b) {
            double[] c = new double[9];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    c[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
                }
            }
            return c;
        }

        /** Places the local origin at depth z in front of the camera so that it projects to pixel (u, v). */
        void place(double u, double v, double z) {
            t[0] = (u - cx) * z / f;
            t[1] = (v - cy) * z / f;
            t[2] = z;
        }

        double camZ(double x, double y, double z) {
            return r[6] * x + r[7] * y + r[8] * z + t[2];
        }

        /** Projects a local point; returns false when it is behind (or too near) the camera. */
        boolean project(double x, double y, double z, double[] out, int off) {
            double X = r[0] * x + r[1] * y + r[2] * z + t[0];
            double Y = r[3] * x + r[4] * y + r[5] * z + t[1];
            double Z = r[6] * x + r[7] * y + r[8] * z + t[2];
            if (Z < 1) {
                return false;
            }
            out[off] = cx + f * X / Z;
            out[off + 1] = cy + f * Y / Z;
            return true;
        }

        /** Whether a face with local normal n through local point p faces the camera. */
        boolean facing(double nx, double ny, double nz, double px, double py, double pz) {
            double NX = r[0] * nx + r[1] * ny + r[2] * nz;
            double NY = r[3] * nx + r[4] * ny + r[5] * nz;
            double NZ = r[6] * nx + r[7] * ny + r[8] * nz;
            double X = r[0] * px + r[1] * py + r[2] * pz + t[0];
            double Y = r[3] * px + r[4] * py + r[5] * pz + t[1];
            double Z = r[6] * px + r[7] * py + r[8] * pz + t[2];
            return NX * X + NY * Y + NZ * Z < 0;
        }
    }

    /** Maps 2D plane coordinates (a, b) to local 3D points. */
    @FunctionalInterface
    interface Plane {
        void point(double a, double b, double[] xyz);
    }

    /** The shape, given in plane coordinates, projected through the camera; null if any point is behind it. */
    static Path2D project(Cam cam, Plane plane, Shape s, double flatness) {
        var out = new Path2D.Double();
        double[] seg = new double[6];
        double[] xyz = new double[3];
        double[] uv = new double[2];
        for (PathIterator it = s.getPathIterator(null, flatness); !it.isDone(); it.next()) {
            int type = it.currentSegment(seg);
            if (type == PathIterator.SEG_CLOSE) {
                out.closePath();
                continue;
            }
            plane.point(seg[0], seg[1], xyz);
            if (!cam.project(xyz[0], xyz[1], xyz[2], uv, 0)) {
                return null;
            }
            if (type == PathIterator.SEG_MOVETO) {
                out.moveTo(uv[0], uv[1]);
            } else {
                out.lineTo(uv[0], uv[1]);
            }
        }
        return out;
    }

    /** A polygon of local 3D points (x,y,z triples) projected; null if any point is behind the camera. */
    static Path2D poly3(Cam cam, double... xyz) {
        var out = new Path2D.Double();
        double[] uv = new double[2];
        for (int i = 0; i < xyz.length; i += 3) {
            if (!cam.project(xyz[i], xyz[i + 1], xyz[i + 2], uv, 0)) {
                return null;
            }
            if (i == 0) {
                out.moveTo(uv[0], uv[1]);
            } else {
                out.lineTo(uv[0], uv[1]);
            }
        }
        out.closePath();
        return out;
    }

    /**
     * Warps a flat plate into an image through a homography from plate millimetres to image pixels, with
     * anti-aliased rounded edges.
     *
     * @param gain brightness multiplier of the plate's pixels (retro-reflection under infrared, 1 = none)
     */
    static void warp(int[] dst, int dw, int dh, PlateRenderer.Flat plate, double[] mmToPx, double gain) {
        int[] src = Pixels.data(plate.image());
        int sw = plate.image().getWidth();
        int sh = plate.image().getHeight();
        double w = plate.wMm();
        double h = plate.hMm();
        double rad = Math.min(plate.radius(), Math.min(w, h) / 2);
        double ppmX = sw / w;
        double ppmY = sh / h;
        double[] inv = invert(mmToPx);
        double[] c = {mapX(mmToPx, 0, 0), mapY(mmToPx, 0, 0), mapX(mmToPx, w, 0), mapY(mmToPx, w, 0), mapX(mmToPx, w, h),
            mapY(mmToPx, w, h), mapX(mmToPx, 0, h), mapY(mmToPx, 0, h)};
        double[] b = bounds(c);
        int x0 = Math.max(0, (int) Math.floor(b[0]) - 1);
        int y0 = Math.max(0, (int) Math.floor(b[1]) - 1);
        int x1 = Math.min(dw - 1, (int) Math.ceil(b[2]) + 1);
        int y1 = Math.min(dh - 1, (int) Math.ceil(b[3]) + 1);
        // local scale (image px per mm) and the mm offsets of a quarter image pixel, at the plate's centre
        double ccx = mapX(mmToPx, w / 2, h / 2);
        double ccy = mapY(mmToPx, w / 2, h / 2);
        double jxa = mapX(inv, ccx + 1, ccy) - mapX(inv, ccx, ccy);
        double jya = mapY(inv, ccx + 1, ccy) - mapY(inv, ccx, ccy);
        double jxb = mapX(inv, ccx, ccy + 1) - mapX(inv, ccx, ccy);
        double jyb = mapY(inv, ccx, ccy + 1) - mapY(inv, ccx, ccy);
        double mmPerPx = Math.sqrt(Math.abs(jxa * jyb - jxb * jya));
        double pxPerMm = 1 / Math.max(mmPerPx, 1e-9);
        double srcPerDst = Math.max(Math.hypot(jxa, jya) * ppmX, Math.hypot(jxb, jyb) * ppmY);
        boolean multi = srcPerDst > 1.5;
        int g256 = (int) Math.round(gain * 256);
        for (int y = y0; y <= y1; y++) {
            double py = y + 0.5;
            for (int x = x0; x <= x1; x++) {
                double px = x + 0.5;
                double den = inv[6] * px + inv[7] * py + inv[8];
                double a = (inv[0] * px + inv[1] * py + inv[2]) / den;
                double bb = (inv[3] * px + inv[4] * py + inv[5]) / den;
                double d = sdRoundRect(a, bb, w, h, rad);
                double cov = 0.5 - d * pxPerMm;
                if (cov <= 0) {
                    continue;
                }
                int col;
                if (multi) {
                    int s0 = Pixels.bilinear(src, sw, sh, (a - 0.25 * (jxa + jxb)) * ppmX, (bb - 0.25 * (jya + jyb)) * ppmY);
                    int s1 = Pixels.bilinear(src, sw, sh, (a + 0.25 * (jxa - jxb)) * ppmX, (bb + 0.25 * (jya - jyb)) * ppmY);
                    int s2 = Pixels.bilinear(src, sw, sh, (a - 0.25 * (jxa - jxb)) * ppmX, (bb - 0.25 * (jya - jyb)) * ppmY);
                    int s3 = Pixels.bilinear(src, sw, sh, (a + 0.25 * (jxa + jxb)) * ppmX, (bb + 0.25 * (jya + jyb)) * ppmY);
                    col = avg4(s0, s1, s2, s3);
                } else {
                    col = Pixels.bilinear(src, sw, sh, a * ppmX, bb * ppmY);
                }
                if (g256 != 256) {
                    col = Pixels.clamp((((col >> 16) & 255) * g256) >> 8) << 16 | Pixels.clamp((((col >> 8) & 255) * g256) >> 8) << 8
                            | Pixels.clamp(((col & 255) * g256) >> 8);
                }
                int i = y * dw + x;
                dst[i] = cov >= 1 ? col : Pixels.blend(dst[i], col, (int) (cov * 256));
            }
        }
    }

    private static int avg4(int a, int b, int c, int d) {
        int r = (((a >> 16) & 255) + ((b >> 16) & 255) + ((c >> 16) & 255) + ((d >> 16) & 255)) >> 2;
        int g = (((a >> 8) & 255) + ((b >> 8) & 255) + ((c >> 8) & 255) + ((d >> 8) & 255)) >> 2;
        int bl = ((a & 255) + (b & 255) + (c & 255) + (d & 255)) >> 2;
        return r << 16 | g << 8 | bl;
    }

    /** Signed distance (mm, negative inside) from (x, y) to a w × h rectangle at the origin with corner radius r. */
    static double sdRoundRect(double x, double y, double w, double h, double r) {
        double qx = Math.abs(x - w / 2) - (w / 2 - r);
        double qy = Math.abs(y - h / 2) - (h / 2 - r);
        double ox = Math.max(qx, 0);
        double oy = Math.max(qy, 0);
        return Math.sqrt(ox * ox + oy * oy) + Math.min(Math.max(qx, qy), 0) - r;
    }
}
