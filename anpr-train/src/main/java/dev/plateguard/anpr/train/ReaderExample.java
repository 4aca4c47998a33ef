package dev.plateguard.anpr.train;

/**
 * One reader training example: the plate crop exactly as the runtime feeds it ({@code PlateCrop.grey}, 32 × 128 grey
 * values in 0..1, row by row) and its text over {@link ReaderNet#ALPHABET}.
 */
public record ReaderExample(float[] grey, String text) {
}
