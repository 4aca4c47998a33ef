package dev.plateguard.anpr.synth;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.Composite;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;
import java.util.Random;

/**
 * A procedural car seen from behind or in front, drawn in perspective through a {@link Geometry.Cam}. The local frame
 * has its origin at the centre of the licence plate on the car's rear (or front) face, x to the right, y up and z
 * away from the camera along the car; units are millimetres.
 */
final class Car {

    private static final Color[] PAINT = {new Color(235, 235, 232), new Color(245, 245, 245), new Color(160, 162, 166),
        new Color(190, 192, 195), new Color(95, 97, 100), new Color(25, 25, 28), new Color(40, 42, 48), new Color(20, 40, 90),
        new Color(40, 80, 150), new Color(150, 20, 25), new Color(190, 40, 30), new Color(30, 80, 50), new Color(200, 185, 150),
        new Color(240, 200, 40), new Color(60, 110, 120), new Color(110, 60, 40)};
    private static final double[] PAINT_W = {8, 6, 7, 6, 6, 7, 5, 3, 3, 3, 2, 2, 2, 1, 1.5, 1};
    private static final String[] MODELS = {"GOLF", "330i", "FELICIA", "COROLLA", "SPARK", "NEXIA", "COBALT", "LACETTI", "CIVIC",
        "FOCUS", "POLO", "OCTAVIA", "FABIA", "CAMRY", "ACCORD", "TDI", "4MOTION", "HYBRID", "AUDI", "PEUGEOT 306", "GENTRA",
        "MALIBU", "DAMAS", "MATIZ", "SONATA", "ELANTRA", "X5", "C200", "TUCSON", "YUKON", "GMC", "RAV4", "PASSAT"};
    private static final String[] STRIPS = {"AUTO MODEL", "AUTO MODEL s.r.o.", "AUTOSALON", "AUTO CENTER 0905 123 456",
        "www.auto.sk", "DEALER", "AUTONATION", "CARMAX", "AVTO SALON", "+998 71 200 00 00"};

    final int type; // 0 sedan, 1 hatchback, 2 SUV, 3 van
    final boolean front;
    final double xl;
    final double xr;
    final double yGround;
    final double yBumper0;
    final double yBumper1;
    final double yBelt;
    final double yRoof;
    final double zWin0;
    final double zWin1;
    final double zRoofEnd;
    final double length;
    final double inset;
    final double plateW;
    final double plateH;
    final boolean hasPlate;
    final Color body;
    final Color trim;
    final Color glass;
    private final Random rnd;

