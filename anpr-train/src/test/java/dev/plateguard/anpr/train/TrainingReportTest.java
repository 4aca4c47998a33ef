package dev.plateguard.anpr.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plateguard.anpr.ModelConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** models.json as the trainer writes it, and the command line. */
class TrainingReportTest {

    static final Path COMMITTED = Path.of("../anpr/src/main/resources/dev/plateguard/anpr/models/models.json");

    static TrainingReport.Network<TrainingReport.RefinerFigures> refiner(TrainingReport.Run run) {
        return new TrainingReport.Network<>(56068, null, null, null, 0.002f, run, 225771,
                new TrainingReport.RefinerFigures("synthetic", 1000, 0.3448, 0.1263, 0.72), null, null, "c1d4");
    }

    @Test
    void writesTheRuntimesEntriesAndTheReportInTheirOrder() {
        TrainingReport.Run run = new TrainingReport.Run(null, 3, 48L, null, 16, 0.02, 120.5, null, 0.0, 1, 1,
                List.of(0.5, 1.0), 1.5e-7);
        TrainingReport report = new TrainingReport("bin/anpr-train --quick", 1, true, "standin", "2026-11-27T11:50:03Z",
                "PyTorch", 1, 1, "25", 2, null, null, refiner(run), 0.5);
        String json = new TrainingReport.ModelsFile("v1", new TrainingReport.ModelsFile.DetectorEntry("detector.onnx", 4, 64, 960),
                new ModelConfig.Reader("reader.onnx", 128, 32, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                new ModelConfig.Refiner("refiner.onnx", 160, 64, 2), report).json();
        assertThat(json).startsWith("""
                {
                  "version": "v1",
                  "detector": {
                    "file": "detector.onnx",
                    "stride": 4,
                    "cornerScale": 64,
                    "maxSide": 960
                  },
                  "reader": {""").endsWith("""
                    "refiner": {
                      "parameters": 56068,
                      "peakLearningRate": 0.002,
                      "steps": 3,
                      "samples": 48,
                      "batch": 16,
                      "minutes": 0.02,
                      "samplesPerSecond": 120.5,
                      "rendererWaitSeconds": 0.0,
                      "epochs": 1,
                      "bestEpoch": 1,
                      "history": [
                        0.5,
                        1.0
                      ],
                      "parityMaxAbsDiff": 1.5E-7,
                      "fileBytes": 225771,
                      "validation": {
                        "what": "synthetic",
                        "samples": 1000,
                        "cornerErrorBefore": 0.3448,
                        "cornerErrorAfter": 0.1263,
                        "within015": 0.72
                      },
                      "sha256": "c1d4"
                    },
                    "totalMinutes": 0.5
                  }
                }
                """).doesNotContain("null", "\"reader\": {\n      ", "crops");
        ModelConfig config = ModelConfig.parse(json, "models.json");
        assertThat(config.detector()).isEqualTo(new ModelConfig.Detector("detector.onnx", 4, 64.0, 960));
        assertThat(config.refiner().passes()).isEqualTo(2);
    }

    /** A kept network brings its training figures from the models.json it came with, also one Gson wrote. */
    @Test
    void aKeptNetworkKeepsItsTrainingFigures() throws Exception {
        String sha = TrainingReport.MAPPER.readTree(Files.readString(COMMITTED)).get("training").get("reader").get("sha256")
                .stringValue();
        TrainingReport.Kept kept = TrainingReport.Kept.from(COMMITTED, "reader", sha);
        assertThat(kept.from()).isEqualTo(new TrainingReport.KeptFrom("2026-12-07.1047", kept.from().command(), 5L));
        assertThat(kept.from().command()).contains("--select-held-out");
        assertThat(kept.peakLearningRate()).isEqualTo(1.00000005E-4f);
        assertThat(kept.initialisedFrom().file()).isEqualTo("/tmp/train-fe/reader-start.onnx");
        assertThat(kept.run().steps()).isEqualTo(2400);
        assertThat(kept.run().samples()).isEqualTo(153600L);
        assertThat(kept.run().history()).hasSize(7);
        TrainingReport.Kept detector = TrainingReport.Kept.from(COMMITTED, "detector", "2be3d20fd68dec7a55aa096e36dc70835439faefe59d2417640fe593ab23ab52");
        assertThat(detector.run().crop()).isEqualTo(320);
        assertThat(detector.run().crops()).isEqualTo(145832L);
        assertThat(detector.run().samples()).isNull();
        assertThat(TrainingReport.Kept.from(COMMITTED, "reader", "another file").run()).isNull();
    }

    @Test
    void optionsTakeTheirValueEitherWayAndBadOnesAreUsageErrors() {
        AnprTrain.Options spaced = AnprTrain.Options.parse(new String[] {"--minutes-reader", "5", "--refiner-steps", "7",
            "--skip-detector", "--init-refiner", "r.onnx", "--seed", "3"});
        AnprTrain.Options joined = AnprTrain.Options.parse(new String[] {"--minutes-reader=5", "--refiner-steps=7",
            "--skip-detector", "--init-refiner=r.onnx", "--seed=3"});
        for (AnprTrain.Options o : List.of(spaced, joined)) {
            assertThat(o.reader()).isEqualTo(new AnprTrain.Network(5, 0, null, false));
            assertThat(o.detector()).isEqualTo(new AnprTrain.Network(60, 0, null, true));
            assertThat(o.refiner()).isEqualTo(new AnprTrain.Network(25, 7, Path.of("r.onnx"), false));
            assertThat(o.seed()).isEqualTo(3);
        }
        AnprTrain.Options quick = AnprTrain.Options.parse(new String[] {"--quick"});
        assertThat(List.of(quick.reader().minutes(), quick.detector().minutes(), quick.refiner().minutes()))
                .containsExactly(2.0, 3.0, 1.0);
        assertThatThrownBy(() -> AnprTrain.Options.parse(new String[] {"--bogus"}))
                .isInstanceOf(AnprTrain.UsageException.class).hasMessageContaining("'--bogus'");
        assertThatThrownBy(() -> AnprTrain.Options.parse(new String[] {"--seed", "x"}))
                .isInstanceOf(AnprTrain.UsageException.class).hasMessageContaining("--seed").hasMessageContaining("'x'");
        assertThatThrownBy(() -> AnprTrain.Options.parse(new String[] {"--out"}))
                .isInstanceOf(AnprTrain.UsageException.class).hasMessageContaining("--out");
        assertThatThrownBy(() -> AnprTrain.Options.parse(new String[] {"--data", "real"}))
                .isInstanceOf(AnprTrain.UsageException.class).hasMessageContaining("--data must be synth or standin");
        assertThatThrownBy(() -> AnprTrain.Options.parse(new String[] {"--help"}))
                .isInstanceOf(AnprTrain.UsageException.class).hasMessage(null);
        String usage = AnprTrain.parser().getUsageMessage();
        assertThat(usage).contains("--minutes-reader=M", "--minutes-detector=M", "--minutes-refiner=M", "--skip-refiner",
                "--init-detector=FILE", "--detector-steps=N", "corner refiner training budget",
                "--dev-holdout=F", "--render-threads=N");
    }
}
