package dev.plateguard.anpr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelConfigTest {

    /** The example of docs/anpr-models.md. */
    static final String EXAMPLE = """
            {
              "version": "2026-11-27.1",
              "detector": {"file": "detector.onnx", "stride": 4, "cornerScale": 64, "maxSide": 960},
              "reader": {"file": "reader.onnx", "width": 128, "height": 32,
                         "alphabet": "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
              "refiner": {"file": "refiner.onnx", "width": 160, "height": 64, "passes": 2},
              "training": {"command": "bin/anpr-train ...", "seed": 1, "...": "free-form provenance"}
            }
            """;

    @Test
    void parsesTheDocumentedExample() {
        ModelConfig c = ModelConfig.parse(EXAMPLE, "models.json");
        assertThat(c.version()).isEqualTo("2026-11-27.1");
        assertThat(c.detector()).isEqualTo(new ModelConfig.Detector("detector.onnx", 4, 64.0, 960));
        assertThat(c.reader().file()).isEqualTo("reader.onnx");
        assertThat(c.reader().alphabet()).hasSize(36);
        assertThat(c.readerClasses()).isEqualTo(37);
        assertThat(c.refiner()).isEqualTo(new ModelConfig.Refiner("refiner.onnx", 160, 64, 2));
    }

    @Test
    void theRefinerIsOptional() {
        String without = EXAMPLE.replace("\"refiner\": {\"file\": \"refiner.onnx\", \"width\": 160, \"height\": 64, \"passes\": 2},", "");
        assertThat(without).doesNotContain("refiner");
        assertThat(ModelConfig.parse(without, "m.json").refiner()).isNull();
    }

    @Test
    void rejectsARefinerThatBreaksTheContract() {
        assertThatThrownBy(() -> ModelConfig.parse(EXAMPLE.replace("\"width\": 160", "\"width\": 128"), "m.json"))
                .isInstanceOf(ModelException.class).hasMessageContaining("refiner input must be 160 x 64");
        assertThatThrownBy(() -> ModelConfig.parse(EXAMPLE.replace("\"passes\": 2", "\"passes\": 0"), "m.json"))
                .isInstanceOf(ModelException.class).hasMessageContaining("refiner.passes must be 1..4");
        assertThatThrownBy(() -> ModelConfig.parse(EXAMPLE.replace("\"refiner.onnx\"", "\"/etc/x.onnx\""), "m.json"))
                .isInstanceOf(ModelException.class).hasMessageContaining("relative");
        assertThatThrownBy(() -> ModelConfig.parse(EXAMPLE.replace(", \"passes\": 2", ""), "m.json"))
                .isInstanceOf(ModelException.class).hasMessage("m.json refiner: missing number \"passes\"");
    }

    @Test
    void rejectsWhatBreaksTheContract() {
        assertThatThrownBy(() -> ModelConfig.parse(EXAMPLE.replace("\"version\": \"2026-11-27.1\",", ""), "m.json"))
                .isInstanceOf(ModelException.class).hasMessage("m.json: missing string \"version\"");
        assertThatThrownBy(() -> ModelConfig.parse(EXAMPLE.replace("\"width\": 128", "\"width\": 100"), "m.json"))
                .isInstanceOf(ModelException.class).hasMessageContaining("128 x 32");
        assertThatThrownBy(() -> ModelConfig.parse(EXAMPLE.replace("\"stride\": 4", "\"stride\": 5"), "m.json"))
                .isInstanceOf(ModelException.class).hasMessageContaining("stride");
        assertThatThrownBy(() -> ModelConfig.parse(EXAMPLE.replace("\"stride\": 4", "\"stride\": 4.5"), "m.json"))
                .isInstanceOf(ModelException.class).hasMessageContaining("integer");
        assertThatThrownBy(() -> ModelConfig.parse(EXAMPLE.replace("0123456789ABC", "0123456789abc"), "m.json"))
                .isInstanceOf(ModelException.class).hasMessageContaining("alphabet");
        assertThatThrownBy(() -> ModelConfig.parse(EXAMPLE.replace("0123456789ABC", "0023456789ABC"), "m.json"))
                .isInstanceOf(ModelException.class).hasMessageContaining("repeats '0'");
        assertThatThrownBy(() -> ModelConfig.parse(EXAMPLE.replace("\"detector.onnx\"", "\"../x.onnx\""), "m.json"))
                .isInstanceOf(ModelException.class).hasMessageContaining("relative");
        assertThatThrownBy(() -> ModelConfig.parse("{\"version\": ", "m.json"))
                .isInstanceOf(ModelException.class).hasMessageStartingWith("m.json: invalid JSON");
        assertThatThrownBy(() -> ModelConfig.parse("[]", "m.json")).isInstanceOf(ModelException.class);
    }
}
