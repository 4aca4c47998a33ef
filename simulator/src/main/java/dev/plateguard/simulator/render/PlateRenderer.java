package dev.plateguard.simulator.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;

import dev.plateguard.plates.Country;
import dev.plateguard.plates.PlateFormat;
import dev.plateguard.plates.PlateInterpretation;

/**
 * Draws a single-line plate at 1 pixel per millimetre (520 × 112, domain-uz.md §1.1).
 *
 * <p>Uzbek layout: black border; the region code in its own box on the left behind a vertical line; the rest in
 * fixed-pitch condensed capitals; the flag (blue, white and green bands parted by thin red stripes, a crescent and
 * stars) above {@code UZ} on the right. Legal-entity plates read {@code 01 | 123 ABC}, private ones
 * {@code 01 | A 123 BC}. Temporary and tractor plates carry the region on the right instead of the flag; foreign
 * residents have yellow plates, foreign companies and diplomats green ones with white characters. Neighbour
 * countries' plates get a plain generic layout: white, black border, a country strip on the left.
 */
public final class PlateRenderer {

    public static final int WIDTH = 520, HEIGHT = 112;

    static final Color FLAG_BLUE = new Color(0x0099B5), FLAG_GREEN = new Color(0x1EB53A), FLAG_RED = new Color(0xCE1126);
    static final Color INK = new Color(0x111111);
    private static final Color YELLOW = new Color(0xF4C300), GREEN = new Color(0x0B7A3B), EU_BLUE = new Color(0x1D3C8F);

    /** Geometry, in mm = px. */
    static final int BORDER_INSET = 3, BORDER_WIDTH = 4, REGION_LINE_X = 92, FLAG_X = 452;
    private static final int CAP_TOP = 24, CAP_HEIGHT = 64, CHAR_GAP = 6, GROUP_GAP = 16, MAX_CHAR_WIDTH = 36;

    private final PlateFont font;
    private final FontRenderContext context = new FontRenderContext(null, true, true);

    public PlateRenderer(PlateFont font) {
        this.font = font;
    }

