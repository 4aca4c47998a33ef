package dev.plateguard.simulator.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import dev.plateguard.simulator.network.CameraKind;
import dev.plateguard.simulator.network.DeployedCamera;
import dev.plateguard.simulator.traffic.Sighting;
import dev.plateguard.simulator.traffic.TrafficCurve;

/**
 * The overview still (1280 × 720): a simple perspective road scene with the camera's lanes, the vehicle as a box
 * with its plate drawn on it, and the text band cameras burn into their pictures. The static scene is drawn once
 * per camera and time of day and reused, so each read only costs the vehicle and the JPEG encoding.
 */
public final class OverviewRenderer {

    public static final int WIDTH = 1280, HEIGHT = 720;
    private static final int HORIZON = 250;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS xxx", Locale.ROOT)
            .withZone(TrafficCurve.TASHKENT);

    private final Map<String, BufferedImage> scenes = new ConcurrentHashMap<>();

    /** Where the vehicle's plate landed in the overview (not the box sent in {@code plateBox}, which is the crop's). */
    public record Overview(BufferedImage image, PlateBox plateArea) {
    }

    public Overview render(Sighting sighting, BufferedImage plate, boolean night, boolean lowLight) {
        DeployedCamera camera = sighting.camera();
        BufferedImage scene = scenes.computeIfAbsent(camera.id() + "/" + night, k -> scene(camera, night));
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(scene, 0, 0, null);
        if (sighting.signal() != null) {
            drawSignal(g, sighting.signal().state());
        }
        PlateBox plateArea = drawVehicle(g, sighting, plate, night);
        drawStamp(g, sighting);
        g.dispose();
        if (lowLight) {
            PlateCropRenderer.darken(image, 0.45, new SplittableRandom(sighting.tripId()));
        }
        return new Overview(image, plateArea);
    }

    private static int lanes(DeployedCamera camera) {
        return Math.max(2, camera.lanes().size());
    }

    /** Road half-width at image row {@code y} (perspective: zero at the horizon, widest at the bottom). */
    private static double halfWidth(double y) {
        return 40 + (y - HORIZON) / (HEIGHT - HORIZON) * 520;
    }

