package dev.plateguard.anpr.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.plateguard.anpr.OnnxTestModels;
import dev.plateguard.anpr.Recogniser;

class FramesBenchTest {

    @TempDir
    Path dir;

    @Test
    void everyLabelledPlateIsReadInEveryFrameAndFused() throws Exception {
        Path models = dir.resolve("models");
        OnnxTestModels.write(models, 320, 48, 12, OnnxTestModels.spelling("01A123BC", 0.9), "frames-test");
        Path bench = dir.resolve("bench");
        AnprCliTest.image(bench.resolve("uz/a.png"), 122, 82);
        AnprCliTest.label(bench.resolve("uz/a.png"), 122, 82, "01A 123 BC");
        AnprCliTest.image(bench.resolve("uz/b.png"), 202, 162);
        AnprCliTest.label(bench.resolve("uz/b.png"), 202, 162, "ZZZ999");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Recogniser recogniser = Recogniser.open(models)) {
            var result = new FramesBench(recogniser, 3, 42).run(bench, new PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(result.plates()).isEqualTo(2);
            assertThat(result.frames()).isEqualTo(3);
            // the test reader spells 01A123BC wherever it finds a plate: one plate right, one wrong, in every frame
            assertThat(result.singleTop1()).isEqualTo(0.5);
            assertThat(result.fusedTop1()).isEqualTo(0.5);
            assertThat(result.bestFrameTop1()).isEqualTo(0.5);
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElseThrow())
                .startsWith("{\"plates\": 2, \"frames\": 3");
    }

    @Test
    void framesAreBlurredDifferentlyButKeepTheirSize() {
        BufferedImage image = new BufferedImage(64, 32, BufferedImage.TYPE_INT_RGB);
        image.setRGB(32, 16, 0xffffff);
        Random random = new Random(1);
        BufferedImage a = FramesBench.motionBlurred(image, random);
        BufferedImage b = FramesBench.motionBlurred(image, random);
        assertThat(a.getWidth()).isEqualTo(64);
        assertThat(a.getHeight()).isEqualTo(32);
        assertThat(a.getRGB(32, 16)).as("the bright pixel is smeared").isNotEqualTo(0xffffffff);
        assertThat(pixels(a)).isNotEqualTo(pixels(b));
        assertThatThrownBy(() -> new FramesBench(null, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
