package dev.plateguard.simulator.device;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

import dev.plateguard.simulator.traffic.VehiclePlate;

/**
 * What the camera's own OCR makes of a plate: usually the right text with high confidence; on degraded crops a
 * lower confidence and now and then a confusable character (0/O/D, 8/B, 5/S, 2/Z, 1/I) in first place with the
 * true text among the candidates, as real ANPR engines report.
 */
public final class PlateRecogniser {

    /** Characters OCR engines mistake for each other on plates. */
    private static final Map<Character, String> CONFUSABLE = Map.of(
            '0', "OD", 'O', "0D", 'D', "0O", '8', "B", 'B', "8", '5', "S", 'S', "5", '2', "Z", 'Z', "2", '1', "I");
    private static final double MISREAD_CLEAN = 0.005, MISREAD_DEGRADED = 0.08;

    /**
     * @param text       the top reading as the camera reports it: grouped as printed when right, bare when not
     * @param candidates the alternatives with their confidences, top reading first
     */
    public record Reading(String text, double confidence, List<ReadMetadata.Candidate> candidates, boolean misread) {
    }

    public Reading read(VehiclePlate plate, boolean degraded, boolean night, RandomGenerator random) {
        String truth = plate.text();
        double confidence = degraded ? random.nextDouble(0.55, 0.86)
                : night ? random.nextDouble(0.85, 0.98) : random.nextDouble(0.9, 0.995);
        boolean misread = random.nextDouble() < (degraded ? MISREAD_DEGRADED : MISREAD_CLEAN);
        String top = truth;
        if (misread) {
            String wrong = confuse(truth, random);
            if (wrong.equals(truth)) {
                misread = false;
            } else {
                top = wrong;
                confidence = Math.max(0.3, confidence - 0.12);
            }
        }
        Set<String> texts = new LinkedHashSet<>(List.of(top));
        if (misread) {
            texts.add(truth);
        }
        int alternatives = 1 + random.nextInt(2);
        for (int i = 0; i < 6 && texts.size() < 1 + alternatives + (misread ? 1 : 0); i++) {
            texts.add(confuse(truth, random));
        }
        List<ReadMetadata.Candidate> candidates = new ArrayList<>();
        double c = confidence;
        for (String text : texts) {
            candidates.add(new ReadMetadata.Candidate(text, round(c)));
            c = c * random.nextDouble(0.35, 0.8);
        }
        return new Reading(misread ? top : plate.display(), round(confidence), List.copyOf(candidates), misread);
    }

    private static String confuse(String text, RandomGenerator random) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            if (CONFUSABLE.containsKey(text.charAt(i))) {
                positions.add(i);
            }
        }
        if (positions.isEmpty()) {
            return text;
        }
        int at = positions.get(random.nextInt(positions.size()));
        String options = CONFUSABLE.get(text.charAt(at));
        return text.substring(0, at) + options.charAt(random.nextInt(options.length())) + text.substring(at + 1);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
