package dev.plateguard.anpr.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ground truth in the OpenALPR benchmark layout: {@code NAME.txt} beside {@code NAME.jpg}, one line per plate,
 * {@code file x y width height plate} separated by tabs or spaces. Blank lines and lines starting with {@code #} are
 * skipped; a plate text that itself contains spaces is joined.
 */
public final class BenchLabels {

    /** One labelled plate: its box in image pixels and its text as written in the label file. */
    public record Label(String file, double x, double y, double width, double height, String plate) {

        /** The text compared with readings: upper case, without spaces and dashes. */
        public String normalisedPlate() {
            return normalise(plate);
        }
    }

    private BenchLabels() {
    }

    /**
     * @throws IllegalArgumentException naming the file and line when a line is not {@code file x y w h plate}
     */
    public static List<Label> parse(String text, String where) {
        List<Label> out = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("[\\t ]+");
            String at = where + " line " + (n + 1);
            if (f.length < 6) {
                throw new IllegalArgumentException(at + ": expected 'file x y width height plate' separated by tabs or spaces, got "
                        + f.length + " field" + (f.length == 1 ? "" : "s"));
            }
            double[] box = new double[4];
            for (int k = 0; k < 4; k++) {
                try {
                    box[k] = Double.parseDouble(f[k + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(at + ": " + List.of("x", "y", "width", "height").get(k)
                            + " is not a number: '" + f[k + 1] + "'");
                }
                if (!Double.isFinite(box[k])) {
                    throw new IllegalArgumentException(at + ": " + List.of("x", "y", "width", "height").get(k) + " is not finite");
                }
            }
            if (box[2] <= 0 || box[3] <= 0) {
                throw new IllegalArgumentException(at + ": width and height must be positive");
            }
            String plate = String.join("", java.util.Arrays.copyOfRange(f, 5, f.length));
            if (normalise(plate).isEmpty()) {
                throw new IllegalArgumentException(at + ": the plate text is empty");
            }
            out.add(new Label(f[0], box[0], box[1], box[2], box[3], plate));
        }
        return out;
    }

    public static List<Label> read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage(), 1);
        }
    }

    /** Upper case, without whitespace and dashes: how the benchmark compares texts. */
    public static String normalise(String text) {
        return text.replaceAll("[\\s\\-\\u2010-\\u2015\\u2212]", "").toUpperCase(Locale.ROOT);
    }
}
