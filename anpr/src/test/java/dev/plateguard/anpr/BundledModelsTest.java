package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.plateguard.anpr.synth.PlateRenderer;
import dev.plateguard.anpr.synth.PlateSample;

/**
 * The models committed with the module, end to end on images the project renders itself (never on ../shared):
 * clean, frontal Uzbek plates of every format on a plain background. The floors are what the committed models
 * reach with margin (see docs/benchmarks.md); a broken export, pre-processing or decoding change falls far below.
 */
class BundledModelsTest {

    private static final int IMAGES = 60;
    private static Recogniser recogniser;

    @BeforeAll
    static void open() {
        assertThat(Recogniser.bundledAvailable()).as("models are committed in src/main/resources").isTrue();
        recogniser = Recogniser.bundled();
        assertThat(recogniser.models().refiner()).as("the committed models include the corner refiner").isNotNull();
    }

    @AfterAll
    static void close() {
        recogniser.close();
    }

    /** A plate 220 px wide, centred on a grey 640 × 360 frame. */
    static BufferedImage frame(PlateSample plate) {
        BufferedImage image = new BufferedImage(640, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(96, 100, 104));
        g.fillRect(0, 0, 640, 360);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        int w = 220;
        int h = (int) Math.round(w * plate.image().getHeight() / (double) plate.image().getWidth());
        g.drawImage(plate.image(), 210, 180 - h / 2, w, h, null);
        g.dispose();
        return image;
    }

    @Test
    void theBundledModelsDescribeThemselves() {
        assertThat(recogniser.modelVersion()).isNotBlank().isEqualTo(recogniser.models().version());
        assertThat(recogniser.recognise(new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB)).plates())
                .as("a black image holds no plate").isEmpty();
    }

    @Test
    void cleanSyntheticUzbekPlatesAreFoundAndRead() {
        List<String> styles = PlateRenderer.styles("uz");
        PlateRenderer renderer = new PlateRenderer(20261127L);
        int found = 0;
        int read = 0;
        for (int i = 0; i < IMAGES; i++) {
            PlateSample plate = renderer.render(styles.get(i % styles.size()));
            Recognition result = recogniser.recognise(frame(plate));
            Box truth = new Box(210, 180 - 110 * plate.image().getHeight() / plate.image().getWidth(), 220,
                    220 * plate.image().getHeight() / plate.image().getWidth());
            PlateResult best = result.plates().stream().max((a, b) -> Double.compare(a.box().iou(truth), b.box().iou(truth)))
                    .orElse(null);
            if (best != null && best.box().iou(truth) >= 0.4) {
                found++;
                if (best.text().equals(plate.text())) {
                    read++;
                }
            }
        }
        System.out.printf("bundled models %s: %d/%d found, %d/%d read exactly%n", recogniser.modelVersion(), found,
                IMAGES, read, IMAGES);
        assertThat(found).as("plates found").isGreaterThanOrEqualTo(FOUND_FLOOR);
        assertThat(read).as("plates read exactly").isGreaterThanOrEqualTo(READ_FLOOR);
    }

    private static final int FOUND_FLOOR = 56;
    private static final int READ_FLOOR = 54;
}
