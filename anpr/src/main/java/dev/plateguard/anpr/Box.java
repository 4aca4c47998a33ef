package dev.plateguard.anpr;

/**
 * An axis-aligned box in image pixels: {@code x, y} is the top-left corner.
 */
public record Box(int x, int y, int width, int height) {

    public Box {
        if (width < 0 || height < 0) {
            throw new IllegalArgumentException("negative box size " + width + " x " + height);
        }
    }

    /** The smallest integer box holding the quadrilateral {@code x0, y0, ... x3, y3}, clipped to the image. */
    public static Box around(double[] corners, int imageWidth, int imageHeight) {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < corners.length; k += 2) {
            minX = Math.min(minX, corners[k]);
            maxX = Math.max(maxX, corners[k]);
            minY = Math.min(minY, corners[k + 1]);
            maxY = Math.max(maxY, corners[k + 1]);
        }
        int x0 = (int) Math.max(0, Math.floor(minX));
        int y0 = (int) Math.max(0, Math.floor(minY));
        int x1 = (int) Math.min(imageWidth, Math.ceil(maxX));
        int y1 = (int) Math.min(imageHeight, Math.ceil(maxY));
        return new Box(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    public long area() {
        return (long) width * height;
    }

    /** Intersection over union with another box; 0 when either is empty. */
    public double iou(Box o) {
        return iou(x, y, width, height, o.x, o.y, o.width, o.height);
    }

    /** Intersection over union of two boxes given as x, y, width, height; 0 when either is empty. */
    public static double iou(double ax, double ay, double aw, double ah, double bx, double by, double bw, double bh) {
        if (aw <= 0 || ah <= 0 || bw <= 0 || bh <= 0) {
            return 0;
        }
        double iw = Math.min(ax + aw, bx + bw) - Math.max(ax, bx);
        double ih = Math.min(ay + ah, by + bh) - Math.max(ay, by);
        if (iw <= 0 || ih <= 0) {
            return 0;
        }
        double inter = iw * ih;
        return inter / (aw * ah + bw * bh - inter);
    }
}
