package dev.plateguard.anpr.train;

import dev.plateguard.anpr.DetectorInput;
import dev.plateguard.anpr.PlateCrop;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Real photographs in the OpenALPR benchmark layout ({@code NAME.jpg} + {@code NAME.txt} with lines
 * {@code file x y w h TEXT}, in sub-folders per set), optionally added to training. A fixed, seed-independent split
 * keeps {@code holdout} of them out of training so that they give honest figures.
 */
public final class DevImages {

    /** Fixed seed of the train / hold-out split, so the split never changes with the training seed. */
    public static final long SPLIT_SEED = 20261127L;

    public record Label(double x, double y, double w, double h, String text) {

        double[] corners() {
            return new double[] {x, y, x + w, y, x + w, y + h, x, y + h};
        }
    }

    public record Image(Path file, List<Label> labels) {
    }

    private final List<Image> training;
    private final List<Image> holdout;

    private DevImages(List<Image> training, List<Image> holdout) {
        this.training = training;
        this.holdout = holdout;
    }

    public static DevImages load(Path dir, double holdoutFraction) throws IOException {
        List<Image> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path txt : s.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                List<Label> labels = new ArrayList<>();
                Path image = null;
                for (String line : Files.readAllLines(txt)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 6) {
                        continue;
                    }
                    image = txt.resolveSibling(f[0]);
                    String text = Ctc.normalise(String.join("", java.util.Arrays.copyOfRange(f, 5, f.length)));
                    if (!text.isEmpty()) {
                        labels.add(new Label(Double.parseDouble(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                                Double.parseDouble(f[4]), text));
                    }
                }
                if (image != null && Files.exists(image) && !labels.isEmpty()) {
                    all.add(new Image(image, labels));
                }
            }
        }
        all.sort(Comparator.comparing(i -> dir.relativize(i.file()).toString()));
        List<Image> shuffled = new ArrayList<>(all);
        Collections.shuffle(shuffled, new Random(SPLIT_SEED));
        int n = (int) Math.round(holdoutFraction * shuffled.size());
        return new DevImages(List.copyOf(shuffled.subList(n, shuffled.size())), List.copyOf(shuffled.subList(0, n)));
    }

    public List<Image> training() {
        return training;
    }

    public List<Image> holdout() {
        return holdout;
    }

    static BufferedImage read(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw new IOException("cannot decode " + file);
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plate crop with its box corners jittered (as a detector would miss them), for reader training. */
    public static final class ReaderCrops {
        private final List<BufferedImage> images = new ArrayList<>();
        private final List<double[]> corners = new ArrayList<>();
        private final List<String> texts = new ArrayList<>();

        /** Cuts a generous region around every label once, so that whole photographs are not kept in memory. */
        public ReaderCrops(List<Image> source) {
            for (Image im : source) {
                BufferedImage full = read(im.file());
                for (Label l : im.labels()) {
                    int x0 = (int) Math.max(0, Math.floor(l.x() - l.w() * 0.5));
                    int y0 = (int) Math.max(0, Math.floor(l.y() - l.h() * 1.0));
                    int x1 = (int) Math.min(full.getWidth(), Math.ceil(l.x() + l.w() * 1.5));
                    int y1 = (int) Math.min(full.getHeight(), Math.ceil(l.y() + l.h() * 2.0));
                    if (x1 - x0 < 4 || y1 - y0 < 4) {
                        continue;
                    }
                    BufferedImage crop = new BufferedImage(x1 - x0, y1 - y0, BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = crop.createGraphics();
                    g.drawImage(full, -x0, -y0, null);
                    g.dispose();
                    double[] q = l.corners();
                    for (int i = 0; i < 8; i += 2) {
                        q[i] -= x0;
                        q[i + 1] -= y0;
                    }
                    images.add(crop);
                    corners.add(q);
                    texts.add(l.text());
                }
            }
        }

        public int size() {
            return images.size();
        }

        public ReaderExample example(int i, Random r) {
            double[] q = corners.get(i).clone();
            double w = q[2] - q[0];
            double h = q[7] - q[1];
            if (r != null) {
                for (int k = 0; k < 8; k += 2) {
                    q[k] += r.nextGaussian() * 0.025 * w;
                    q[k + 1] += r.nextGaussian() * 0.07 * h;
                }
            }
            return new ReaderExample(PlateCrop.grey(images.get(i), q), texts.get(i));
        }
    }

    /** Whole photographs, scaled once to the detector's largest input and kept, for detector training. */
    public static final class DetectorScenes {
        private final List<BufferedImage> images = new ArrayList<>();
        private final List<List<double[]>> plates = new ArrayList<>();

        public DetectorScenes(List<Image> source, int maxSide) {
            for (Image im : source) {
                BufferedImage full = read(im.file());
                double s = Math.min(1.0, maxSide / (double) Math.max(full.getWidth(), full.getHeight()));
                int w = Math.max(1, (int) Math.round(full.getWidth() * s));
                int h = Math.max(1, (int) Math.round(full.getHeight() * s));
                BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = scaled.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                g.drawImage(full, 0, 0, w, h, null);
                g.dispose();
                List<double[]> qs = new ArrayList<>();
                for (Label l : im.labels()) {
                    double[] q = l.corners();
                    for (int i = 0; i < 8; i++) {
                        q[i] *= w / (double) full.getWidth();
                    }
                    qs.add(q);
                }
                images.add(scaled);
                plates.add(qs);
            }
        }

        public int size() {
            return images.size();
        }

        /** The photograph as the runtime would feed it with the given maxSide, plates in tensor pixels. */
        public DetectorExample example(int i, int maxSide) {
            DetectorInput in = DetectorInput.of(images.get(i), maxSide);
            List<double[]> qs = new ArrayList<>();
            for (double[] q : plates.get(i)) {
                double[] t = q.clone();
                for (int k = 0; k < 8; k++) {
                    t[k] *= in.scale();
                }
                qs.add(t);
            }
            return new DetectorExample(in.chw(), in.width(), in.height(), qs);
        }
    }
}
