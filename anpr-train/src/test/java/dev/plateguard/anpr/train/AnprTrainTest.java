package dev.plateguard.anpr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import dev.plateguard.anpr.ModelConfig;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole command, a few steps per network, on stand-in data and two generated "development photographs". */
class AnprTrainTest {

    @TempDir
    Path tmp;

    private void photo(Path dir, String name, Random r) throws Exception {
        BufferedImage img = StandInData.background(r, 480, 360);
        Graphics2D g = img.createGraphics();
        String text = StandInData.text(r);
        double[] q = StandInData.plate(g, r, text, 240, 200, 140, 0);
        g.dispose();
        ImageIO.write(img, "jpg", dir.resolve(name + ".jpg").toFile());
        Files.writeString(dir.resolve(name + ".txt"), String.format("%s.jpg\t%d\t%d\t%d\t%d\t%s%n", name,
                (int) q[0], (int) q[1], (int) (q[2] - q[0]), (int) (q[7] - q[1]), text));
    }

    @Test
    void trainsExportsAndWritesAModelsDirectoryTheRuntimeAccepts() throws Exception {
        Path dev = Files.createDirectories(tmp.resolve("dev/eu"));
        Random r = new Random(2);
        for (int i = 0; i < 4; i++) {
            photo(dev, "img" + i, r);
        }
        Path out = tmp.resolve("models");
        AnprTrain.Options o = AnprTrain.Options.parse(new String[] {"--quick", "--data", "standin", "--reader-steps", "3",
            "--detector-steps", "3", "--refiner-steps", "3", "--dev-images", tmp.resolve("dev").toString(), "--dev-holdout", "0.5", "--out",
            out.toString(), "--work", tmp.resolve("work").toString()});
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        assertThat(AnprTrain.run(o, new PrintStream(log, true))).isZero();
        String text = log.toString();
        assertThat(text).contains("development images: 2 for training, 2 held out", "reader epoch 1", "detector epoch 1",
                "refiner epoch 1", "refiner: ONNX validation corner error");

        String json = Files.readString(out.resolve("models.json"));
        ModelConfig config = ModelConfig.parse(json, "models.json");
        assertThat(config.detector().stride()).isEqualTo(4);
        assertThat(config.reader().alphabet()).isEqualTo(ReaderNet.ALPHABET);
        assertThat(config.refiner()).isEqualTo(new ModelConfig.Refiner("refiner.onnx", 160, 64, 2));
        assertThat(json).contains("\"parityMaxAbsDiff\"", "\"trainedOn\"", "\"heldOut\"", "not a held-out figure");

        try (OrtModel reader = new OrtModel(Files.readAllBytes(out.resolve("reader.onnx")));
             OrtModel detector = new OrtModel(Files.readAllBytes(out.resolve("detector.onnx")));
             OrtModel refiner = new OrtModel(Files.readAllBytes(out.resolve("refiner.onnx")))) {
            assertThat(refiner.session().getInputInfo()).containsOnlyKeys("context");
            assertThat(((TensorInfo) refiner.session().getOutputInfo().get("corners").getInfo()).getShape())
                    .containsExactly(-1L, 8L);
            float[] corners = refiner.run(new float[2 * 64 * 160], new long[] {2, 1, 64, 160}, java.util.List.of("corners"))
                    .get(0);
            assertThat(corners).hasSize(16);
            Map<String, NodeInfo> in = reader.session().getInputInfo();
            assertThat(in).containsOnlyKeys("plate");
            assertThat(((TensorInfo) reader.session().getOutputInfo().get("logits").getInfo()).getShape())
                    .containsExactly(-1L, 32L, 37L);
            assertThat(detector.session().getInputInfo()).containsOnlyKeys("image");
            assertThat(detector.session().getOutputInfo()).containsOnlyKeys("heatmap", "corners");
            float[] heat = detector.run(new float[3 * 64 * 96], new long[] {1, 3, 64, 96}, java.util.List.of("heatmap"))
                    .get(0);
            assertThat(heat).hasSize(16 * 24);
            for (float v : heat) {
                assertThat(v).isBetween(0f, 1f);
            }
        }
        assertThat(Arrays.stream(tmp.resolve("work").toFile().list()).toList()).contains("reader.onnx",
                "detector.onnx", "refiner.onnx", "models.json");

        // Fine-tune only the reader from the first one, measuring on every photograph: the detector and its
        // provenance are kept.
        byte[] detector = Files.readAllBytes(out.resolve("detector.onnx"));
        byte[] refiner = Files.readAllBytes(out.resolve("refiner.onnx"));
        AnprTrain.Options again = AnprTrain.Options.parse(new String[] {"--quick", "--data", "standin", "--reader-steps",
            "2", "--skip-detector", "--skip-refiner", "--init-reader", out.resolve("reader.onnx").toString(), "--fine-tune-rate", "0.25", "--dev-images", tmp.resolve("dev").toString(), "--dev-holdout", "1", "--out",
            out.toString(), "--work", tmp.resolve("work2").toString()});
        log.reset();
        assertThat(AnprTrain.run(again, new PrintStream(log, true))).isZero();
        assertThat(log.toString()).contains("0 for training, 4 held out", "set eu");
        assertThat(Files.readAllBytes(out.resolve("detector.onnx"))).isEqualTo(detector);
        assertThat(Files.readAllBytes(out.resolve("refiner.onnx"))).isEqualTo(refiner);
        String json2 = Files.readString(out.resolve("models.json"));
        ModelConfig.parse(json2, "models.json");
        assertThat(json2).contains("\"keptFrom\"", "\"heldOutBySet\"", "\"initialisedFrom\"")
                .doesNotContain("\"trainedOn\"");
        assertThat(log.toString()).contains("reader epoch 0:");
        float freshRate = readerPeakRate(json);
        float fineTuneRate = readerPeakRate(json2);
        assertThat(fineTuneRate).isCloseTo(freshRate * 0.25f, org.assertj.core.data.Offset.offset(1e-7f));
    }

