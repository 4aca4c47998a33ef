package dev.plateguard.anpr;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;

/**
 * The content of {@code models.json} (docs/anpr-models.md): model version, and how to feed and read the detector
 * and the reader. Unknown keys (such as {@code training}) are ignored.
 *
 * @param version  recorded with every read; never blank
 * @param detector the detector's file and geometry
 * @param reader   the reader's file, input size and alphabet
 * @param refiner  the corner refiner's file and passes; null when the models have none (the detector's corners are
 *                 used as they are)
 */
public record ModelConfig(String version, Detector detector, Reader reader, Refiner refiner) {

    /**
     * @param file        ONNX file, relative to the models directory
     * @param stride      input pixels per output cell; must divide {@link DetectorInput#MULTIPLE}
     * @param cornerScale corner offsets are in input pixels divided by this
     * @param maxSide     the detector input's longest side
     */
    public record Detector(String file, int stride, double cornerScale, int maxSide) {
    }

    /**
     * @param file     ONNX file, relative to the models directory
     * @param width    input width; must be {@link PlateCrop#WIDTH}
     * @param height   input height; must be {@link PlateCrop#HEIGHT}
     * @param alphabet class i of the output is {@code alphabet.charAt(i - 1)}; class 0 is the CTC blank
     */
    public record Reader(String file, int width, int height, String alphabet) {
    }

    /**
     * @param file   ONNX file, relative to the models directory
     * @param width  input width; must be {@link PlateContext#WIDTH}
     * @param height input height; must be {@link PlateContext#HEIGHT}
     * @param passes how many times each plate's corners are refined, each pass from the last one's corners (1..4)
     */
    public record Refiner(String file, int width, int height, int passes) {
    }

    /** Models without a corner refiner. */
    public ModelConfig(String version, Detector detector, Reader reader) {
        this(version, detector, reader, null);
    }

    public ModelConfig {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(reader, "reader");
    }

    /**
     * Parses and validates {@code models.json}.
     *
     * @param where names the file in error messages
     * @throws ModelException when the text is not valid JSON or breaks the contract
     */
    public static ModelConfig parse(String json, String where) {
        JsonNode root;
        try {
            root = AnprJson.MAPPER.readTree(json);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            throw new ModelException(where + ": invalid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelException(where + ": expected a JSON object");
        }
        String version = string(root, "version", where);
        JsonNode d = object(root, "detector", where);
        JsonNode r = object(root, "reader", where);
        Detector detector = new Detector(string(d, "file", where + " detector"), integer(d, "stride", where + " detector"),
                number(d, "cornerScale", where + " detector"), integer(d, "maxSide", where + " detector"));
        Reader reader = new Reader(string(r, "file", where + " reader"), integer(r, "width", where + " reader"),
                integer(r, "height", where + " reader"), string(r, "alphabet", where + " reader"));
        Refiner refiner = null;
        if (root.hasNonNull("refiner")) {
            JsonNode f = object(root, "refiner", where);
            refiner = new Refiner(string(f, "file", where + " refiner"), integer(f, "width", where + " refiner"),
                    integer(f, "height", where + " refiner"), integer(f, "passes", where + " refiner"));
        }
        ModelConfig config = new ModelConfig(version, detector, reader, refiner);
        config.validate(where);
        return config;
    }

    /** The number of reader output classes: the blank plus one per alphabet character. */
    public int readerClasses() {
        return reader.alphabet().length() + 1;
    }

    private void validate(String where) {
        if (version.isBlank()) {
            throw new ModelException(where + ": \"version\" is blank");
        }
        if (detector.stride() <= 0 || DetectorInput.MULTIPLE % detector.stride() != 0) {
            throw new ModelException(where + ": detector.stride must divide " + DetectorInput.MULTIPLE + ", got " + detector.stride());
        }
        if (!(detector.cornerScale() > 0)) {
            throw new ModelException(where + ": detector.cornerScale must be positive");
        }
        if (detector.maxSide() < DetectorInput.MULTIPLE) {
            throw new ModelException(where + ": detector.maxSide must be at least " + DetectorInput.MULTIPLE);
        }
        if (reader.width() != PlateCrop.WIDTH || reader.height() != PlateCrop.HEIGHT) {
            throw new ModelException(where + ": reader input must be " + PlateCrop.WIDTH + " x " + PlateCrop.HEIGHT
                    + " (PlateCrop), got " + reader.width() + " x " + reader.height());
        }
        String alphabet = reader.alphabet();
        if (alphabet.isEmpty()) {
            throw new ModelException(where + ": reader.alphabet is empty");
        }
        Set<Character> seen = new HashSet<>();
        for (char c : alphabet.toCharArray()) {
            if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) {
                throw new ModelException(where + ": reader.alphabet may only hold A-Z and 0-9 (normalised plate text), got '" + c + "'");
            }
            if (!seen.add(c)) {
                throw new ModelException(where + ": reader.alphabet repeats '" + c + "'");
            }
        }
        if (refiner != null) {
            if (refiner.width() != PlateContext.WIDTH || refiner.height() != PlateContext.HEIGHT) {
                throw new ModelException(where + ": refiner input must be " + PlateContext.WIDTH + " x " + PlateContext.HEIGHT
                        + " (PlateContext), got " + refiner.width() + " x " + refiner.height());
            }
            if (refiner.passes() < 1 || refiner.passes() > 4) {
                throw new ModelException(where + ": refiner.passes must be 1..4, got " + refiner.passes());
            }
        }
        List<String> files = refiner == null ? List.of(detector.file(), reader.file())
                : List.of(detector.file(), reader.file(), refiner.file());
        for (String file : files) {
            if (file.isBlank() || file.startsWith("/") || file.contains("..") || file.contains("\\")) {
                throw new ModelException(where + ": model file names must be relative names inside the models directory, got \"" + file + "\"");
            }
        }
    }

    private static JsonNode object(JsonNode m, String key, String where) {
        JsonNode v = m.get(key);
        if (v == null || !v.isObject()) {
            throw new ModelException(where + ": missing object \"" + key + "\"");
        }
        return v;
    }

    private static String string(JsonNode m, String key, String where) {
        JsonNode v = m.get(key);
        if (v == null || !v.isString()) {
            throw new ModelException(where + ": missing string \"" + key + "\"");
        }
        return v.stringValue();
    }

    private static double number(JsonNode m, String key, String where) {
        JsonNode v = m.get(key);
        if (v == null || !v.isNumber()) {
            throw new ModelException(where + ": missing number \"" + key + "\"");
        }
        return v.doubleValue();
    }

    private static int integer(JsonNode m, String key, String where) {
        double v = number(m, key, where);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new ModelException(where + ": \"" + key + "\" must be an integer, got " + v);
        }
        return (int) v;
    }
}