    private BufferedImage scene(DeployedCamera camera, boolean night) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        SplittableRandom random = new SplittableRandom(camera.id());
        g.setPaint(night ? new GradientPaint(0, 0, new Color(0x0B1026), 0, HORIZON, new Color(0x1E2A4A))
                : new GradientPaint(0, 0, new Color(0x8DB8E0), 0, HORIZON, new Color(0xDCE8F2)));
        g.fillRect(0, 0, WIDTH, HORIZON);
        // Skyline: Tashkent's blocks and trees, different for each camera.
        for (int x = 0; x < WIDTH; ) {
            int w = 40 + random.nextInt(110), h = 30 + random.nextInt(130);
            g.setColor(night ? new Color(0x151A26) : new Color(0x9A9A94 + random.nextInt(0x20) * 0x010101));
            g.fillRect(x, HORIZON - h, w, h);
            if (night) {
                g.setColor(new Color(0xE8C96A));
                for (int i = 0; i < 6; i++) {
                    g.fillRect(x + 4 + random.nextInt(Math.max(1, w - 8)), HORIZON - h + 6 + random.nextInt(Math.max(1, h - 12)), 4, 5);
                }
            }
            x += w + random.nextInt(20);
        }
        g.setColor(night ? new Color(0x1B2118) : new Color(0x7E8C6A));
        g.fillRect(0, HORIZON, WIDTH, HEIGHT - HORIZON);
        // Pavement and asphalt.
        g.setColor(night ? new Color(0x34363A) : new Color(0xA7A39A));
        g.fillPolygon(road(70));
        g.setColor(night ? new Color(0x1F2124) : new Color(0x55585C));
        g.fillPolygon(road(0));
        int lanes = lanes(camera);
        g.setColor(night ? new Color(0xB8B8B0) : Color.WHITE);
        for (int i = 1; i < lanes; i++) {
            double share = (double) i / lanes * 2 - 1;
            for (int y = HORIZON + 8; y < HEIGHT; y += 46) {
                int y2 = Math.min(HEIGHT, y + 22);
                g.fillPolygon(new Polygon(new int[]{
                        (int) (WIDTH / 2.0 + share * halfWidth(y) - 1 - (y - HORIZON) / 120.0),
                        (int) (WIDTH / 2.0 + share * halfWidth(y) + 1 + (y - HORIZON) / 120.0),
                        (int) (WIDTH / 2.0 + share * halfWidth(y2) + 1 + (y2 - HORIZON) / 120.0),
                        (int) (WIDTH / 2.0 + share * halfWidth(y2) - 1 - (y2 - HORIZON) / 120.0)},
                        new int[]{y, y, y2, y2}, 4));
            }
        }
        if (camera.kind() == CameraKind.RED_LIGHT) {
            int y = 610;
            g.fillRect((int) (WIDTH / 2.0 - halfWidth(y)), y, (int) (2 * halfWidth(y)), 10); // stop line
            g.setColor(new Color(0x2A2A2A));
            g.fillRect(1130, 120, 12, 480); // signal pole
            g.fillRoundRect(1106, 90, 60, 160, 16, 16);
        }
        drawLimitSign(g, camera.speedLimitKmh());
        g.dispose();
        return image;
    }

    private static Polygon road(int margin) {
        return new Polygon(new int[]{
                (int) (WIDTH / 2.0 - halfWidth(HORIZON) - margin / 6.0), (int) (WIDTH / 2.0 + halfWidth(HORIZON) + margin / 6.0),
                (int) (WIDTH / 2.0 + halfWidth(HEIGHT) + margin), (int) (WIDTH / 2.0 - halfWidth(HEIGHT) - margin)},
                new int[]{HORIZON, HORIZON, HEIGHT, HEIGHT}, 4);
    }

    private static void drawLimitSign(Graphics2D g, int limit) {
        g.setColor(new Color(0x6A6A6A));
        g.fillRect(96, 300, 8, 260);
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(56, 220, 88, 88));
        g.setColor(new Color(0xC8102E));
        g.setStroke(new BasicStroke(10));
        g.draw(new Ellipse2D.Double(61, 225, 78, 78));
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, limit >= 100 ? 30 : 38));
        String text = Integer.toString(limit);
        int w = g.getFontMetrics().stringWidth(text);
        g.drawString(text, 100 - w / 2, 278);
    }

    private static void drawSignal(Graphics2D g, String state) {
        Color[] lit = {new Color(0xFF2A1F), new Color(0xFFB000), new Color(0x20D060)};
        int on = switch (state) {
            case "red" -> 0;
            case "amber" -> 1;
            default -> 2;
        };
        for (int i = 0; i < 3; i++) {
            g.setColor(i == on ? lit[i] : lit[i].darker().darker().darker());
            g.fill(new Ellipse2D.Double(1118, 100 + i * 50, 36, 36));
        }
    }

    private static PlateBox drawVehicle(Graphics2D g, Sighting sighting, BufferedImage plate, boolean night) {
        int lanes = lanes(sighting.camera());
        int lane = Math.min(lanes, Math.max(1, sighting.lane()));
        double y = 560 + (sighting.tripId() % 5) * 14; // front of the vehicle, near the camera
        double laneWidth = 2 * halfWidth(y) / lanes;
        // Lanes count from the kerb; the kerb is on the right for traffic coming towards the camera.
        double centre = WIDTH / 2.0 + halfWidth(y) - (lane - 0.5) * laneWidth;
        String type = sighting.vehicle().model().type();
        double width = laneWidth * (type.equals("car") ? 0.72 : 0.86);
        double height = width * switch (type) {
            case "bus" -> 1.05;
            case "truck" -> 0.95;
            case "van" -> 0.85;
            default -> 0.62;
        };
        double left = centre - width / 2, top = y - height;
        Color paint = VehiclePaint.of(sighting.vehicle().colour());
        g.setColor(new Color(0, 0, 0, 90));
        g.fill(new Ellipse2D.Double(left - 10, y - 12, width + 20, 26)); // shadow
        g.setColor(paint);
        g.fill(new RoundRectangle2D.Double(left, top, width, height, 24, 24));
        g.setColor(night ? new Color(0x0C0F14) : new Color(0x2B3A48));
        g.fill(new RoundRectangle2D.Double(left + width * 0.12, top + height * 0.1, width * 0.76, height * 0.36, 14, 14));
        Color lamp = night ? new Color(0xFFF6D0) : new Color(0xE6E6E0);
        g.setColor(lamp);
        g.fill(new Ellipse2D.Double(left + width * 0.05, top + height * 0.58, width * 0.16, height * 0.14));
        g.fill(new Ellipse2D.Double(left + width * 0.79, top + height * 0.58, width * 0.16, height * 0.14));
        if (night) {
            g.setColor(new Color(255, 250, 210, 60));
            g.fill(new Ellipse2D.Double(left - width * 0.1, top + height * 0.45, width * 1.2, height * 0.5));
        }
        int plateWidth = (int) (width * 0.36);
        int plateHeight = Math.max(6, plateWidth * PlateRenderer.HEIGHT / PlateRenderer.WIDTH);
        int plateX = (int) (centre - plateWidth / 2.0), plateY = (int) (top + height * 0.78 - plateHeight / 2.0);
        g.drawImage(plate, plateX, plateY, plateWidth, plateHeight, null);
        return new PlateBox(plateX, plateY, plateWidth, plateHeight);
    }

    private static void drawStamp(Graphics2D g, Sighting s) {
        g.setColor(new Color(0, 0, 0, 150));
        g.fillRect(0, 0, WIDTH, 34);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 18));
        Instant at = s.capturedAt();
        String speed = s.speedKmh() == null ? "" : String.format(Locale.ROOT, "  %.1f km/h", s.speedKmh());
        g.drawString(s.site().name() + "  |  " + s.camera().name() + "  |  " + STAMP.format(at) + "  |  lane "
                + s.lane() + speed, 12, 23);
    }
}
