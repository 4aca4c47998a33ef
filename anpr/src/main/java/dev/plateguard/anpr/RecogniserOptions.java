package dev.plateguard.anpr;

import dev.plateguard.plates.Country;

/**
 * How a {@link Recogniser} runs. Start from {@link #defaults()} and change what you need with the {@code with...}
 * methods; the record is immutable.
 *
 * @param topN               candidates kept per plate (1..50; default 10)
 * @param detectionThreshold a heat-map peak must reach this to be a plate (0..1; default 0.3)
 * @param maxSide            the detector input's longest side; 0 (default) uses {@code maxSide} from models.json
 * @param countryHint        used only to break ties: among equally likely readings and among the countries a text's
 *                           format can belong to, this country's wins; null (default) for none
 * @param intraOpThreads     ONNX Runtime threads per model run (default 1: one thread, as the benchmark measures)
 * @param beamWidth          prefixes kept by the CTC beam search (default 16)
 * @param nmsIou             a detection overlapping a stronger one by more than this IoU is dropped (default 0.3)
 * @param maxPlates          at most this many plates are read per image, strongest detections first (default 16)
 * @param formatBoost        weight of a reading that matches a specific Uzbek format from module {@code plates};
 *                           neighbour-country formats get its square root, other texts 1 (default 3; 1 turns the
 *                           prior off)
 * @param subsampleLargeImages decode an encoded image whose long side is at least {@code 4 × maxSide} with source
 *                           subsampling, by the largest integer factor that keeps its long side at least
 *                           {@code 2 × maxSide} (default true)
 * @param refineCorners      run the corner refiner on every detection when the models have one (default true)
 * @param retryBelow         a plate whose best reading the reader gives less than this probability is read again from
 *                           slightly taller, shorter, wider and narrower crops, and the best-scoring reading wins
 *                           (0..1; default 0.3; 0 turns re-reading off)
 * @param verifyThreshold    detections weaker than {@code detectionThreshold} but at least this strong are read too,
 *                           and reported only when the reading verifies them: at least {@code minCharacters} characters
 *                           that the reader gives a probability of at least 0.5 (0..1; default 0.1; at or above
 *                           {@code detectionThreshold} turns it off)
 * @param minCharacters      a reading with fewer characters is reported only when the reader gives it a probability
 *                           of at least 0.5: short texts are mostly lettering, badges and fragments, but short plates
 *                           exist (Uzbek personalised plates have 1 to 6 characters); a weak detection always needs
 *                           this many (1..16; default 4; 1 turns the rule off)
 */
