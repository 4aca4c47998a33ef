package dev.plateguard.anpr.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Contact sheets for people to look at: {@code plates} (one flat plate per style, then degraded ones), {@code reader}
 * (reader patches with their jittered corners) and {@code scenes} (scenes with plate outlines).
 *
 * <p>Usage: {@code Preview plates|reader|scenes|all OUT.png [--seed S] [--settings training|heldOut] [--count N]
 * [--styles GROUP]}; {@code all} stacks the plate and reader sheets.
 */
public final class Preview {

    private Preview() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (args.length < 2) {
            System.err.println("usage: Preview plates|reader|scenes|all OUT.png [--seed S] [--settings training|heldOut] [--count N]"
                    + " [--styles GROUP]");
            System.exit(2);
        }
        long seed = 1;
        int count = 40;
        SceneRenderer.Settings settings = SceneRenderer.Settings.training();
        String styles = "all";
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--settings" -> settings = args[i + 1].equals("heldOut") ? SceneRenderer.Settings.heldOut()
                        : SceneRenderer.Settings.training();
                case "--styles" -> styles = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!styles.equals("all")) {
            settings = settings.withStyles(PlateRenderer.styles(styles));
        }
        BufferedImage sheet = switch (args[0]) {
            case "plates" -> plates(seed, settings);
            case "reader" -> reader(seed, settings, count);
            case "scenes" -> scenes(seed, settings, count);
            case "all" -> stack(plates(seed, settings), reader(seed, settings, count));
            default -> throw new IllegalArgumentException("unknown sheet " + args[0]);
        };
        ImageIO.write(sheet, "png", new File(args[1]));
    }

    /** One flat plate per style with its text, in a grid. */
    static BufferedImage plates(long seed, SceneRenderer.Settings settings) {
        var r = new PlateRenderer(seed, settings);
        var tiles = new ArrayList<BufferedImage>();
        var labels = new ArrayList<String>();
        for (String s : PlateRenderer.styles()) {
            PlateSample p = r.render(s);
            tiles.add(p.image());
            labels.add(s + "  " + p.text());
        }
        return grid(tiles, labels, 5, 330, 120);
    }

    /** Reader patches with the jittered corners drawn in, and the 128x32 grey crop region. */
    static BufferedImage reader(long seed, SceneRenderer.Settings settings, int count) {
        var rs = new ReaderSamples(seed, settings);
        var tiles = new ArrayList<BufferedImage>();
        var labels = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            ReaderSamples.Sample s = rs.next();
            BufferedImage im = Pixels.rgb(s.plateInContext(), true);
            outline(im, s.corners(), new Color(0, 255, 0));
            tiles.add(im);
            labels.add(s.text());
        }
        return grid(tiles, labels, 5, 300, 150);
    }

    static BufferedImage scenes(long seed, SceneRenderer.Settings settings, int count) {
        var sr = new SceneRenderer(seed, settings);
        var tiles = new ArrayList<BufferedImage>();
        var labels = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            Scene sc = sr.render(640, 480);
            BufferedImage im = Pixels.rgb(sc.image(), true);
            var sb = new StringBuilder();
            for (PlacedPlate p : sc.plates()) {
                outline(im, p.corners(), new Color(0, 255, 0));
                sb.append(p.text()).append(' ');
            }
            tiles.add(im);
            labels.add(sb.toString());
        }
        return grid(tiles, labels, 3, 640, 480);
    }

    static BufferedImage stack(BufferedImage a, BufferedImage b) {
        var out = new BufferedImage(Math.max(a.getWidth(), b.getWidth()), a.getHeight() + b.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(new Color(60, 60, 60));
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, 0, a.getHeight(), null);
        g.dispose();
        return out;
    }

    static void outline(BufferedImage im, double[] c, Color col) {
        Graphics2D g = im.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(col);
        g.setStroke(new BasicStroke(1f));
        var p = new Path2D.Double();
        p.moveTo(c[0], c[1]);
        for (int i = 2; i < 8; i += 2) {
            p.lineTo(c[i], c[i + 1]);
        }
        p.closePath();
        g.draw(p);
        g.setColor(Color.RED);
        g.fillRect((int) c[0] - 1, (int) c[1] - 1, 3, 3);
        g.dispose();
    }

    static BufferedImage grid(List<BufferedImage> tiles, List<String> labels, int cols, int tw, int th) {
        int rows = (tiles.size() + cols - 1) / cols;
        int lh = 14;
        var out = new BufferedImage(cols * tw, rows * (th + lh), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(new Color(60, 60, 60));
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i < tiles.size(); i++) {
            BufferedImage t = tiles.get(i);
            double s = Math.min(1.0 * (tw - 4) / t.getWidth(), 1.0 * (th - 4) / t.getHeight());
            s = Math.min(s, 3);
            int x = (i % cols) * tw;
            int y = (i / cols) * (th + lh);
            g.drawImage(t, x + 2, y + 2, (int) (t.getWidth() * s), (int) (t.getHeight() * s), null);
            g.setColor(Color.WHITE);
            g.drawString(labels.get(i), x + 3, y + th + lh - 3);
        }
        g.dispose();
        return out;
    }
}
