package dev.plateguard.anpr.train;

import java.util.List;

/**
 * One detector training example: an RGB tensor laid out like {@code DetectorInput.chw} (3 × height × width, 0..1)
 * and the plates in it as corner quadruples (x0, y0 … x3, y3: top-left, top-right, bottom-right, bottom-left) in
 * tensor pixels.
 */
public record DetectorExample(float[] chw, int width, int height, List<double[]> plates) {
}