public record RecogniserOptions(int topN, double detectionThreshold, int maxSide, Country countryHint,
                                int intraOpThreads, int beamWidth, double nmsIou, int maxPlates, double formatBoost,
                                boolean subsampleLargeImages, boolean refineCorners, double retryBelow,
                                double verifyThreshold, int minCharacters) {

    public RecogniserOptions {
        if (topN < 1 || topN > 50) {
            throw new IllegalArgumentException("topN must be 1..50, got " + topN);
        }
        if (!(detectionThreshold >= 0 && detectionThreshold <= 1)) {
            throw new IllegalArgumentException("detectionThreshold must be 0..1, got " + detectionThreshold);
        }
        if (maxSide != 0 && maxSide < DetectorInput.MULTIPLE) {
            throw new IllegalArgumentException("maxSide must be 0 (models.json) or at least " + DetectorInput.MULTIPLE + ", got " + maxSide);
        }
        if (countryHint == Country.UNKNOWN) {
            countryHint = null;
        }
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be at least 1, got " + intraOpThreads);
        }
        if (beamWidth < 1 || beamWidth > 200) {
            throw new IllegalArgumentException("beamWidth must be 1..200, got " + beamWidth);
        }
        if (!(nmsIou > 0 && nmsIou <= 1)) {
            throw new IllegalArgumentException("nmsIou must be in (0, 1], got " + nmsIou);
        }
        if (maxPlates < 1) {
            throw new IllegalArgumentException("maxPlates must be at least 1, got " + maxPlates);
        }
        if (!(formatBoost >= 1) || Double.isInfinite(formatBoost)) {
            throw new IllegalArgumentException("formatBoost must be at least 1, got " + formatBoost);
        }
        if (!(verifyThreshold >= 0 && verifyThreshold <= 1)) {
            throw new IllegalArgumentException("verifyThreshold must be 0..1, got " + verifyThreshold);
        }
        if (!(retryBelow >= 0 && retryBelow <= 1)) {
            throw new IllegalArgumentException("retryBelow must be 0..1, got " + retryBelow);
        }
        if (minCharacters < 1 || minCharacters > 16) {
            throw new IllegalArgumentException("minCharacters must be 1..16, got " + minCharacters);
        }
    }

    public static RecogniserOptions defaults() {
        return new RecogniserOptions(10, 0.3, 0, null, 1, 16, 0.3, 16, 3.0, true, true, 0.3, 0.1, 4);
    }

    public RecogniserOptions withTopN(int v) {
        return new RecogniserOptions(v, detectionThreshold, maxSide, countryHint, intraOpThreads, beamWidth, nmsIou, maxPlates, formatBoost, subsampleLargeImages, refineCorners, retryBelow, verifyThreshold, minCharacters);
    }

    public RecogniserOptions withDetectionThreshold(double v) {
        return new RecogniserOptions(topN, v, maxSide, countryHint, intraOpThreads, beamWidth, nmsIou, maxPlates, formatBoost, subsampleLargeImages, refineCorners, retryBelow, verifyThreshold, minCharacters);
    }

    public RecogniserOptions withMaxSide(int v) {
        return new RecogniserOptions(topN, detectionThreshold, v, countryHint, intraOpThreads, beamWidth, nmsIou, maxPlates, formatBoost, subsampleLargeImages, refineCorners, retryBelow, verifyThreshold, minCharacters);
    }

    public RecogniserOptions withCountryHint(Country v) {
        return new RecogniserOptions(topN, detectionThreshold, maxSide, v, intraOpThreads, beamWidth, nmsIou, maxPlates, formatBoost, subsampleLargeImages, refineCorners, retryBelow, verifyThreshold, minCharacters);
    }

    public RecogniserOptions withIntraOpThreads(int v) {
        return new RecogniserOptions(topN, detectionThreshold, maxSide, countryHint, v, beamWidth, nmsIou, maxPlates, formatBoost, subsampleLargeImages, refineCorners, retryBelow, verifyThreshold, minCharacters);
    }

    public RecogniserOptions withBeamWidth(int v) {
        return new RecogniserOptions(topN, detectionThreshold, maxSide, countryHint, intraOpThreads, v, nmsIou, maxPlates, formatBoost, subsampleLargeImages, refineCorners, retryBelow, verifyThreshold, minCharacters);
    }

    public RecogniserOptions withNmsIou(double v) {
        return new RecogniserOptions(topN, detectionThreshold, maxSide, countryHint, intraOpThreads, beamWidth, v, maxPlates, formatBoost, subsampleLargeImages, refineCorners, retryBelow, verifyThreshold, minCharacters);
    }

    public RecogniserOptions withMaxPlates(int v) {
        return new RecogniserOptions(topN, detectionThreshold, maxSide, countryHint, intraOpThreads, beamWidth, nmsIou, v, formatBoost, subsampleLargeImages, refineCorners, retryBelow, verifyThreshold, minCharacters);
    }

    public RecogniserOptions withFormatBoost(double v) {
        return new RecogniserOptions(topN, detectionThreshold, maxSide, countryHint, intraOpThreads, beamWidth, nmsIou, maxPlates, v, subsampleLargeImages, refineCorners, retryBelow, verifyThreshold, minCharacters);
    }

    public RecogniserOptions withSubsampleLargeImages(boolean v) {
        return new RecogniserOptions(topN, detectionThreshold, maxSide, countryHint, intraOpThreads, beamWidth, nmsIou, maxPlates, formatBoost, v, refineCorners, retryBelow, verifyThreshold, minCharacters);
    }

    public RecogniserOptions withRefineCorners(boolean v) {
        return new RecogniserOptions(topN, detectionThreshold, maxSide, countryHint, intraOpThreads, beamWidth, nmsIou, maxPlates, formatBoost, subsampleLargeImages, v, retryBelow, verifyThreshold, minCharacters);
    }

    public RecogniserOptions withRetryBelow(double v) {
        return new RecogniserOptions(topN, detectionThreshold, maxSide, countryHint, intraOpThreads, beamWidth, nmsIou, maxPlates, formatBoost, subsampleLargeImages, refineCorners, v, verifyThreshold, minCharacters);
    }

    public RecogniserOptions withMinCharacters(int v) {
        return new RecogniserOptions(topN, detectionThreshold, maxSide, countryHint, intraOpThreads, beamWidth, nmsIou, maxPlates, formatBoost, subsampleLargeImages, refineCorners, retryBelow, verifyThreshold, v);
    }

    public RecogniserOptions withVerifyThreshold(double v) {
        return new RecogniserOptions(topN, detectionThreshold, maxSide, countryHint, intraOpThreads, beamWidth, nmsIou, maxPlates, formatBoost, subsampleLargeImages, refineCorners, retryBelow, v, minCharacters);
    }
}