    Car(Random r, double plateW, double plateH, boolean front, boolean hasPlate) {
        this.rnd = r;
        this.front = front;
        this.plateW = plateW;
        this.plateH = plateH;
        this.hasPlate = hasPlate;
        this.type = Rnd.weighted(r, new double[] {4, 4, 3, 1.2});
        double width = switch (type) {
            case 0 -> Rnd.uni(r, 1680, 1850);
            case 1 -> Rnd.uni(r, 1620, 1800);
            case 2 -> Rnd.uni(r, 1800, 1980);
            default -> Rnd.uni(r, 1850, 2050);
        };
        double off = Rnd.chance(r, 0.85) ? Rnd.sym(r, 30) : Rnd.sym(r, width * 0.22);
        double minHalf = plateW / 2 + 150;
        xl = Math.min(-minHalf, -width / 2 + off);
        xr = Math.max(minHalf, width / 2 + off);
        double plateHeight = front ? Rnd.uni(r, 330, 560) : Rnd.chance(r, 0.45) ? Rnd.uni(r, 420, 560) : Rnd.uni(r, 600, 950);
        if (type >= 2) {
            plateHeight += Rnd.uni(r, 0, 200);
        }
        yGround = -plateHeight;
        yBumper0 = yGround + Rnd.uni(r, 180, 330);
        boolean onBumper = front || plateHeight < 600;
        yBumper1 = onBumper ? plateH / 2 + Rnd.uni(r, 40, 180) : -plateH / 2 - Rnd.uni(r, 30, 140);
        double beltAbove = switch (type) {
            case 0 -> Rnd.uni(r, 950, 1080);
            case 1 -> Rnd.uni(r, 980, 1100);
            case 2 -> Rnd.uni(r, 1080, 1250);
            default -> Rnd.uni(r, 1150, 1350);
        };
        yBelt = Math.max(yGround + beltAbove, plateH / 2 + Rnd.uni(r, 120, 260));
        yRoof = yGround + switch (type) {
            case 0 -> Rnd.uni(r, 1400, 1480);
            case 1 -> Rnd.uni(r, 1420, 1520);
            case 2 -> Rnd.uni(r, 1650, 1800);
            default -> Rnd.uni(r, 1850, 2100);
        };
        length = Rnd.uni(r, 3900, 4900);
        if (front) {
            zWin0 = type == 3 ? Rnd.uni(r, 300, 600) : Rnd.uni(r, 850, 1250);
            zWin1 = zWin0 + (type == 3 ? Rnd.uni(r, 300, 500) : Rnd.uni(r, 600, 850));
        } else {
            zWin0 = switch (type) {
                case 0 -> Rnd.uni(r, 300, 500);
                case 1 -> Rnd.uni(r, 30, 120);
                case 2 -> Rnd.uni(r, 20, 80);
                default -> 0;
            };
            zWin1 = zWin0 + switch (type) {
                case 0 -> Rnd.uni(r, 550, 800);
                case 1 -> Rnd.uni(r, 200, 450);
                case 2 -> Rnd.uni(r, 100, 250);
                default -> Rnd.uni(r, 20, 80);
            };
        }
        zRoofEnd = Math.max(zWin1 + 400, length - (front ? Rnd.uni(r, 700, 1100) : Rnd.uni(r, 900, 1500)));
        inset = Rnd.uni(r, 100, 200);
        Color c = PAINT[Rnd.weighted(r, PAINT_W)];
        body = Canvas.jitter(r, c, 8);
        trim = Rnd.chance(r, 0.5) ? new Color(30, 30, 32) : Canvas.shade(body, 0.9);
        glass = new Color(Rnd.range(r, 20, 50), Rnd.range(r, 25, 55), Rnd.range(r, 30, 65));
    }

    /** Bounding box x0, y0, x1, y1 of the projected body, or null if part of it is behind the camera. */
    double[] screenBounds(Geometry.Cam cam) {
        double[] pts = new double[16];
        double[] uv = new double[2];
        int k = 0;
        for (double x : new double[] {xl, xr}) {
            for (double y : new double[] {yGround, yRoof}) {
                for (double z : new double[] {0, length}) {
                    if (!cam.project(x, y, z, uv, 0)) {
                        return null;
                    }
                    pts[k++] = uv[0];
                    pts[k++] = uv[1];
                }
            }
        }
        return Geometry.bounds(pts);
    }

    /** The homography from plate millimetres (origin top-left, y down) to image pixels. */
    double[] plateHomography(Geometry.Cam cam) {
        double[] uv = new double[8];
        cam.project(-plateW / 2, plateH / 2, 0, uv, 0);
        cam.project(plateW / 2, plateH / 2, 0, uv, 2);
        cam.project(plateW / 2, -plateH / 2, 0, uv, 4);
        cam.project(-plateW / 2, -plateH / 2, 0, uv, 6);
        return Geometry.homography(new double[] {0, 0, plateW, 0, plateW, plateH, 0, plateH}, uv);
    }

