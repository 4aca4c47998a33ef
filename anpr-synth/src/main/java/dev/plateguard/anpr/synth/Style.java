package dev.plateguard.anpr.synth;

import dev.plateguard.plates.PlateFormat;
import java.awt.Color;
import java.util.Random;
import java.util.function.Function;

/**
 * A named plate style: how to draw one plate of a country and layout, and how to make its text.
 *
 * @param name    the style's name, e.g. {@code uz-private}
 * @param country ISO 3166 alpha-2 code of the issuing country
 * @param format  the {@link PlateFormat} the text always matches, or null when {@code plates} defines none
 * @param weight  relative frequency in {@link PlateRenderer#render()}
 * @param group   uz, neighbour, eu, us, br or other
 * @param planner makes one plate: text, size and painter
 */
record Style(String name, String country, PlateFormat format, double weight, String group, Function<Random, Plan> planner) {

    /** Paints a plate on a millimetre canvas. */
    @FunctionalInterface
    interface Painter {
        void paint(Canvas c);
    }

    /**
     * One plate to draw.
     *
     * @param text       normalised text (A–Z, 0–9), top row then bottom row
     * @param w          width in millimetres
     * @param h          height in millimetres
     * @param radius     corner radius in millimetres
     * @param bg         the dominant background colour
     * @param textTop    top of the registration characters (mm), so frames and stickers can avoid them
     * @param textBottom bottom of the registration characters (mm)
     * @param screws     screw positions x0,y0,x1,y1... in mm (may be empty)
     * @param painter    draws the plate
     */
    record Plan(String text, double w, double h, double radius, Color bg, double textTop, double textBottom, double[] screws,
                Painter painter) {
    }
}
