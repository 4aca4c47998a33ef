package dev.plateguard.anpr.train;

import java.util.function.Supplier;

/** Where examples come from: a deterministic stream per seed. */
public interface TrainingData {

    String name();

    /** Plate crops with their text. */
    Supplier<ReaderExample> reader(long seed, boolean validation);

    /** Whole detector inputs (as {@code DetectorInput} builds them), with the plates in them. */
    Supplier<DetectorExample> scenes(long seed, boolean validation);

    /** Context crops around detector-like quadrilaterals, with the plates' true corners (the corner refiner). */
    Supplier<RefinerExample> refiner(long seed, boolean validation);

    /** Held-out reader streams per group of plate styles (e.g. "uz", "eu"), for per-group figures; may be empty. */
    default java.util.Map<String, Supplier<ReaderExample>> readerGroups(long seed) {
        return java.util.Map.of();
    }

    /** How the validation data differs from the training data, for the report. */
    default String validationNote() {
        return "other seeds";
    }

    /** The crude generator of {@link StandInData}. */
    static TrainingData standIn() {
        return new TrainingData() {
            @Override
            public String name() {
                return "standin";
            }

            @Override
            public Supplier<ReaderExample> reader(long seed, boolean validation) {
                return StandInData.reader(seed);
            }

            @Override
            public Supplier<DetectorExample> scenes(long seed, boolean validation) {
                return StandInData.detector(seed, 384);
            }

            @Override
            public Supplier<RefinerExample> refiner(long seed, boolean validation) {
                return StandInData.refiner(seed);
            }
        };
    }
}
