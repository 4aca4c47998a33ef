package dev.plateguard.anpr;

import dev.plateguard.plates.Country;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One call of {@link Recogniser#recognise}: its input, its buffers and clock, and what each stage leaves for the
 * next ones, in the order the stages fill it in.
 */
final class Call {

    final Workspace ws;
    final StageClock clock;
    /** Breaks ties between formats; null for none. */
    final Country hint;

    /** The encoded input, until {@link DecodeStage} decodes it; null when a decoded image was passed in. */
    byte[] encoded;
    BufferedImage image;
    int width;
    int height;

    /** {@link DetectStage}: the image's pixels as packed RGB. */
    int[] rgb;
    /**
     * {@link DetectStage}: plates and possible plates, strongest first; those below the detection threshold (at most
     * {@link Recogniser#MAX_WEAK}) are weak, reported only when their reading verifies them.
     */
    List<DetectionDecoder.Detection> detections = List.of();
    /** {@link RefineStage}: the detections with refined corners (the same object where nothing changed). */
    List<DetectionDecoder.Detection> refined = List.of();

    /** {@link CutStage}: the detections that could be cut, each a plate of its own from here on. */
    List<DetectionDecoder.Detection> plates = List.of();
    /** {@link CutStage}: the crops in {@code ws.crops}, and whose they are. */
    CropReader.Cuts cuts;

    /**
     * {@link ReadStage}: per plate, ranks readings and classifies texts with the call's country hint and the plate's
     * layout ({@link LayoutCues}).
     */
    CandidateRanker[] rankers;
    /** Per plate, its best reading so far (empty: none, or rejected by {@link VerifyStage}). */
    List<List<Candidate>> readings = List.of();
    /** Per plate, the corners its best reading was read from. */
    double[][] chosen;

    /** {@link RankStage}: the plates found, most likely first. */
    List<PlateResult> results = List.of();

    Call(Workspace ws, StageClock clock, Country hint, byte[] encoded, BufferedImage image) {
        this.ws = ws;
        this.clock = clock;
        this.hint = hint;
        this.encoded = encoded;
        if (image != null) {
            image(image);
        }
    }

    void image(BufferedImage decoded) {
        image = decoded;
        width = decoded.getWidth();
        height = decoded.getHeight();
    }


    CandidateRanker ranker(int plate) {
        return rankers[plate];
    }
}
