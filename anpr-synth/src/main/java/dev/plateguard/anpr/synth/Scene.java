package dev.plateguard.anpr.synth;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A rendered scene.
 *
 * @param image  the scene, TYPE_INT_RGB
 * @param plates every visible plate, nearest last; empty for scenes without plates
 */
public record Scene(BufferedImage image, List<PlacedPlate> plates) {
}
