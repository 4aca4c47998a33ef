package dev.plateguard.anpr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fuses the readings of one plate seen in several frames (a short clip, a burst) into one reading, character by
 * character: a frame that blurred one character is outvoted on that character only, so three frames with three
 * different single errors still give the right plate, which no whole-text vote would.
 *
 * <ol>
 *   <li>Every candidate of every frame votes for its length with its confidence; the plate's length is the
 *       heaviest.</li>
 *   <li>For each position, every candidate of that length votes for its character there with its confidence; the
 *       heaviest character wins.</li>
 *   <li>The fused confidence is the length's share of the length votes times, for each position, the winning
 *       character's share of that position's votes: 1 only when all frames agree completely.</li>
 * </ol>
 * Frames without candidates (no plate found) do not vote.
 */
public final class FrameFusion {

    /**
     * @param text            the fused plate text
     * @param confidence      0..1, see the class comment
     * @param frames          frames that voted (had at least one candidate)
     * @param framesAgreeing  frames whose own best reading is the fused text
     */
    public record Fused(String text, double confidence, int frames, int framesAgreeing) {
    }

    private FrameFusion() {
    }

    /** The fused reading of one plate from its candidates in each frame (best first), or empty when no frame read any. */
    public static Optional<Fused> fuse(List<List<Candidate>> frames) {
        Map<Integer, Double> lengthVotes = new HashMap<>();
        double lengthTotal = 0;
        int voting = 0;
        for (List<Candidate> frame : frames) {
            if (frame == null || frame.isEmpty()) {
                continue;
            }
            voting++;
            for (Candidate c : frame) {
                double w = weight(c);
                lengthVotes.merge(c.text().length(), w, Double::sum);
                lengthTotal += w;
            }
        }
        if (voting == 0 || lengthTotal <= 0) {
            return Optional.empty();
        }
        int length = lengthVotes.entrySet().stream()
                .max(Map.Entry.<Integer, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow().getKey();
        List<Map<Character, Double>> positions = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            positions.add(new HashMap<>());
        }
        for (List<Candidate> frame : frames) {
            if (frame == null) {
                continue;
            }
            for (Candidate c : frame) {
                if (c.text().length() == length) {
                    double w = weight(c);
                    for (int i = 0; i < length; i++) {
                        positions.get(i).merge(c.text().charAt(i), w, Double::sum);
                    }
                }
            }
        }
        StringBuilder text = new StringBuilder(length);
        double confidence = lengthVotes.get(length) / lengthTotal;
        for (Map<Character, Double> votes : positions) {
            Map.Entry<Character, Double> best = votes.entrySet().stream()
                    .max(Map.Entry.<Character, Double>comparingByValue()
                            .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
                    .orElseThrow();
            double total = votes.values().stream().mapToDouble(Double::doubleValue).sum();
            text.append(best.getKey());
            confidence *= best.getValue() / total;
        }
        String fused = text.toString();
        int agreeing = 0;
        for (List<Candidate> frame : frames) {
            if (frame != null && !frame.isEmpty() && frame.getFirst().text().equals(fused)) {
                agreeing++;
            }
        }
        return Optional.of(new Fused(fused, confidence, voting, agreeing));
    }

    /** A candidate's vote: its confidence, with a small floor so that a frame's readings always count a little. */
    private static double weight(Candidate c) {
        return Math.max(1e-6, c.confidence());
    }
}
