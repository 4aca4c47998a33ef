package dev.plateguard.simulator.render;

/** Where the plate is in an image, in pixels from its top-left corner (the API's {@code plateBox}). */
public record PlateBox(int x, int y, int width, int height) {
}
