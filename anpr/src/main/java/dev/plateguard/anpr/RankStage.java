package dev.plateguard.anpr;

import java.util.ArrayList;
import java.util.List;

/**
 * Stage 8: the plates with a reading become results, with the box of the corners their reading came from and the
 * country, format, grouping and region their text implies ({@link dev.plateguard.plates.PlateClassifier}), most
 * likely first ({@link Recogniser#MOST_LIKELY_FIRST}).
 */
final class RankStage implements Stage {

    @Override
    public void run(Call call) {
        List<PlateResult> results = new ArrayList<>(call.plates.size());
        for (int i = 0; i < call.plates.size(); i++) {
            List<Candidate> candidates = call.readings.get(i);
            if (candidates.isEmpty()) {
                continue;
            }
            DetectionDecoder.Detection d = call.plates.get(i);
            Candidate best = candidates.get(0);
            double[] corners = call.chosen[i];
            Box box = corners == d.corners() ? d.box() : Box.around(corners, call.width, call.height);
            CandidateRanker.Info info = call.ranker(i).info(best.text());
            results.add(new PlateResult(box, corners, best.text(), best.confidence(), candidates, info.countryCode(),
                    info.formatName(), info.interpretation().display(), info.interpretation().region(), d.score()));
        }
        results.sort(Recogniser.MOST_LIKELY_FIRST);
        call.results = results;
        call.clock.charge(StageClock.Part.READER_DECODE);
    }
}
