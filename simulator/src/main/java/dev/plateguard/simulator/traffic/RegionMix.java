package dev.plateguard.simulator.traffic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Which region codes the plates in one area carry: a mixture of the area's own region and the national mix of
 * domain-uz.md §1.2. Local cars dominate a city's traffic, but a Tashkent junction still sees every region.
 */
public final class RegionMix {

    /** Share of vehicles registered locally, beyond what the national mix already gives the local code. */
    static final double LOCAL_SHARE = 0.6;

    /** Tashkent city traffic includes the ~300,000 vehicles a day that come in from the region (§4.3). */
    private static final Map<String, Double> TASHKENT_CITY_LOCAL = Map.of("01", 0.75, "10", 0.25);

    private final WeightedChoice<String> choice;

    private RegionMix(Map<String, Double> weights) {
        this.choice = WeightedChoice.of(weights);
    }

    /** The national mix: the §1.2 counts as they are. */
    public static RegionMix national() {
        Map<String, Double> weights = new LinkedHashMap<>();
        PlateStatistics.REGION_COUNTS.forEach((code, count) -> weights.put(code, (double) count / PlateStatistics.SAMPLE));
        return new RegionMix(weights);
    }

    /** Weighted towards {@code localCode} (a base code such as 25). */
    public static RegionMix local(String localCode) {
        if (!PlateStatistics.REGION_COUNTS.containsKey(localCode)) {
            throw new IllegalArgumentException("not a base region code: " + localCode);
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        PlateStatistics.REGION_COUNTS.forEach((code, count) ->
                weights.put(code, (1 - LOCAL_SHARE) * count / PlateStatistics.SAMPLE));
        Map<String, Double> local = localCode.equals("01") ? TASHKENT_CITY_LOCAL : Map.of(localCode, 1.0);
        local.forEach((code, share) -> weights.merge(code, LOCAL_SHARE * share, Double::sum));
        return new RegionMix(weights);
    }

    public String draw(RandomGenerator random) {
        return choice.draw(random);
    }

    /** Probability of each code. */
    public Map<String, Double> probabilities() {
        return choice.probabilities();
    }
}
