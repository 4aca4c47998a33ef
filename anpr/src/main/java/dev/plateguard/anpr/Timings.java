package dev.plateguard.anpr;

/**
 * Where one recognition spent its time, in milliseconds (wall clock, on the calling thread).
 *
 * @param decodeMs         decoding the encoded image (0 when a decoded image was passed in)
 * @param detectorPrepMs   reading pixels and building the detector input (scaling, padding)
 * @param detectorRunMs    the detector model
 * @param detectorDecodeMs peaks, corners and non-maximum suppression
 * @param refineMs         the corner refiner: its crops and its model, every pass (0 without one)
 * @param readerPrepMs     rectifying the plate crops
 * @param readerRunMs      the reader model
 * @param readerDecodeMs   CTC decoding, beam search, format ranking and classification
 */
public record Timings(double decodeMs, double detectorPrepMs, double detectorRunMs, double detectorDecodeMs,
                      double refineMs, double readerPrepMs, double readerRunMs, double readerDecodeMs) {

    public static final Timings NONE = new Timings(0, 0, 0, 0, 0, 0, 0, 0);

    /** The sum of all parts. */
    public double totalMs() {
        return decodeMs + detectorPrepMs + detectorRunMs + detectorDecodeMs + refineMs + readerPrepMs + readerRunMs + readerDecodeMs;
    }

    /** Part-wise sum, for averaging over many recognitions. */
    public Timings plus(Timings o) {
        return new Timings(decodeMs + o.decodeMs, detectorPrepMs + o.detectorPrepMs, detectorRunMs + o.detectorRunMs,
                detectorDecodeMs + o.detectorDecodeMs, refineMs + o.refineMs, readerPrepMs + o.readerPrepMs, readerRunMs + o.readerRunMs,
                readerDecodeMs + o.readerDecodeMs);
    }

    /** Every part divided by {@code n}. */
    public Timings dividedBy(double n) {
        return new Timings(decodeMs / n, detectorPrepMs / n, detectorRunMs / n, detectorDecodeMs / n,
                refineMs / n, readerPrepMs / n, readerRunMs / n, readerDecodeMs / n);
    }
}
