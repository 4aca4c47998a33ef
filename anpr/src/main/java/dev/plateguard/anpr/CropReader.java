package dev.plateguard.anpr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reader model on the crops in a workspace, for {@link ReadStage} and {@link RereadStage}: runs them in batches,
 * decodes and ranks each crop's readings ({@link CandidateRanker}) and keeps, per plate, the best-scoring reading and
 * the corners it was read from.
 *
 * @param fixedBatch the reader's fixed batch size, or 0 when its batch dimension is dynamic
 * @param classes    the reader's output classes (models.json)
 */
record CropReader(OrtEnvironment env, OnnxModel reader, int fixedBatch, int classes, int beamWidth, int topN) {

    static final int CROP = PlateCrop.WIDTH * PlateCrop.HEIGHT;

    /** Crops cut into {@code ws.crops}, in order: whose plate each is, the corners it was cut from, and its kind. */
    static final class Cuts {
        final List<Integer> plate = new ArrayList<>();
        final List<double[]> corners = new ArrayList<>();
        /** Crops with the plate's two rows side by side. */
        final BitSet twoRows = new BitSet();

        int size() {
            return plate.size();
        }

        void add(int plateIndex, double[] cutFrom, boolean twoRowCut) {
            twoRows.set(plate.size(), twoRowCut);
            plate.add(plateIndex);
            corners.add(cutFrom);
        }
    }

    static CropReader of(OrtEnvironment env, OnnxModel reader, int classes, RecogniserOptions options) {
        long batch = reader.inputShape("plate")[0];
        return new CropReader(env, reader, batch > 0 ? (int) batch : 0, classes, options.beamWidth(), options.topN());
    }

    /**
     * Reads the crops and, where a crop's reading scores better than its plate's best so far, makes it the plate's
     * reading ({@code call.readings}) and its corners the plate's ({@code call.chosen}).
     */
    void read(Call call, Cuts cuts) throws OrtException {
        int crops = cuts.size();
        int batch = fixedBatch > 0 ? fixedBatch : crops;
        for (int first = 0; first < crops; first += batch) {
            int n = Math.min(batch, crops - first);
            int steps = readBatch(call.ws, first, n);
            call.clock.charge(StageClock.Part.READER_RUN);
            for (int k = 0; k < n; k++) {
                int offset = k * steps * classes;
                CtcDecoder.logSoftmax(call.ws.logits, offset, steps, classes);
                int plate = cuts.plate.get(first + k);
                CandidateRanker ranker = call.ranker(plate);
                List<Candidate> candidates = ranker.rank(call.ws.logits, offset, steps, classes, beamWidth, topN);
                if (readingScore(ranker, candidates, cuts.twoRows.get(first + k))
                        > readingScore(ranker, call.readings.get(plate), false)) {
                    call.readings.set(plate, candidates);
                    call.chosen[plate] = cuts.corners.get(first + k);
                }
            }
            call.clock.charge(StageClock.Part.READER_DECODE);
        }
    }

    /**
     * How good one reading of a plate is, to choose between reading it as one row or as two: the model's probability
     * of the best text times its format weight (a text that fits a known plate format counts more). A two-row
     * reading counts only when its text fits a format: cutting a tall one-row plate (US) in halves yields fragments.
     */
    private static double readingScore(CandidateRanker ranker, List<Candidate> candidates, boolean twoRows) {
        if (candidates.isEmpty()) {
            return -1;
        }
        Candidate best = candidates.get(0);
        double weight = ranker.info(best.text()).weight();
        if (twoRows && weight <= 1) {
            return -1;
        }
        return best.modelProbability() * weight;
    }

    /**
     * Runs the reader on crops {@code first .. first + n} of the workspace (zero-padded to a fixed batch size if the
     * model has one) and leaves {@code n × steps × classes} log-probabilities in {@code ws.logits}.
     *
     * @return the number of time steps
     */
    private int readBatch(Workspace ws, int first, int n) throws OrtException {
        int batch = fixedBatch > 0 ? fixedBatch : n;
        FloatBuffer in = ws.readerInput(batch * CROP);
        in.put(0, ws.crops, first * CROP, n * CROP);
        if (batch > n) {
            for (int k = n * CROP; k < batch * CROP; k++) {
                in.put(k, 0f);
            }
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, in.slice(0, batch * CROP),
                new long[] {batch, 1, PlateCrop.HEIGHT, PlateCrop.WIDTH});
             OrtSession.Result result = reader.session().run(Map.of("plate", input), Set.of("logits"))) {
            OnnxTensor logits = (OnnxTensor) result.get("logits").orElseThrow();
            long[] shape = logits.getInfo().getShape();
            if (shape.length != 3 || shape[0] != batch || shape[2] != classes) {
                throw new ModelException(reader.what() + ": logits have shape " + Arrays.toString(shape)
                        + ", expected [" + batch + ", T, " + classes + "]");
            }
            int steps = (int) shape[1];
            int size = n * steps * classes;
            if (ws.logits == null || ws.logits.length < size) {
                ws.logits = new float[size];
            }
            logits.getFloatBuffer().get(ws.logits, 0, size);
            return steps;
        } catch (OrtException e) {
            throw new ModelException(reader.what() + ": run failed for input [" + batch + ", 1, " + PlateCrop.HEIGHT + ", "
                    + PlateCrop.WIDTH + "]: " + e.getMessage(), e);
        }
    }

    /** Reads one grey crop, so that the reader's one-time costs do not fall on the first image. */
    void warmUp(Workspace ws) throws OrtException {
        ws.crops(1);
        Arrays.fill(ws.crops, 0, CROP, 0.5f);
        readBatch(ws, 0, 1);
    }
}
