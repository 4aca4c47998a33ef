package dev.plateguard.anpr;

import dev.plateguard.plates.Country;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a plate's colours say about its country, for texts that several countries' formats fit: a blue band down the
 * left edge (the EU band with its stars and country code; Turkey's and Kazakhstan's look the same from afar) or a
 * blue band across the top (Mercosur: Brazil). The plate's quadrilateral is sampled on a 48 × 12 grid of the
 * image's own colours; a band counts only when most of its cells are clearly blue and the plate's middle is not (a
 * blue car behind a mis-cut plate, a blue plate), and an infrared or grey image has no cue at all.
 */
enum LayoutCues {
    /** No band found: every country stays plausible. (Unknown, the generic format's, always is.) */
    NONE(null),
    /** A blue band on the left. */
    EU_BAND(EnumSet.of(Country.DE, Country.FR, Country.IT, Country.ES, Country.PL, Country.GB, Country.UA, Country.TR,
            Country.KZ, Country.UNKNOWN)),
    /** A blue band across the top. */
    MERCOSUR_BAND(EnumSet.of(Country.BR, Country.UNKNOWN));

    private final Set<Country> plausible;

    LayoutCues(Set<Country> plausible) {
        this.plausible = plausible;
    }

    /** The countries this layout is printed by; null when it says nothing. */
    Set<Country> plausible() {
        return plausible;
    }

    private static final int GRID_W = 48;
    private static final int GRID_H = 12;
    /** Share of the left band's cells that must be blue. */
    static final double BAND = 0.5;
    /**
     * Share of one row in the top 30 % that must be blue: the top band carries white lettering (BRASIL), and a dealer
     * frame often covers part of it, so its clearest row counts.
     */
    static final double TOP_BAND = 0.8;
    /** Share of the plate's middle that may be blue for a band to count. */
    static final double MIDDLE = 0.15;

    /**
     * The cue of a plate.
     *
     * @param rgb     the image's pixels, packed RGB, row by row
     * @param corners x0, y0 ... x3, y3: top-left, top-right, bottom-right, bottom-left
     */
    static LayoutCues of(int[] rgb, int width, int height, double[] corners) {
        if (rgb == null || corners == null || corners.length != 8) {
            return NONE;
        }
        int left = 0;
        int leftN = 0;
        double topRow = 0;
        int middle = 0;
        int middleN = 0;
        for (int j = 0; j < GRID_H; j++) {
            double v = (j + 0.5) / GRID_H;
            int row = 0;
            int rowN = 0;
            for (int i = 0; i < GRID_W; i++) {
                double u = (i + 0.5) / GRID_W;
                boolean blue = blue(sample(rgb, width, height, corners, u, v));
                if (u < 0.075 && v > 0.12 && v < 0.88) {
                    leftN++;
                    left += blue ? 1 : 0;
                } else if (v < 0.3 && u > 0.12 && u < 0.88) {
                    rowN++;
                    row += blue ? 1 : 0;
                } else if (u > 0.2 && u < 0.8 && v > 0.35 && v < 0.88) {
                    middleN++;
                    middle += blue ? 1 : 0;
                }
            }
            if (rowN > 0) {
                topRow = Math.max(topRow, row / (double) rowN);
            }
        }
        if (middle > MIDDLE * middleN) {
            return NONE;
        }
        boolean leftBand = left >= BAND * leftN;
        boolean topBand = topRow >= TOP_BAND;
        if (leftBand && !topBand) {
            return EU_BAND;
        }
        if (topBand && !leftBand) {
            return MERCOSUR_BAND;
        }
        return NONE;
    }

    /** Clearly blue: blue dominates red well and green somewhat, and is not dark. */
    static boolean blue(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return b >= 80 && b >= r + 40 && b >= g + 12;
    }

    /** The pixel at (u, v) of the quadrilateral (bilinear in its corners), or 0 (black) outside the image. */
    private static int sample(int[] rgb, int width, int height, double[] c, double u, double v) {
        double x = (1 - v) * ((1 - u) * c[0] + u * c[2]) + v * ((1 - u) * c[6] + u * c[4]);
        double y = (1 - v) * ((1 - u) * c[1] + u * c[3]) + v * ((1 - u) * c[7] + u * c[5]);
        int xi = (int) x;
        int yi = (int) y;
        if (xi < 0 || yi < 0 || xi >= width || yi >= height) {
            return 0;
        }
        return rgb[yi * width + xi];
    }
}
