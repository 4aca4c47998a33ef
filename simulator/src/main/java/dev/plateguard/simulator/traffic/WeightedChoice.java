package dev.plateguard.simulator.traffic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Draws values in proportion to fixed weights (cumulative table, binary search). */
public final class WeightedChoice<T> {

    private final List<T> values;
    private final double[] cumulative;

    private WeightedChoice(List<T> values, double[] cumulative) {
        this.values = values;
        this.cumulative = cumulative;
    }

    /** From value→weight; weights need not sum to 1 and zero weights never come up. */
    public static <T> WeightedChoice<T> of(Map<T, ? extends Number> weights) {
        List<T> values = new ArrayList<>();
        double[] cumulative = new double[weights.size()];
        double sum = 0;
        int i = 0;
        for (Map.Entry<T, ? extends Number> entry : weights.entrySet()) {
            double weight = entry.getValue().doubleValue();
            if (weight < 0 || Double.isNaN(weight)) {
                throw new IllegalArgumentException("negative weight for " + entry.getKey());
            }
            sum += weight;
            values.add(entry.getKey());
            cumulative[i++] = sum;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("all weights are zero");
        }
        return new WeightedChoice<>(List.copyOf(values), cumulative);
    }

    /** From values and their weights, in that order (deterministic, unlike iterating a {@code Map.of}). */
    public static <T> WeightedChoice<T> of(List<T> values, double... weights) {
        if (values.size() != weights.length) {
            throw new IllegalArgumentException(values.size() + " values but " + weights.length + " weights");
        }
        Map<T, Double> ordered = new LinkedHashMap<>();
        for (int i = 0; i < weights.length; i++) {
            ordered.merge(values.get(i), weights[i], Double::sum);
        }
        return of(ordered);
    }

    public T draw(RandomGenerator random) {
        double r = random.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0, hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > r) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return values.get(lo);
    }

    /** Each value's probability. */
    public Map<T, Double> probabilities() {
        Map<T, Double> out = new LinkedHashMap<>();
        double total = cumulative[cumulative.length - 1];
        for (int i = 0; i < values.size(); i++) {
            out.put(values.get(i), (cumulative[i] - (i == 0 ? 0 : cumulative[i - 1])) / total);
        }
        return out;
    }
}
