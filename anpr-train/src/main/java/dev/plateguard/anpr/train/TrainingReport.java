package dev.plateguard.anpr.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.plateguard.anpr.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code training} entry of models.json: this run's provenance and, per network, how it was trained and how it
 * validates. Written with Jackson in declaration order, nulls left out. {@link ModelsFile} is the whole file.
 *
 * @param totalMinutes the whole run, validation and export included
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record TrainingReport(String command, long seed, boolean quick, String data, String startedAt, String engine, int threads,
                      int renderThreads, String java, int cpus, Network<ReaderFigures> reader,
                      Network<DetectorFigures> detector, Network<RefinerFigures> refiner, double totalMinutes) {

    /**
     * models.json as this trainer writes it: the entries the runtime reads ({@link ModelConfig#parse}, docs/anpr-models.md)
     * and the training report, which the runtime ignores.
     */
    record ModelsFile(String version, DetectorEntry detector, ModelConfig.Reader reader, ModelConfig.Refiner refiner,
                      TrainingReport training) {

        /** The detector entry, its corner scale written as the whole number it is ({@code 64}, not {@code 64.0}). */
        record DetectorEntry(String file, int stride, int cornerScale, int maxSide) {
        }

        /** The text of models.json: two-space indent, {@code "key": value}, one array element per line. */
        String json() {
            return WRITER.writeValueAsString(this) + "\n";
        }
    }

    /**
     * One network's entry.
     *
     * @param kept             set when the network was kept with {@code --skip-*} rather than trained
     * @param keptFrom         for a kept network: the run that trained it, when models.json described the same file
     * @param initialisedFrom  a fine-tune's starting point
     * @param peakLearningRate the learning rate the schedule peaked at
     * @param run              the training loop's figures (for a kept network, copied from its models.json)
     * @param fileBytes        the ONNX file's size
     * @param validation       the export's figures on held-out synthetic data, measured by this run
     * @param development      figures on the development photographs, when given
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Network<F>(long parameters, String kept, KeptFrom keptFrom, FileRef initialisedFrom, Float peakLearningRate,
                      @JsonUnwrapped Run run, long fileBytes, F validation, Map<String, F> validationByGroup,
                      Development<F> development, String sha256) {
    }

    /**
     * The training loop's figures. Examples are counted as {@code samples} or, for the detector, {@code crops}: the
     * other count is null.
     *
     * @param crop    the detector's crop side in pixels; null for the others
     * @param history one validation figure per epoch (epoch 0 first when validated before the first step)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Run(Integer crop, long steps, Long samples, Long crops, int batch, double minutes, Double samplesPerSecond,
               Double cropsPerSecond, double rendererWaitSeconds, int epochs, int bestEpoch, List<Double> history,
               double parityMaxAbsDiff) {

        /** @param unit what an example is called: {@code "samples"} or {@code "crops"} */
        static Run of(EpochLoop.Outcome<?> r, String unit, Integer crop, int batch, List<Double> history, double parity) {
            boolean crops = unit.equals("crops");
            double perSecond = round(r.samplesPerSecond(), 1);
            return new Run(crop, r.steps(), crops ? null : r.samples(), crops ? r.samples() : null, batch,
                    round(r.seconds() / 60, 2), crops ? null : perSecond, crops ? perSecond : null,
                    round(r.renderWaitSeconds(), 1), r.epochs(), r.bestEpoch(), history.stream().map(h -> round(h, 4)).toList(),
                    parity);
        }
    }

    record FileRef(String file, String sha256) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KeptFrom(String version, String command, Long seed) {
    }

    /** Figures on development photographs: those trained on (not a held-out figure), those held out, by set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Development<F>(F trainedOn, F heldOut, Map<String, F> heldOutBySet) {
    }

    /** Reader figures: exact readings and characters right (greedy CTC); {@code what} and {@code characters} may be left out. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReaderFigures(String what, int samples, double exact, Double characters) {

        static ReaderFigures of(String what, ReaderTraining.Validation v, boolean characters) {
            return new ReaderFigures(what, v.samples(), round(v.exact(), 4), characters ? round(v.characters(), 4) : null);
        }
    }

    record DetectorFigures(String what, int images, int plates, double recall, double precision, double cornerErrorOfHeight,
                           double cornerErrorPixels) {

        static DetectorFigures of(String what, DetectorTraining.Validation v) {
            return new DetectorFigures(what, v.images(), v.plates(), round(v.recall(), 4), round(v.precision(), 4),
                    round(v.cornerError(), 4), round(v.cornerPixels(), 2));
        }
    }

    /** Corner errors in plate heights before and after one pass, and the share within 0.15 plate heights. */
    record RefinerFigures(String what, int samples, double cornerErrorBefore, double cornerErrorAfter, double within015) {

        static RefinerFigures of(String what, RefinerTraining.Validation v) {
            return new RefinerFigures(what, v.samples(), round(v.before(), 4), round(v.after(), 4), round(v.within(), 4));
        }
    }

    /** What a network kept with {@code --skip-*} brings from the models.json it came with. */
    record Kept(KeptFrom from, FileRef initialisedFrom, Float peakLearningRate, Run run) {

        static final String NOTE = "trained by an earlier run; validation figures below measured again by this run";

        /**
         * The training figures of {@code network} in {@code modelsJson}, when that file exists and describes the same
         * ONNX file (same SHA-256), so that the provenance survives; else nothing but the note.
         */
        static Kept from(Path modelsJson, String network, String sha256) throws IOException {
            if (!Files.exists(modelsJson)) {
                return new Kept(null, null, null, null);
            }
            JsonNode old = MAPPER.readTree(Files.readString(modelsJson));
            JsonNode training = old.path("training");
            JsonNode m = training.path(network);
            if (!m.isObject() || !sha256.equals(m.path("sha256").asString(""))) {
                return new Kept(null, null, null, null);
            }
            KeptFrom from = new KeptFrom(text(old.get("version")), text(training.get("command")),
                    training.path("seed").isNumber() ? training.get("seed").longValue() : null);
            FileRef init = m.path("initialisedFrom").isObject() ? MAPPER.treeToValue(m.get("initialisedFrom"), FileRef.class) : null;
            Float lr = m.path("peakLearningRate").isNumber() ? m.get("peakLearningRate").floatValue() : null;
            Run run = m.path("steps").isNumber() ? MAPPER.treeToValue(m, Run.class) : null;
            return new Kept(from, init, lr, run);
        }

        private static String text(JsonNode n) {
            return n != null && n.isString() ? n.stringValue() : null;
        }
    }

    static final JsonMapper MAPPER = JsonMapper.builder().disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static final ObjectWriter WRITER = MAPPER.writer().with(new DefaultPrettyPrinter(Separators.createDefaultInstance()
            .withObjectNameValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("").withArrayEmptySeparator(""))
            .withObjectIndenter(new DefaultIndenter("  ", "\n")).withArrayIndenter(new DefaultIndenter("  ", "\n")));

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
