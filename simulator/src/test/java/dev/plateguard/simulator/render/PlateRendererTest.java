package dev.plateguard.simulator.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.plateguard.plates.Country;
import dev.plateguard.plates.PlateClassifier;
import dev.plateguard.plates.PlateFormat;
import dev.plateguard.plates.PlateInterpretation;

class PlateRendererTest {

    private static final PlateRenderer RENDERER = new PlateRenderer(PlateFont.load(null));

    private static BufferedImage render(String text, Country country) {
        PlateInterpretation reading = PlateClassifier.classify(text).stream().filter(r -> r.country() == country)
                .findFirst().orElseThrow();
        return RENDERER.render(reading);
    }

    static boolean dark(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() + c.getGreen() + c.getBlue() < 3 * 90;
    }

    static boolean white(int rgb) {
        Color c = new Color(rgb);
        return c.getRed() > 235 && c.getGreen() > 235 && c.getBlue() > 235;
    }

    @Test
    void aPrivatePlateIsWhiteWithABlackBorderAndARegionBox() {
        BufferedImage plate = render("01A123BC", Country.UZ);
        assertThat(plate.getWidth()).isEqualTo(520);
        assertThat(plate.getHeight()).isEqualTo(112);
        // White background: between border and characters, and in the gaps of the main field.
        assertThat(white(plate.getRGB(200, 12))).isTrue();
        assertThat(white(plate.getRGB(300, 100))).isTrue();
        // Dark border all round.
        int border = PlateRenderer.BORDER_INSET + PlateRenderer.BORDER_WIDTH / 2;
        for (int x = 20; x < 500; x += 20) {
            assertThat(dark(plate.getRGB(x, border))).as("top border at x=" + x).isTrue();
            assertThat(dark(plate.getRGB(x, 111 - border))).as("bottom border at x=" + x).isTrue();
        }
        for (int y = 20; y < 92; y += 8) {
            assertThat(dark(plate.getRGB(border, y))).as("left border at y=" + y).isTrue();
            assertThat(dark(plate.getRGB(519 - border, y))).as("right border at y=" + y).isTrue();
            // The vertical line that closes the region box.
            assertThat(dark(plate.getRGB(PlateRenderer.REGION_LINE_X + 1, y))).as("region line at y=" + y).isTrue();
        }
        // Region digits inside the box, characters in the main field.
        assertThat(darkShare(plate, 12, 88, 24, 88)).isGreaterThan(0.2);
        assertThat(darkShare(plate, 100, 440, 24, 88)).isGreaterThan(0.15);
    }

    @Test
    void theFlagAndUzAreOnTheRight() {
        BufferedImage plate = render("01123ABC", Country.UZ);
        int x = PlateRenderer.FLAG_X + 4;
        assertThat(closeTo(plate.getRGB(x + 26, 20), PlateRenderer.FLAG_BLUE)).isTrue();
        assertThat(white(plate.getRGB(x + 26, 31))).isTrue();
        assertThat(closeTo(plate.getRGB(x + 26, 42), PlateRenderer.FLAG_GREEN)).isTrue();
        // UZ in blue below the flag.
        long blue = 0;
        for (int y = 56; y < 90; y++) {
            for (int px = PlateRenderer.FLAG_X; px < 512; px++) {
                blue += closeTo(plate.getRGB(px, y), PlateRenderer.FLAG_BLUE) ? 1 : 0;
            }
        }
        assertThat(blue).isGreaterThan(150);
    }

    @Test
    void legalEntityAndPrivateLayoutsDiffer() {
        BufferedImage legal = render("01123ABC", Country.UZ);
        BufferedImage personal = render("01A123BC", Country.UZ);
        assertThat(dark(legal.getRGB(PlateRenderer.REGION_LINE_X + 1, 56))).isTrue();
        assertThat(differingPixels(legal, personal)).isGreaterThan(1000);
    }

    @Test
    void rendersEveryUzbekFormat() {
        for (PlateFormat format : PlateFormat.values()) {
            if (format.country() != Country.UZ) {
                continue;
            }
            BufferedImage plate = RENDERER.render(format.interpret(format.example()).orElseThrow());
            assertThat(plate.getWidth()).isEqualTo(PlateRenderer.WIDTH);
            assertThat(plate.getHeight()).isEqualTo(PlateRenderer.HEIGHT);
            assertThat(dark(plate.getRGB(PlateRenderer.WIDTH / 2, PlateRenderer.BORDER_INSET + 1))).as(format.name()).isTrue();
            // Characters drawn: a good part of the text band differs from the plate's background colour.
            assertThat(inkShare(plate, 12, 508, 24, 88, plate.getRGB(300, 12))).as(format.name()).isGreaterThan(0.15);
        }
        // Foreign residents are yellow, foreign companies green.
        Color yellow = new Color(RENDERER.render(PlateFormat.UZ_FOREIGN_RESIDENT.interpret("01H123456").orElseThrow()).getRGB(300, 12));
        assertThat(yellow.getRed()).isGreaterThan(200);
        assertThat(yellow.getBlue()).isLessThan(80);
        Color green = new Color(RENDERER.render(PlateFormat.UZ_FOREIGN_COMPANY.interpret("01M123456").orElseThrow()).getRGB(300, 12));
        assertThat(green.getGreen()).isGreaterThan(green.getRed() + 50);
    }

