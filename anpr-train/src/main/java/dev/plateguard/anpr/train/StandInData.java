package dev.plateguard.anpr.train;

import dev.plateguard.anpr.DetectorInput;
import dev.plateguard.anpr.PlateCrop;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A deliberately crude plate generator (white boxes with black text on noise) for the module's unit tests and for
 * smoke runs ({@code --data standin}). Real training uses anpr-synth.
 */
public final class StandInData {

    private StandInData() {
    }

    static String text(Random r) {
        int n = 5 + r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(ReaderNet.ALPHABET.charAt(r.nextInt(ReaderNet.ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Draws a plate of width w centred at (cx, cy), rotated by angle; returns its corners. */
    static double[] plate(Graphics2D g, Random r, String text, double cx, double cy, double w, double angle) {
        double h = w / (3.5 + r.nextDouble());
        AffineTransform saved = g.getTransform();
        g.translate(cx, cy);
        g.rotate(angle);
        int iw = (int) Math.round(w);
        int ih = (int) Math.round(h);
        g.setColor(new Color(235 + r.nextInt(20), 235 + r.nextInt(20), 225 + r.nextInt(30)));
        g.fillRect(-iw / 2, -ih / 2, iw, ih);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(Math.max(1f, (float) h / 20)));
        g.drawRect(-iw / 2, -ih / 2, iw, ih);
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(6, (int) (h * 0.8)));
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        double sx = Math.min(1.0, (w * 0.9) / fm.stringWidth(text));
        g.scale(sx, 1);
        g.drawString(text, (float) (-fm.stringWidth(text) / 2.0), (float) (fm.getAscent() * 0.72 / 2 + h * 0.08));
        g.setTransform(saved);
        AffineTransform t = new AffineTransform();
        t.translate(cx, cy);
        t.rotate(angle);
        double[][] local = {{-iw / 2.0, -ih / 2.0}, {iw / 2.0, -ih / 2.0}, {iw / 2.0, ih / 2.0}, {-iw / 2.0, ih / 2.0}};
        double[] q = new double[8];
        for (int i = 0; i < 4; i++) {
            Point2D p = t.transform(new Point2D.Double(local[i][0], local[i][1]), null);
            q[2 * i] = p.getX();
            q[2 * i + 1] = p.getY();
        }
        return q;
    }

    static BufferedImage background(Random r, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(r.nextInt(200), r.nextInt(200), r.nextInt(200)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            g.fillRect(r.nextInt(w), r.nextInt(h), 5 + r.nextInt(w / 3), 5 + r.nextInt(h / 3));
        }
        g.dispose();
        return img;
    }

    public static Supplier<ReaderExample> reader(long seed) {
        Random r = new Random(seed);
        return () -> {
            BufferedImage img = background(r, 240, 100);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            String text = text(r);
            double[] q = plate(g, r, text, 120 + r.nextGaussian() * 5, 50 + r.nextGaussian() * 3, 150 + r.nextInt(40),
                    r.nextGaussian() * 0.05);
            g.dispose();
            for (int i = 0; i < 8; i++) {
                q[i] += r.nextGaussian() * 1.0;
            }
            return new ReaderExample(PlateCrop.grey(img, q), text);
        };
    }

    /** Square crops of side {@code size} (a multiple of 32) with one or two plates 40–120 px wide. */
    public static Supplier<DetectorExample> detector(long seed, int size) {
        Random r = new Random(seed);
        return () -> {
            BufferedImage img = background(r, size, size);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            List<double[]> plates = new ArrayList<>();
            int n = 1 + r.nextInt(2);
            for (int i = 0; i < n; i++) {
                double w = 40 + r.nextInt(80);
                double cx = w / 2 + r.nextDouble() * (size - w);
                double cy = 20 + r.nextDouble() * (size - 40);
                boolean clash = false;
                for (double[] p : plates) {
                    double[] c = DetectorTargets.centre(p);
                    if (Math.abs(c[0] - cx) < w && Math.abs(c[1] - cy) < 40) {
                        clash = true;
                    }
                }
                if (!clash) {
                    plates.add(plate(g, r, text(r), cx, cy, w, r.nextGaussian() * 0.08));
                }
            }
            g.dispose();
            DetectorInput in = DetectorInput.of(img, size);
            return new DetectorExample(in.chw(), in.width(), in.height(), plates);
        };
    }

    /** Corner-refiner examples: one plate on a 480 × 300 background, its corners perturbed like a detector's. */
    public static Supplier<RefinerExample> refiner(long seed) {
        Random r = new Random(seed);
        return () -> {
            BufferedImage img = background(r, 480, 300);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            double[] q = plate(g, r, text(r), 240 + r.nextGaussian() * 10, 150 + r.nextGaussian() * 10, 100 + r.nextInt(60),
                    r.nextGaussian() * 0.05);
            g.dispose();
            return RefinerTraining.example(img, q, r);
        };
    }
}
