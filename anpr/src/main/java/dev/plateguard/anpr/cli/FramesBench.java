package dev.plateguard.anpr.cli;

import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import dev.plateguard.anpr.Candidate;
import dev.plateguard.anpr.FrameFusion;
import dev.plateguard.anpr.PlateResult;
import dev.plateguard.anpr.Recogniser;

/**
 * What fusing frames gains: every labelled image of a benchmark folder becomes a short "clip" of {@code frames}
 * frames, each with its own motion blur (length and direction drawn per frame, as a passing vehicle smears
 * differently from frame to frame); each frame is recognised alone, and the readings of each labelled plate are
 * fused ({@link FrameFusion}). Reports single-frame top-1 (mean over frames) against fused top-1.
 */
public final class FramesBench {

    /** @param singleTop1 top-1 of one frame, averaged over all frames; @param fusedTop1 top-1 of the fused reading */
    public record Result(int plates, int frames, double singleTop1, double fusedTop1, double bestFrameTop1) {
    }

    private final Recogniser recogniser;
    private final int frames;
    private final long seed;

    public FramesBench(Recogniser recogniser, int frames, long seed) {
        if (frames < 1 || frames > 16) {
            throw new IllegalArgumentException("frames must be 1..16, got " + frames);
        }
        this.recogniser = recogniser;
        this.frames = frames;
        this.seed = seed;
    }

    public Result run(Path dir, PrintStream out) {
        Random random = new Random(seed);
        int plates = 0;
        int singleHits = 0;
        int fusedHits = 0;
        int anyFrameHits = 0;
        for (Path image : images(dir)) {
            Path labelFile = image.resolveSibling(image.getFileName().toString().replaceFirst("\\.[^.]+$", ".txt"));
            if (!Files.exists(labelFile)) {
                continue;
            }
            List<BenchLabels.Label> labels = BenchLabels.read(labelFile);
            BufferedImage original = read(image);
            List<List<PlateResult>> perFrame = new ArrayList<>();
            for (int f = 0; f < frames; f++) {
                perFrame.add(recogniser.recognise(motionBlurred(original, random)).plates());
            }
            for (BenchLabels.Label label : labels) {
                plates++;
                String truth = label.normalisedPlate();
                List<List<Candidate>> readings = new ArrayList<>();
                boolean anyHit = false;
                for (List<PlateResult> found : perFrame) {
                    Bench.Score score = Bench.score(label, found, 1); // matched as the bench counts a plate detected
                    PlateResult match = score.detected() ? score.match() : null;
                    List<Candidate> candidates = match == null ? List.of() : match.candidates();
                    readings.add(candidates);
                    boolean hit = !candidates.isEmpty() && BenchLabels.normalise(candidates.getFirst().text()).equals(truth);
                    singleHits += hit ? 1 : 0;
                    anyHit |= hit;
                }
                anyFrameHits += anyHit ? 1 : 0;
                boolean fused = FrameFusion.fuse(readings).map(r -> BenchLabels.normalise(r.text()).equals(truth))
                        .orElse(false);
                fusedHits += fused ? 1 : 0;
            }
        }
        Result result = new Result(plates, frames, plates == 0 ? 0 : (double) singleHits / (plates * (long) frames),
                plates == 0 ? 0 : (double) fusedHits / plates, plates == 0 ? 0 : (double) anyFrameHits / plates);
        out.printf(Locale.ROOT, "%d plates, %d motion-blurred frames each (seed %d): one frame %.1f%% top-1, fused %.1f%%, "
                        + "some frame right %.1f%%%n", result.plates(), frames, seed, 100 * result.singleTop1(),
                100 * result.fusedTop1(), 100 * result.bestFrameTop1());
        out.printf(Locale.ROOT, "{\"plates\": %d, \"frames\": %d, \"singleFrameTop1\": %.4f, \"fusedTop1\": %.4f, "
                + "\"anyFrameTop1\": %.4f}%n", result.plates(), frames, result.singleTop1(), result.fusedTop1(),
                result.bestFrameTop1());
        return result;
    }

    /** A linear motion blur of 3 to 11 pixels in one of four directions, drawn per frame. */
    static BufferedImage motionBlurred(BufferedImage image, Random random) {
        int length = 3 + random.nextInt(9);
        int direction = random.nextInt(4); // horizontal, vertical, two diagonals
        int size = length;
        float[] kernel = new float[size * size];
        for (int i = 0; i < size; i++) {
            int x = switch (direction) {
                case 0 -> i;
                case 1 -> size / 2;
                case 2 -> i;
                default -> size - 1 - i;
            };
            int y = switch (direction) {
                case 0 -> size / 2;
                case 1 -> i;
                default -> i;
            };
            kernel[y * size + x] = 1f / size;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(image, 0, 0, null);
        return new ConvolveOp(new Kernel(size, size, kernel), ConvolveOp.EDGE_NO_OP, null).filter(rgb, null);
    }

    private static List<Path> images(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).filter(Bench::isImage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage read(Path image) {
        try {
            BufferedImage img = ImageIO.read(image.toFile());
            if (img == null) {
                throw new IllegalArgumentException("not an image: " + image);
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