    private static float readerPeakRate(String modelsJson) {
        return TrainingReport.MAPPER.readTree(modelsJson).get("training").get("reader").get("peakLearningRate").floatValue();
    }

    @Test
    void fineTuneRateOutsideZeroToOneIsAUsageError() {
        for (String bad : new String[] {"0", "-0.1", "1.5", "NaN"}) {
            assertThatThrownBy(() -> AnprTrain.Options.parse(new String[] {"--fine-tune-rate", bad}))
                    .isInstanceOf(AnprTrain.UsageException.class).hasMessageContaining("--fine-tune-rate");
        }
        assertThat(AnprTrain.Options.parse(new String[] {}).fineTuneRate()).isEqualTo(0.5);
    }

    @Test
    void selectionPhotographsAreNeverTrainedOn() {
        assertThatThrownBy(() -> AnprTrain.Options.parse(new String[] {"--dev-images", "d", "--select-images", "d"}))
                .isInstanceOf(AnprTrain.UsageException.class).hasMessageContaining("--select-held-out");
        assertThatThrownBy(() -> AnprTrain.Options.parse(new String[] {"--select-held-out"}))
                .isInstanceOf(AnprTrain.UsageException.class).hasMessageContaining("--dev-holdout");
        assertThatThrownBy(() -> AnprTrain.Options.parse(new String[] {"--dev-images", "d", "--select-held-out"}))
                .isInstanceOf(AnprTrain.UsageException.class).hasMessageContaining("--dev-holdout");
        assertThatThrownBy(() -> AnprTrain.Options.parse(new String[] {"--select-images", "s", "--select-fraction", "0"}))
                .isInstanceOf(AnprTrain.UsageException.class).hasMessageContaining("--select-fraction");
        var o = AnprTrain.Options.parse(new String[] {"--dev-images", "d", "--dev-holdout", "0.3", "--select-held-out",
                "--resume"});
        assertThat(o.selectHeldOut()).isTrue();
        assertThat(o.resume()).isTrue();
        assertThat(AnprTrain.Options.parse(new String[] {"--select-images", "s"}).selectFraction()).isEqualTo(0.5);
    }
}
