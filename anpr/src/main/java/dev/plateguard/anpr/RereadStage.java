package dev.plateguard.anpr;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.List;

/**
 * Stage 6, unless switched off ({@link RecogniserOptions#retryBelow()} 0): a plate read with little certainty is read
 * again from crops a little taller, shorter, wider and narrower than its best cut. Corners are the pipeline's
 * largest error, and the best-scoring reading wins; a scaled crop is only a way of reading, so if it wins the plate
 * keeps the corners it was scaled from. Weak detections are not re-read.
 *
 * @param retryBelow a plate whose best reading the reader gives less than this probability is read again
 * @param strong     the detection threshold: detections below it are weak
 */
record RereadStage(CropReader reader, double retryBelow, double strong) implements Stage {

    /** Scale factors (width, height) of the crops a plate read with little certainty is read again from. */
    private static final double[][] VARIANTS = {{1, 1.15}, {1, 0.87}, {1.07, 1}, {0.94, 1}};

    @Override
    public void run(Call call) throws OrtException {
        if (call.plates.isEmpty()) {
            return;
        }
        List<Integer> unsure = new ArrayList<>();
        for (int i = 0; i < call.plates.size(); i++) {
            List<Candidate> c = call.readings.get(i);
            if (call.plates.get(i).score() >= strong && (c.isEmpty() || c.get(0).modelProbability() < retryBelow)) {
                unsure.add(i);
            }
        }
        call.ws.crops(unsure.size() * VARIANTS.length);
        CropReader.Cuts cuts = new CropReader.Cuts();
        for (int i : unsure) {
            double[] from = call.chosen[i];
            for (double[] v : VARIANTS) {
                int at = cuts.size() * CropReader.CROP;
                try {
                    PlateCrop.grey(call.rgb, call.width, call.height, PlateCrop.scaled(from, v[0], v[1]), call.ws.crops, at);
                } catch (IllegalArgumentException degenerate) {
                    PlateCrop.grey(call.rgb, call.width, call.height, from, call.ws.crops, at); // the unscaled cut worked before
                }
                cuts.add(i, from, false);
            }
        }
        call.clock.charge(StageClock.Part.READER_PREP);
        if (cuts.size() > 0) {
            reader.read(call, cuts);
        }
    }
}
