package dev.plateguard.anpr.synth;

import java.awt.image.BufferedImage;

/**
 * One flat plate.
 *
 * @param image   the plate, {@link BufferedImage#TYPE_INT_RGB}, tight to the plate's outline (pixels outside rounded
 *                corners are dark grey)
 * @param text    normalised text (A–Z, 0–9 only) as read left to right, top row then bottom row
 * @param country ISO 3166 alpha-2 code of the issuing country ({@code EU} for the generic and vanity EU styles)
 * @param style   the style's name, one of {@link PlateRenderer#styles()}
 */
public record PlateSample(BufferedImage image, String text, String country, String style) {
}