    @Test
    void neighbourPlatesGetTheGenericLayout() {
        for (String[] plate : new String[][]{{"123ABC17", "KZ"}, {"01123ABC", "KG"}, {"1234AB02", "TJ"}, {"A123BC77", "RU"}, {"AB1234AG", "TM"}}) {
            BufferedImage image = render(plate[0], Country.valueOf(plate[1]));
            assertThat(white(image.getRGB(300, 12))).isTrue();
            assertThat(dark(image.getRGB(300, PlateRenderer.BORDER_INSET + 1))).isTrue();
            // No region line where the Uzbek layout has one.
            assertThat(dark(image.getRGB(PlateRenderer.REGION_LINE_X + 1, 14))).isFalse();
        }
    }

    @Test
    void degradedCropsDifferFromTheCleanOne() throws IOException {
        BufferedImage plate = render("01A123BC", Country.UZ);
        PlateCropRenderer crops = new PlateCropRenderer();
        PlateCropRenderer.Crop clean = crops.compose(plate, Color.WHITE, false, Set.of(), new SplittableRandom(1));
        assertThat(clean.image().getWidth()).isEqualTo(PlateCropRenderer.WIDTH);
        assertThat(clean.image().getHeight()).isEqualTo(PlateCropRenderer.HEIGHT);
        assertInside(clean.box());
        for (Degradation degradation : Degradation.values()) {
            PlateCropRenderer.Crop worse = crops.compose(plate, Color.WHITE, false, EnumSet.of(degradation), new SplittableRandom(1));
            assertInside(worse.box());
            assertThat(differingPixels(clean.image(), worse.image())).as(degradation.name()).isGreaterThan(2000);
        }
        double cleanBrightness = brightness(clean.image());
        PlateCropRenderer.Crop dark = crops.compose(plate, Color.WHITE, false, EnumSet.of(Degradation.LOW_LIGHT), new SplittableRandom(1));
        assertThat(brightness(dark.image())).isLessThan(cleanBrightness * 0.6);
        // The crop encodes to a small, valid JPEG.
        byte[] jpeg = JpegEncoder.encode(clean.image(), 0.85f);
        assertThat(jpeg.length).isBetween(3_000, 40_000);
        assertThat(ImageIO.read(new ByteArrayInputStream(jpeg)).getWidth()).isEqualTo(PlateCropRenderer.WIDTH);
    }

    @Test
    void theFontIsTheFirstInstalledOfOspDinAndDejaVuAndNeverMissing() {
        PlateFont font = PlateFont.load(null);
        assertThat(font.font()).isNotNull();
        var installed = PlateFont.BUNDLED_FONTS.stream().filter(java.nio.file.Files::isRegularFile).findFirst();
        assertThat(font.description()).contains(installed.map(java.nio.file.Path::toString).orElse("AWT logical"));
    }

    private static void assertInside(PlateBox box) {
        assertThat(box.x()).isGreaterThanOrEqualTo(0);
        assertThat(box.y()).isGreaterThanOrEqualTo(0);
        assertThat(box.width()).isGreaterThan(100);
        assertThat(box.height()).isGreaterThan(30);
        assertThat(box.x() + box.width()).isLessThanOrEqualTo(PlateCropRenderer.WIDTH);
        assertThat(box.y() + box.height()).isLessThanOrEqualTo(PlateCropRenderer.HEIGHT);
    }

    static long differingPixels(BufferedImage a, BufferedImage b) {
        long n = 0;
        for (int y = 0; y < Math.min(a.getHeight(), b.getHeight()); y++) {
            for (int x = 0; x < Math.min(a.getWidth(), b.getWidth()); x++) {
                Color p = new Color(a.getRGB(x, y)), q = new Color(b.getRGB(x, y));
                if (Math.abs(p.getRed() - q.getRed()) + Math.abs(p.getGreen() - q.getGreen()) + Math.abs(p.getBlue() - q.getBlue()) > 30) {
                    n++;
                }
            }
        }
        return n;
    }

    private static double brightness(BufferedImage image) {
        double sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                sum += c.getRed() + c.getGreen() + c.getBlue();
            }
        }
        return sum / (image.getWidth() * image.getHeight());
    }

    private static double darkShare(BufferedImage image, int x0, int x1, int y0, int y1) {
        long dark = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                dark += dark(image.getRGB(x, y)) ? 1 : 0;
            }
        }
        return dark / (double) ((x1 - x0) * (y1 - y0));
    }

    private static double inkShare(BufferedImage image, int x0, int x1, int y0, int y1, int background) {
        long ink = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                ink += closeTo(image.getRGB(x, y), new Color(background)) ? 0 : 1;
            }
        }
        return ink / (double) ((x1 - x0) * (y1 - y0));
    }

    private static boolean closeTo(int rgb, Color expected) {
        Color c = new Color(rgb);
        return Arrays.stream(new int[]{c.getRed() - expected.getRed(), c.getGreen() - expected.getGreen(), c.getBlue() - expected.getBlue()})
                .allMatch(d -> Math.abs(d) < 40);
    }
}
