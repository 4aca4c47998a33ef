package dev.plateguard.simulator.render;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The plate crop an ANPR camera stores: the plate on its bumper with a margin around it, possibly seen at an
 * angle, dirty, blurred or under-exposed. At night it is the grey infrared picture such cameras take.
 */
public final class PlateCropRenderer {

    public static final int WIDTH = 480, HEIGHT = 150;
    private static final double SCALE = 0.75;

    /** The crop and where the plate ended up in it. */
    public record Crop(BufferedImage image, PlateBox box) {
    }

    public Crop compose(BufferedImage plate, Color bumper, boolean night, Set<Degradation> degradations,
                        RandomGenerator random) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setPaint(new GradientPaint(0, 0, bumper.brighter(), 0, HEIGHT, bumper.darker().darker()));
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(new Color(0, 0, 0, 60));
        g.fillRect(0, HEIGHT - 22, WIDTH, 22); // the bumper's lower lip

        AffineTransform placement = new AffineTransform();
        placement.translate(WIDTH / 2.0 + random.nextDouble(-14, 14), HEIGHT / 2.0 + random.nextDouble(-8, 8));
        if (degradations.contains(Degradation.ANGLE)) {
            placement.rotate(Math.toRadians(random.nextDouble(3, 8) * (random.nextBoolean() ? 1 : -1)));
            placement.shear(random.nextDouble(0.15, 0.35) * (random.nextBoolean() ? 1 : -1), 0);
            placement.scale(random.nextDouble(0.82, 0.95), 1); // foreshortening
        }
        placement.scale(SCALE, SCALE);
        placement.translate(-PlateRenderer.WIDTH / 2.0, -PlateRenderer.HEIGHT / 2.0);
        // Mounting frame behind the plate, then the plate itself.
        g.setColor(new Color(20, 20, 20));
        g.fill(placement.createTransformedShape(new Rectangle2D.Double(-5, -5, PlateRenderer.WIDTH + 10, PlateRenderer.HEIGHT + 10)));
        g.drawImage(plate, placement, null);
        Rectangle bounds = placement.createTransformedShape(
                new Rectangle2D.Double(0, 0, PlateRenderer.WIDTH, PlateRenderer.HEIGHT)).getBounds().intersection(new Rectangle(0, 0, WIDTH, HEIGHT));
        if (degradations.contains(Degradation.DIRT)) {
            dirt(g, bounds, random);
        }
        g.dispose();
        if (night && !degradations.contains(Degradation.LOW_LIGHT)) {
            image = infrared(image);
        }
        if (degradations.contains(Degradation.BLUR)) {
            image = blur(image, random.nextDouble(1.6, 2.8));
        }
        if (degradations.contains(Degradation.LOW_LIGHT)) {
            darken(image, random.nextDouble(0.28, 0.5), random);
        }
        return new Crop(image, new PlateBox(bounds.x, bounds.y, bounds.width, bounds.height));
    }

    private static void dirt(Graphics2D g, Rectangle area, RandomGenerator random) {
        int blobs = 10 + random.nextInt(14);
        for (int i = 0; i < blobs; i++) {
            int alpha = 60 + random.nextInt(110);
            g.setColor(new Color(92 + random.nextInt(40), 70 + random.nextInt(30), 40 + random.nextInt(20), alpha));
            double w = random.nextDouble(4, 36), h = random.nextDouble(3, 16);
            g.fill(new Ellipse2D.Double(area.x + random.nextDouble(area.width) - w / 2, area.y + random.nextDouble(area.height) - h / 2, w, h));
        }
        for (int i = 0; i < 250; i++) {
            g.setColor(new Color(60, 50, 40, 90 + random.nextInt(120)));
            g.fillRect(area.x + random.nextInt(Math.max(1, area.width)), area.y + random.nextInt(Math.max(1, area.height)), 1 + random.nextInt(2), 1 + random.nextInt(2));
        }
    }

    /** Infrared illumination: grey, contrasty, with a retro-reflective plate standing out. */
    private static BufferedImage infrared(BufferedImage image) {
        BufferedImage grey = new ColorConvertOp(ColorSpace.getInstance(ColorSpace.CS_GRAY), null).filter(image, null);
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(grey, 0, 0, null);
        g.dispose();
        return out;
    }

    static BufferedImage blur(BufferedImage image, double sigma) {
        int radius = (int) Math.ceil(sigma * 2);
        int size = 2 * radius + 1;
        float[] row = new float[size];
        float sum = 0;
        for (int i = 0; i < size; i++) {
            row[i] = (float) Math.exp(-Math.pow(i - radius, 2) / (2 * sigma * sigma));
            sum += row[i];
        }
        for (int i = 0; i < size; i++) {
            row[i] /= sum;
        }
        // Separable Gaussian: one horizontal and one vertical pass.
        BufferedImage horizontal = new ConvolveOp(new Kernel(size, 1, row), ConvolveOp.EDGE_NO_OP, null).filter(image, null);
        return new ConvolveOp(new Kernel(1, size, row), ConvolveOp.EDGE_NO_OP, null).filter(horizontal, null);
    }

    /** Scales brightness down and adds sensor noise, in place. */
    static void darken(BufferedImage image, double factor, RandomGenerator random) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                double noise = random.nextGaussian() * 7;
                int r = clamp(((rgb >> 16) & 0xFF) * factor + noise);
                int gr = clamp(((rgb >> 8) & 0xFF) * factor + noise);
                int b = clamp((rgb & 0xFF) * factor + noise);
                image.setRGB(x, y, (r << 16) | (gr << 8) | b);
            }
        }
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
