package dev.plateguard.server.recognition;

import dev.plateguard.anpr.Recognition;
import dev.plateguard.plates.Country;

/**
 * What the server needs of a recogniser: image bytes in, plates out. The bean is {@link AnprPlateReader} (module
 * {@code anpr}); tests put deterministic readers behind the same interface.
 */
public interface PlateReader {

    /** The recogniser's name, recorded with each recognition and in {@code plate_read.plate_source}. */
    String name();

    /**
     * Whether the reader can recognise now, and with which models. May look for missing models again (rate
     * limited), so it is cheap to call often.
     */
    State state();

    /**
     * Recognises one encoded image (JPEG, PNG).
     *
     * @throws Unavailable              when no models are loaded
     * @throws IllegalArgumentException when the bytes are not a readable image
     */
    Recognition recognise(byte[] encodedImage);

    /**
     * Recognises a clip (MP4, H.264) of one passing vehicle: frames spread over it, each plate's readings fused.
     *
     * @throws Unavailable              when no models are loaded
     * @throws IllegalArgumentException when the bytes are not a decodable clip, or this reader reads no clips
     */
    default Recognition recogniseClip(byte[] mp4) {
        throw new IllegalArgumentException(name() + " reads no video clips");
    }

    /** As {@link #recognise(byte[])}, with the country that breaks ties between formats (null: none). */
    default Recognition recognise(byte[] encodedImage, Country countryHint) {
        return recognise(encodedImage);
    }

    /** As {@link #recogniseClip(byte[])}, with the country that breaks ties between formats (null: none). */
    default Recognition recogniseClip(byte[] mp4, Country countryHint) {
        return recogniseClip(mp4);
    }

    /**
     * @param available    models are loaded
     * @param modelVersion their {@code models.json} version, null when not available
     * @param source       where they came from (a directory, {@code classpath:...}), null when not available
     * @param problem      why not available (missing models, a broken contract, switched off), null when available
     */
    record State(boolean available, String modelVersion, String source, String problem) {

        public static State ready(String modelVersion, String source) {
            return new State(true, modelVersion, source, null);
        }

        public static State unavailable(String problem) {
            return new State(false, null, null, problem);
        }
    }

    /** No models are loaded: the job waits (nothing is recorded). */
    class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message);
        }
    }
}