    /** The plate as the camera would see it head-on: an opaque RGB image of {@link #WIDTH} × {@link #HEIGHT}. */
    public BufferedImage render(PlateInterpretation plate) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            if (plate.country() == Country.UZ) {
                drawUzbek(g, plate);
            } else {
                drawGeneric(g, plate);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private void drawUzbek(Graphics2D g, PlateInterpretation plate) {
        PlateFormat format = plate.format();
        Color background = switch (format) {
            case UZ_FOREIGN_RESIDENT -> YELLOW;
            case UZ_FOREIGN_COMPANY, UZ_DIPLOMATIC, UZ_HEAD_OF_MISSION -> GREEN;
            default -> Color.WHITE;
        };
        Color ink = background == GREEN ? Color.WHITE : INK;
        fillPlate(g, background);
        List<String> groups = Arrays.asList(plate.display().split(" "));
        String leftRegion = null, rightRegion = null;
        if (plate.regionCode() != null && groups.size() > 1) {
            if (groups.getFirst().equals(plate.regionCode())) {
                leftRegion = groups.getFirst();
                groups = groups.subList(1, groups.size());
            } else if (groups.getLast().equals(plate.regionCode())) {
                rightRegion = groups.getLast();
                groups = groups.subList(0, groups.size() - 1);
            }
        }
        boolean flag = format != PlateFormat.UZ_TEMPORARY && rightRegion == null;
        int fieldStart = 12, fieldEnd = WIDTH - 12;
        g.setColor(INK);
        if (leftRegion != null) {
            g.fillRect(REGION_LINE_X, BORDER_INSET + 2, 3, HEIGHT - 2 * BORDER_INSET - 4);
            g.setColor(ink);
            drawGroups(g, List.of(leftRegion), 14, REGION_LINE_X - 6, CAP_TOP, CAP_HEIGHT);
            fieldStart = REGION_LINE_X + 7;
        }
        if (rightRegion != null) {
            int line = WIDTH - 90;
            g.setColor(INK);
            g.fillRect(line, BORDER_INSET + 2, 3, HEIGHT - 2 * BORDER_INSET - 4);
            g.setColor(ink);
            drawGroups(g, List.of(rightRegion), line + 9, WIDTH - 14, CAP_TOP, CAP_HEIGHT);
            fieldEnd = line - 4;
        } else if (flag) {
            drawFlag(g, FLAG_X + 4, 16);
            g.setColor(background == GREEN ? Color.WHITE : FLAG_BLUE);
            drawGroups(g, List.of("UZ"), FLAG_X + 6, WIDTH - 10, 56, 32);
            fieldEnd = FLAG_X - 4;
        }
        g.setColor(ink);
        drawGroups(g, groups, fieldStart, fieldEnd, CAP_TOP, CAP_HEIGHT);
    }

    private void drawGeneric(Graphics2D g, PlateInterpretation plate) {
        fillPlate(g, Color.WHITE);
        String code = plate.country() == Country.UNKNOWN ? "" : plate.country().name();
        g.setColor(EU_BLUE);
        g.fillRect(BORDER_INSET + BORDER_WIDTH, BORDER_INSET + BORDER_WIDTH, 34, HEIGHT - 2 * (BORDER_INSET + BORDER_WIDTH));
        g.setColor(Color.WHITE);
        if (!code.isEmpty()) {
            drawGroups(g, List.of(code), BORDER_INSET + BORDER_WIDTH + 3, BORDER_INSET + BORDER_WIDTH + 31, 64, 26);
        }
        g.setColor(INK);
        drawGroups(g, Arrays.asList(plate.display().split(" ")), 52, WIDTH - 14, CAP_TOP, CAP_HEIGHT);
    }

    private static void fillPlate(Graphics2D g, Color background) {
        g.setColor(background);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(INK);
        g.setStroke(new BasicStroke(BORDER_WIDTH));
        float inset = BORDER_INSET + BORDER_WIDTH / 2f;
        g.draw(new RoundRectangle2D.Float(inset, inset, WIDTH - 2 * inset, HEIGHT - 2 * inset, 14, 14));
    }

    /** Blocks of fixed-pitch characters, centred between {@code left} and {@code right}. */
    private void drawGroups(Graphics2D g, List<String> groups, int left, int right, int top, int capHeight) {
        int chars = groups.stream().mapToInt(String::length).sum();
        if (chars == 0) {
            return;
        }
        int gaps = groups.size() - 1;
        double available = right - left - gaps * GROUP_GAP - (chars - groups.size()) * CHAR_GAP;
        double cell = Math.min(capHeight * MAX_CHAR_WIDTH / (double) CAP_HEIGHT, available / chars);
        double total = chars * cell + gaps * GROUP_GAP + (chars - groups.size()) * CHAR_GAP;
        double x = left + (right - left - total) / 2;
        for (int i = 0; i < groups.size(); i++) {
            String group = groups.get(i);
            for (int c = 0; c < group.length(); c++) {
                drawGlyph(g, group.charAt(c), x, top, cell, capHeight);
                x += cell + (c < group.length() - 1 ? CHAR_GAP : 0);
            }
            x += GROUP_GAP;
        }
    }

    /**
     * One character scaled to the cap height and, if too wide, squeezed into its cell: the same look whatever
     * the font's own proportions, like the uniform strokes of plate lettering.
     */
    private void drawGlyph(Graphics2D g, char ch, double x, double top, double cellWidth, double capHeight) {
        Shape outline = font.font().createGlyphVector(context, String.valueOf(ch)).getOutline();
        Rectangle2D bounds = outline.getBounds2D();
        if (bounds.getWidth() <= 0 || bounds.getHeight() <= 0) {
            return;
        }
        double scaleY = capHeight / bounds.getHeight();
        double scaleX = Math.min(scaleY, cellWidth / bounds.getWidth());
        AffineTransform at = new AffineTransform();
        at.translate(x + (cellWidth - bounds.getWidth() * scaleX) / 2, top);
        at.scale(scaleX, scaleY);
        at.translate(-bounds.getX(), -bounds.getY());
        g.fill(at.createTransformedShape(outline));
    }

    /** The national flag, 52 × 30 mm: blue, white and green bands with thin red stripes, crescent and stars. */
    static void drawFlag(Graphics2D g, int x, int y) {
        int w = 52, h = 30, band = 9;
        g.setColor(FLAG_BLUE);
        g.fillRect(x, y, w, band);
        g.setColor(FLAG_RED);
        g.fillRect(x, y + band, w, 1);
        g.setColor(Color.WHITE);
        g.fillRect(x, y + band + 1, w, h - 2 * band - 2);
        g.setColor(FLAG_RED);
        g.fillRect(x, y + h - band - 1, w, 1);
        g.setColor(FLAG_GREEN);
        g.fillRect(x, y + h - band, w, band);
        // Crescent (a disc minus an offset disc) and a few of the twelve stars, as far as 1 mm pixels allow.
        Area crescent = new Area(new Ellipse2D.Double(x + 3, y + 1.2, 6.6, 6.6));
        crescent.subtract(new Area(new Ellipse2D.Double(x + 4.8, y + 1.0, 6.2, 6.2)));
        g.setColor(Color.WHITE);
        g.fill(crescent);
        for (int i = 0; i < 4; i++) {
            g.fill(new Ellipse2D.Double(x + 12 + i * 3.2, y + 5.5 - (i % 2) * 2.5, 1.4, 1.4));
        }
        g.setColor(new Color(0x555555));
        g.drawRect(x, y, w - 1, h - 1);
    }
}
