package dev.plateguard.anpr;

/**
 * The one clock of a recognition. A stage that finishes a part of its work charges the time since the last charge
 * to that part; {@link #timings()} reads the parts as {@link Timings}. Every nanosecond from the start is charged to
 * some part, in the order the stages run.
 */
final class StageClock {

    /** The parts of {@link Timings}, in its order. */
    enum Part {
        DECODE, DETECTOR_PREP, DETECTOR_RUN, DETECTOR_DECODE, REFINE, READER_PREP, READER_RUN, READER_DECODE
    }

    private final long start = System.nanoTime();
    private final long[] nanos = new long[Part.values().length];
    private long mark = start;

    /** Charges the time since the last charge (or the start) to {@code part}. */
    void charge(Part part) {
        long now = System.nanoTime();
        nanos[part.ordinal()] += now - mark;
        mark = now;
    }

    /** Wall-clock time since the start, rounded to milliseconds. */
    long elapsedMillis() {
        return Math.round((System.nanoTime() - start) / 1e6);
    }

    Timings timings() {
        double[] ms = new double[nanos.length];
        for (int k = 0; k < ms.length; k++) {
            ms[k] = nanos[k] / 1e6;
        }
        return new Timings(ms[0], ms[1], ms[2], ms[3], ms[4], ms[5], ms[6], ms[7]);
    }
}
