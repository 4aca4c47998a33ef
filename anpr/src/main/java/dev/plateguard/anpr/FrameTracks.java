package dev.plateguard.anpr;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Frames of one passing vehicle (a clip, a burst) to one recognition: each plate is followed from frame to frame by
 * its box (the best-overlapping plate of the previous frame it appeared in; a plate overlapping none starts a new
 * track), and each track's readings are fused character by character ({@link FrameFusion}).
 */
public final class FrameTracks {

    /** A plate followed across frames. */
    public record Track(List<List<Candidate>> readings, List<PlateResult> seen, Optional<FrameFusion.Fused> fused) {
    }

    private final List<List<List<Candidate>>> readingsOf = new ArrayList<>();
    private final List<List<PlateResult>> seenOf = new ArrayList<>();
    private final List<Box> last = new ArrayList<>();
    private int frames;

    /** Adds the next frame's recognition. */
    public void add(Recognition frame) {
        for (PlateResult plate : frame.plates()) {
            int best = -1;
            double bestIou = 0;
            for (int t = 0; t < last.size(); t++) {
                Box b = last.get(t);
                double iou = Box.iou(b.x(), b.y(), b.width(), b.height(), plate.box().x(), plate.box().y(),
                        plate.box().width(), plate.box().height());
                if (iou > bestIou && readingsOf.get(t).size() <= frames) {
                    bestIou = iou;
                    best = t;
                }
            }
            if (best < 0) {
                readingsOf.add(new ArrayList<>());
                seenOf.add(new ArrayList<>());
                last.add(plate.box());
                best = last.size() - 1;
            }
            List<List<Candidate>> readings = readingsOf.get(best);
            while (readings.size() < frames) {
                readings.add(List.of()); // frames in which this plate was not found
            }
            readings.add(plate.candidates());
            seenOf.get(best).add(plate);
            last.set(best, plate.box());
        }
        frames++;
    }

    /** Frames added so far. */
    public int frames() {
        return frames;
    }

    /** The tracks in the order they started, each with its fused reading. */
    public List<Track> tracks() {
        List<Track> out = new ArrayList<>(readingsOf.size());
        for (int t = 0; t < readingsOf.size(); t++) {
            out.add(new Track(List.copyOf(readingsOf.get(t)), List.copyOf(seenOf.get(t)), FrameFusion.fuse(readingsOf.get(t))));
        }
        return out;
    }

    /**
     * The fused plates as one recognition, most likely first. Each plate keeps the box, corners and detection score
     * of the frame whose own reading agreed best with the fused text (the sharpest view, to show as evidence); its
     * text, confidence and classification are the fused reading's, and that frame's other candidates follow it.
     */
    Recognition toRecognition(CandidateRanker ranker, long millis, String modelVersion, int width, int height) {
        List<PlateResult> plates = new ArrayList<>();
        for (Track t : tracks()) {
            if (t.fused().isEmpty()) {
                continue;
            }
            FrameFusion.Fused f = t.fused().get();
            PlateResult view = t.seen().getFirst();
            double viewScore = -1;
            for (PlateResult p : t.seen()) {
                double s = p.text().equals(f.text()) ? 1 + p.confidence() : p.confidence();
                if (s > viewScore) {
                    viewScore = s;
                    view = p;
                }
            }
            List<Candidate> candidates = new ArrayList<>();
            CandidateRanker.Info info = ranker.info(f.text());
            candidates.add(new Candidate(f.text(), f.confidence(), f.confidence(), info.formatName()));
            for (Candidate c : view.candidates()) {
                if (!c.text().equals(f.text())) {
                    candidates.add(c);
                }
            }
            plates.add(new PlateResult(view.box(), view.corners(), f.text(), f.confidence(), candidates, info.countryCode(),
                    info.formatName(), info.interpretation().display(), info.interpretation().region(),
                    view.detectionScore()));
        }
        plates.sort(Recogniser.MOST_LIKELY_FIRST);
        return new Recognition(plates, millis, modelVersion, width, height, Timings.NONE);
    }
}
