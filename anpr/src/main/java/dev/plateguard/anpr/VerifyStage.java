package dev.plateguard.anpr;

import java.util.List;

/**
 * Stage 7: keeps only readings that make a plate. A short reading (under {@code minCharacters}) is usually
 * lettering, a badge or a fragment, but short plates exist (Uzbek personalised plates have 1 to 6 characters): it
 * must be sure (the reader alone gives it at least {@link Recogniser#SURE_PROBABILITY}). A weak detection must be
 * both long enough and sure. A rejected plate's reading is emptied.
 *
 * @param minCharacters {@link RecogniserOptions#minCharacters()}
 * @param strong        the detection threshold: detections below it are weak
 */
record VerifyStage(int minCharacters, double strong) implements Stage {

    @Override
    public void run(Call call) {
        for (int i = 0; i < call.plates.size(); i++) {
            List<Candidate> candidates = call.readings.get(i);
            if (candidates.isEmpty()) {
                continue;
            }
            Candidate best = candidates.get(0);
            boolean shortText = best.text().length() < minCharacters;
            boolean sure = best.modelProbability() >= Recogniser.SURE_PROBABILITY;
            if (call.plates.get(i).score() < strong ? shortText || !sure : shortText && !sure) {
                call.readings.set(i, List.of());
            }
        }
        call.clock.charge(StageClock.Part.READER_DECODE);
    }
}