    /**
     * Draws the car.
     *
     * @param lights receives x, y, radius (image pixels) and intensity (0..255) of each lamp, for night bloom
     */
    void draw(Graphics2D g, Geometry.Cam cam, boolean night, List<double[]> lights) {
        double flat = Math.max(0.5, 0.6 * cam.t[2] / cam.f);
        Geometry.Plane ground = (a, b, o) -> set(o, a, yGround, b);
        Geometry.Plane face = (a, b, o) -> set(o, a, b, 0);

        // soft ground shadow
        Composite old = g.getComposite();
        for (int i = 0; i < 3; i++) {
            double grow = 60 + i * 120;
            fill(g, Geometry.project(cam, ground, new RoundRectangle2D.Double(xl - grow, -grow, xr - xl + 2 * grow, length + 2 * grow,
                    300, 300), flat), new Color(0, 0, 0, i == 0 ? 110 : 40));
        }
        // the dark underside and the tyres seen below the body
        Geometry.Plane under = (a, b, o) -> set(o, a, b, 250);
        fill(g, Geometry.project(cam, under, new Rectangle2D.Double(xl + 60, yGround + 60, xr - xl - 120, yBumper0 - yGround), flat),
                new Color(18, 18, 20));
        Color tyre = new Color(22, 22, 24);
        double tz = front ? 700 : 750;
        Geometry.Plane tyrePlane = (a, b, o) -> set(o, a, b, tz);
        double th = Math.min(330, yBumper0 - yGround + 60);
        fill(g, Geometry.project(cam, tyrePlane, new RoundRectangle2D.Double(xl + 40, yGround, 210, th, 50, 50), flat), tyre);
        fill(g, Geometry.project(cam, tyrePlane, new RoundRectangle2D.Double(xr - 250, yGround, 210, th, 50, 50), flat), tyre);

        boolean rightSide = cam.facing(1, 0, 0, xr, 0, length / 2);
        boolean leftSide = cam.facing(-1, 0, 0, xl, 0, length / 2);
        if (rightSide) {
            side(g, cam, xr, flat);
        }
        if (leftSide) {
            side(g, cam, xl, flat);
        }
        Color top = Canvas.shade(body, 1.08);
        // roof and rear/front glass
        if (cam.facing(0, 1, 0, 0, yRoof, (zWin1 + zRoofEnd) / 2)) {
            fill(g, Geometry.poly3(cam, xl + inset, yRoof, zWin1, xr - inset, yRoof, zWin1, xr - inset, yRoof, zRoofEnd, xl + inset,
                    yRoof, zRoofEnd), top);
        }
        Path2D win = Geometry.poly3(cam, xl + inset * 0.4, yBelt, zWin0, xr - inset * 0.4, yBelt, zWin0, xr - inset, yRoof, zWin1,
                xl + inset, yRoof, zWin1);
        fill(g, win, Canvas.shade(body, 0.95));
        double gi = 0.12;
        Path2D glassShape = Geometry.poly3(cam,
                xl + inset * 0.4 + 70, yBelt + 40, lerp(zWin0, zWin1, gi * 0.5),
                xr - inset * 0.4 - 70, yBelt + 40, lerp(zWin0, zWin1, gi * 0.5),
                xr - inset - 60, yRoof - 60, lerp(zWin0, zWin1, 1 - gi * 0.5),
                xl + inset + 60, yRoof - 60, lerp(zWin0, zWin1, 1 - gi * 0.5));
        if (glassShape != null) {
            var gb = glassShape.getBounds2D();
            fill(g, glassShape, new GradientPaint((float) gb.getMinX(), (float) gb.getMinY(), Canvas.mix(glass, Color.WHITE, 0.35f),
                    (float) gb.getMaxX(), (float) gb.getMaxY(), glass));
            if (Rnd.chance(rnd, 0.6)) { // a reflection streak
                g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.25f));
                var clip = g.getClip();
                g.clip(glassShape);
                double sx = gb.getMinX() + rnd.nextDouble() * gb.getWidth();
                g.setColor(Color.WHITE);
                g.fill(Canvas.poly(sx, gb.getMinY(), sx + gb.getWidth() * 0.15, gb.getMinY(), sx - gb.getWidth() * 0.05, gb.getMaxY(),
                        sx - gb.getWidth() * 0.2, gb.getMaxY()));
                g.setClip(clip);
                g.setComposite(old);
            }
        }
        // deck (boot lid or bonnet)
        if (zWin0 > 20 && cam.facing(0, 1, 0, 0, yBelt, zWin0 / 2)) {
            fill(g, Geometry.poly3(cam, xl + 20, yBelt, 0, xr - 20, yBelt, 0, xr - inset * 0.4, yBelt, zWin0, xl + inset * 0.4, yBelt,
                    zWin0), top);
        }
        // the face itself
        double rr = Rnd.uni(rnd, 60, 220);
        var faceShape = new RoundRectangle2D.Double(xl, yBumper0, xr - xl, yBelt - yBumper0, rr, rr);
        Path2D faceP = Geometry.project(cam, face, faceShape, flat);
        if (faceP != null) {
            var fb = faceP.getBounds2D();
            fill(g, faceP, new GradientPaint((float) fb.getCenterX(), (float) fb.getMinY(), Canvas.shade(body, 1.1),
                    (float) fb.getCenterX(), (float) fb.getMaxY(), Canvas.shade(body, 0.8)));
        }
        features(g, cam, face, flat, night, lights);
    }

    private void side(Graphics2D g, Geometry.Cam cam, double x, double flat) {
        Color sideCol = Canvas.shade(body, 0.78);
        fill(g, Geometry.poly3(cam, x, yBumper0, 60, x, yBelt, 60, x, yBelt, length - 60, x, yBumper0, length - 60), sideCol);
        double xi = x > 0 ? x - inset : x + inset;
        fill(g, Geometry.poly3(cam, xi, yBelt, zWin0 + 40, xi, yRoof, zWin1, xi, yRoof, zRoofEnd, xi, yBelt, Math.min(length - 100,
                zRoofEnd + 500)), Canvas.shade(body, 0.7));
        fill(g, Geometry.poly3(cam, xi, yBelt + 50, zWin0 + 150, xi, yRoof - 60, zWin1 + 80, xi, yRoof - 60, zRoofEnd - 80, xi,
                yBelt + 50, Math.min(length - 200, zRoofEnd + 400)), Canvas.mix(glass, Color.GRAY, 0.2));
        Geometry.Plane sidePlane = (a, b, o) -> set(o, x, b, a);
        Color tyre = new Color(20, 20, 22);
        for (double wz : new double[] {front ? 850 : 900, length - (front ? 1000 : 900)}) {
            fill(g, Geometry.project(cam, sidePlane, new Ellipse2D.Double(wz - 330, yGround, 660, 660), flat), tyre);
            fill(g, Geometry.project(cam, sidePlane, new Ellipse2D.Double(wz - 190, yGround + 140, 380, 380), flat),
                    new Color(150, 152, 156));
        }
    }

    private void features(Graphics2D g, Geometry.Cam cam, Geometry.Plane face, double flat, boolean night, List<double[]> lights) {
        Random r = rnd;
        double pw = plateW;
        double ph = plateH;
        // bumper
        boolean darkBumper = Rnd.chance(r, 0.35);
        Color bumperCol = darkBumper ? new Color(40, 40, 42) : Canvas.shade(body, 0.95);
        double by1 = Math.max(yBumper1, yBumper0 + 120);
        fillP(g, cam, face, new RoundRectangle2D.Double(xl + 5, yBumper0, xr - xl - 10, by1 - yBumper0, 120, 120), flat, bumperCol);
        fillP(g, cam, face, new Rectangle2D.Double(xl + 40, by1 - 12, xr - xl - 80, 12), flat, Canvas.shade(bumperCol, 1.25));
        fillP(g, cam, face, new Rectangle2D.Double(xl + 20, yBumper0, xr - xl - 40, 40), flat, Canvas.shade(bumperCol, 0.6));
        double yTop = yBelt;
        if (front) {
            // grille and headlights
            double gw = Rnd.uni(r, 0.35, 0.6) * (xr - xl);
            double g0 = Math.max(ph / 2 + 40, yBumper1 - 60);
            double gh = Math.max(80, (yTop - 60) - g0);
            Color grille = new Color(Rnd.range(r, 20, 60), Rnd.range(r, 20, 60), Rnd.range(r, 20, 60));
            fillP(g, cam, face, new RoundRectangle2D.Double(-gw / 2, g0, gw, gh, 60, 60), flat, grille);
            int bars = Rnd.range(r, 2, 6);
            for (int i = 1; i <= bars; i++) {
                double yy = g0 + gh * i / (bars + 1.0);
                fillP(g, cam, face, new Rectangle2D.Double(-gw / 2 + 20, yy - 8, gw - 40, 16), flat, Canvas.shade(grille, 2.2));
            }
            fillP(g, cam, face, new Ellipse2D.Double(-55, g0 + gh / 2 - 40, 110, 80), flat, new Color(200, 200, 205));
            double hw = Rnd.uni(r, 250, 420);
            double hh = Rnd.uni(r, 90, 200);
            for (int s = -1; s <= 1; s += 2) {
                double cx = s < 0 ? xl + 40 + hw / 2 : xr - 40 - hw / 2;
                double cy = yTop - 40 - hh / 2;
                fillP(g, cam, face, new RoundRectangle2D.Double(cx - hw / 2, cy - hh / 2, hw, hh, hh * 0.6, hh * 0.6), flat,
                        new Color(205, 210, 215));
                fillP(g, cam, face, new Ellipse2D.Double(cx - hh * 0.35, cy - hh * 0.35, hh * 0.7, hh * 0.7), flat,
                        night ? new Color(255, 255, 240) : new Color(235, 238, 240));
                addLight(cam, cx, cy, hh * (night ? 0.9 : 0), 230, lights);
            }
            // lower intake below the plate
            fillP(g, cam, face, new RoundRectangle2D.Double(-gw * 0.45, yBumper0 + 50, gw * 0.9, Math.max(40, -ph / 2 - 20 - yBumper0 - 50),
                    40, 40), flat, Canvas.shade(grille, 0.8));
        } else {
            double tw = Rnd.uni(r, 220, 420);
            double th = Rnd.uni(r, 100, 240);
            int lamp = r.nextInt(3);
            Color red = new Color(Rnd.range(r, 170, 230), Rnd.range(r, 15, 45), Rnd.range(r, 20, 45));
            if (night) {
                red = new Color(255, 60, 50);
            }
            for (int s = -1; s <= 1; s += 2) {
                double x0 = s < 0 ? xl + 15 : xr - 15 - (lamp == 1 ? 120 : tw);
                double w0 = lamp == 1 ? 120 : tw;
                double h0 = lamp == 1 ? Math.min(500, yTop - yBumper1 - 40) : th;
                double y0 = yTop - 30 - h0;
                fillP(g, cam, face, new RoundRectangle2D.Double(x0, y0, w0, h0, 40, 40), flat, red);
                fillP(g, cam, face, new RoundRectangle2D.Double(x0 + w0 * 0.15, y0 + h0 * 0.2, w0 * 0.3, h0 * 0.35, 20, 20), flat,
                        Rnd.chance(r, 0.5) ? new Color(240, 150, 40) : new Color(230, 230, 230));
                addLight(cam, x0 + w0 / 2, y0 + h0 / 2, Math.min(w0, h0) * (night ? 0.6 : 0), 140, lights);
            }
            if (lamp == 2) {
                fillP(g, cam, face, new Rectangle2D.Double(xl + 15, yTop - 30 - th * 0.4, xr - xl - 30, th * 0.25), flat,
                        Canvas.shade(red, 0.8));
            }
            if (Rnd.chance(r, 0.5)) { // exhaust
                double ex = Rnd.chance(r, 0.5) ? xl + 300 : xr - 300;
                fillP(g, cam, face, new Ellipse2D.Double(ex - 45, yBumper0 - 10, 90, 60), flat, new Color(25, 25, 25));
            }
            // badge and model name
            if (yTop - 150 > ph / 2 + 80) {
                fillP(g, cam, face, new Ellipse2D.Double(-50, yTop - 160, 100, 70), flat, new Color(195, 197, 200));
            }
            if (Rnd.chance(r, 0.6)) {
                text(g, cam, face, flat, Rnd.pick(r, MODELS), xr - Rnd.uni(r, 250, 500), yTop - Rnd.uni(r, 180, 320),
                        Rnd.uni(r, 25, 45), new Color(200, 202, 206));
            }
        }
        if (hasPlate) {
            // recess and lamp
            double mx = Rnd.uni(r, 15, 45);
            double my = Rnd.uni(r, 10, 35);
            fillP(g, cam, face, new RoundRectangle2D.Double(-pw / 2 - mx, -ph / 2 - my, pw + 2 * mx, ph + 2 * my, 30, 30), flat,
                    Canvas.shade(darkBumper && yBumper1 > ph / 2 ? bumperCol : body, 0.75));
            if (night) {
                addLight(cam, 0, 0, pw * 0.6, -Rnd.uni(r, 40, 90), lights);
            }
            if (Rnd.chance(r, 0.25)) { // dealer strip under (or over) the plate
                double sy = Rnd.chance(r, 0.8) ? -ph / 2 - 8 - 28 : ph / 2 + 8;
                Color strip = Rnd.chance(r, 0.5) ? new Color(240, 240, 240) : new Color(30, 30, 30);
                fillP(g, cam, face, new Rectangle2D.Double(-pw * 0.45, sy, pw * 0.9, 28), flat, strip);
                text(g, cam, face, flat, Rnd.pick(r, STRIPS), -pw * 0.35, sy + 6, 16,
                        strip.getRed() > 128 ? new Color(30, 30, 30) : new Color(230, 230, 230));
            }
        }
        if (Rnd.chance(r, 0.15)) { // country oval sticker
            double sx = Rnd.chance(r, 0.5) ? xl + 200 + 90 : xr - 200 - 90;
            double sy = Rnd.chance(r, 0.5) ? yBumper0 + 180 : yTop - 250;
            fillP(g, cam, face, new Ellipse2D.Double(sx - 88, sy - 58, 176, 116), flat, new Color(245, 245, 245));
            text(g, cam, face, flat, Rnd.pick(r, "SK", "D", "CZ", "UZ", "H", "PL", "A"), sx - 45, sy - 25, 50, Color.BLACK);
        }
    }

    /** A lamp; a negative intensity is a soft, even light without a bright core (plate lamps). */
    private void addLight(Geometry.Cam cam, double x, double y, double radiusMm, double intensity, List<double[]> lights) {
        if (radiusMm <= 0) {
            return;
        }
        double[] uv = new double[4];
        if (cam.project(x, y, 0, uv, 0) && cam.project(x + radiusMm, y, 0, uv, 2)) {
            lights.add(new double[] {uv[0], uv[1], Math.max(1.5, Math.hypot(uv[2] - uv[0], uv[3] - uv[1])), intensity});
        }
    }

    /** Draws text on the face (plane z = 0), baseline-left at (x, y) in mm, cap height in mm. */
    private void text(Graphics2D g, Geometry.Cam cam, Geometry.Plane face, double flat, String s, double x, double y, double cap,
                      Color col) {
        Fonts.Face f = Fonts.faces(Fonts.Kind.SANS).get(0);
        double k = cap / f.capHeight;
        var path = new Path2D.Double();
        double cx = x;
        for (int i = 0; i < s.length(); i++) {
            Fonts.Glyph gl = f.glyph(s.charAt(i));
            var at = new AffineTransform(k, 0, 0, -k, cx, y);
            path.append(at.createTransformedShape(gl.outline()), false);
            cx += gl.advance() * k;
        }
        fillP(g, cam, face, path, flat * 0.5, col);
    }

    private static void fillP(Graphics2D g, Geometry.Cam cam, Geometry.Plane plane, Shape s, double flat, Paint p) {
        fill(g, Geometry.project(cam, plane, s, flat), p);
    }

    private static void fill(Graphics2D g, Shape s, Paint p) {
        if (s != null) {
            g.setPaint(p);
            g.fill(s);
        }
    }

    private static double lerp(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private static void set(double[] o, double x, double y, double z) {
        o[0] = x;
        o[1] = y;
        o[2] = z;
    }
}
