package dev.plateguard.anpr.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes a folder of synthetic scenes in the OpenALPR benchmark layout: {@code NAME.jpg} plus {@code NAME.txt} with one
 * tab-separated line per plate, {@code NAME.jpg<TAB>x<TAB>y<TAB>w<TAB>h<TAB>TEXT}, where x, y, w, h is the axis-aligned
 * box of the plate's corners (integers, clamped to the image) and TEXT the normalised plate text. Every image holds at
 * least one plate.
 *
 * <pre>
 * WriteBenchSet --out DIR [--count N] [--seed S] [--settings heldOut|training] [--styles uz|all|STYLE,STYLE...]
 *               [--size WxH] [--quality Q]
 * </pre>
 * Defaults: 100 images, seed 1, heldOut settings, all styles, 1280x720, JPEG quality 92.
 */
public final class WriteBenchSet {

    /** Parsed command line. */
    record Options(Path out, int count, long seed, String settings, String styles, int width, int height, int quality) {
    }

    private WriteBenchSet() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: WriteBenchSet --out DIR [--count N] [--seed S] [--settings heldOut|training] "
                    + "[--styles uz|all|STYLE,...] [--size WxH] [--quality Q]");
            System.exit(2);
            return;
        }
        long t = System.nanoTime();
        int plates = write(o);
        System.out.printf(Locale.ROOT, "wrote %d images with %d plates to %s in %.1f s%n", o.count(), plates, o.out(),
                (System.nanoTime() - t) / 1e9);
    }

    static Options parse(String[] args) {
        Path out = null;
        int count = 100;
        long seed = 1;
        String settings = "heldOut";
        String styles = "all";
        int w = 1280;
        int h = 720;
        int quality = 92;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--out" -> out = Path.of(v);
                case "--count" -> count = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--settings" -> {
                    if (!v.equals("heldOut") && !v.equals("training")) {
                        throw new IllegalArgumentException("--settings must be heldOut or training");
                    }
                    settings = v;
                }
                case "--styles" -> styles = v;
                case "--size" -> {
                    String[] p = v.toLowerCase(Locale.ROOT).split("x");
                    if (p.length != 2) {
                        throw new IllegalArgumentException("--size must look like 1280x720");
                    }
                    w = Integer.parseInt(p[0]);
                    h = Integer.parseInt(p[1]);
                }
                case "--quality" -> quality = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out is required");
        }
        if (count < 0 || w < 32 || h < 32 || quality < 1 || quality > 100) {
            throw new IllegalArgumentException("count, size or quality out of range");
        }
        return new Options(out, count, seed, settings, styles, w, h, quality);
    }

    /** The settings an option set names. */
    static SceneRenderer.Settings settings(Options o) {
        SceneRenderer.Settings s = o.settings().equals("training") ? SceneRenderer.Settings.training() : SceneRenderer.Settings.heldOut();
        List<String> names = switch (o.styles()) {
            case "all" -> List.of();
            case "uz" -> PlateRenderer.styles("uz");
            case "eu", "us", "neighbour", "br", "other" -> PlateRenderer.styles(o.styles());
            default -> List.of(o.styles().split(","));
        };
        return s.withStyles(names).withMinPlates(1);
    }

    /** Writes the set; returns the number of plates written. */
    static int write(Options o) {
        try {
            Files.createDirectories(o.out());
            var renderer = new SceneRenderer(o.seed(), settings(o));
            int plates = 0;
            int digits = Math.max(5, String.valueOf(o.count()).length());
            for (int i = 0; i < o.count(); i++) {
                Scene s = renderer.render(o.width(), o.height());
                String name = String.format(Locale.ROOT, "synth%0" + digits + "d", i + 1);
                writeJpeg(s.image(), o.out().resolve(name + ".jpg"), o.quality());
                var lines = new ArrayList<String>();
                for (PlacedPlate p : s.plates()) {
                    lines.add(line(name + ".jpg", p, o.width(), o.height()));
                }
                Files.write(o.out().resolve(name + ".txt"), lines, StandardCharsets.UTF_8);
                plates += lines.size();
            }
            return plates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One benchmark line: file, x, y, w, h (integer box of the corners, inside the image), text. */
    static String line(String file, PlacedPlate p, int w, int h) {
        double[] b = Geometry.bounds(p.corners());
        int x0 = (int) Math.max(0, Math.floor(b[0]));
        int y0 = (int) Math.max(0, Math.floor(b[1]));
        int x1 = (int) Math.min(w, Math.ceil(b[2]));
        int y1 = (int) Math.min(h, Math.ceil(b[3]));
        return file + "\t" + x0 + "\t" + y0 + "\t" + (x1 - x0) + "\t" + (y1 - y0) + "\t" + p.text();
    }

    static void writeJpeg(BufferedImage img, Path file, int quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality / 100f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
    }
}
