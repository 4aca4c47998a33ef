package dev.plateguard.anpr;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Stage 5: reads all crops in batches ({@link CropReader}); per plate the best-scoring reading wins, and the corners
 * it was read from become the plate's. Readings are decoded by CTC beam search ({@link CtcDecoder}) and ranked with
 * the plate formats of module {@code plates}.
 *
 * @param alphabet    the reader's alphabet (models.json)
 * @param formatBoost {@link RecogniserOptions#formatBoost()}
 */
record ReadStage(CropReader reader, String alphabet, double formatBoost) implements Stage {

    @Override
    public void run(Call call) throws OrtException {
        int plates = call.plates.size();
        if (plates == 0) {
            return;
        }
        var byLayout = new java.util.EnumMap<LayoutCues, CandidateRanker>(LayoutCues.class);
        call.rankers = new CandidateRanker[plates];
        for (int p = 0; p < plates; p++) {
            LayoutCues cue = LayoutCues.of(call.rgb, call.width, call.height, call.plates.get(p).corners());
            call.rankers[p] = byLayout.computeIfAbsent(cue,
                    c -> new CandidateRanker(alphabet, formatBoost, call.hint, c.plausible()));
        }
        call.readings = new ArrayList<>(Collections.nCopies(plates, List.of()));
        call.chosen = new double[plates][];
        CropReader.Cuts cuts = call.cuts;
        for (int k = cuts.size() - 1; k >= 0; k--) {
            call.chosen[cuts.plate.get(k)] = cuts.corners.get(k); // the first cut, until a reading wins
        }
        reader.read(call, cuts);
    }
}
