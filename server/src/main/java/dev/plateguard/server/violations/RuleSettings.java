package dev.plateguard.server.violations;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;

/**
 * The rule settings in force for one camera: the catalogue's defaults, overridden by its site's settings, then by
 * the camera's own. Carried on {@link ReadFacts} so that rules stay pure functions of (read, catalogue).
 *
 * @param disabledRules               rule names switched off here ({@code spot_speed}, {@code red_light}, ...)
 * @param redLightGraceSeconds        overrides the catalogue's grace period; null means the catalogue's
 * @param occupantConfidenceThreshold overrides the catalogue's threshold; null means the catalogue's
 * @param busLanes                    lanes of this camera reserved for buses, with their schedules
 */
public record RuleSettings(Set<String> disabledRules, BigDecimal redLightGraceSeconds,
                           BigDecimal occupantConfidenceThreshold, List<BusLane> busLanes) {

    /** No overrides: every rule on, catalogue values, no bus lanes. */
    public static final RuleSettings DEFAULTS = new RuleSettings(Set.of(), null, null, List.of());

    public RuleSettings {
        disabledRules = Set.copyOf(disabledRules);
        busLanes = List.copyOf(busLanes);
    }

    public boolean enabled(String rule) {
        return !disabledRules.contains(rule);
    }

    public BigDecimal redLightGrace(Catalogue catalogue) {
        return redLightGraceSeconds != null ? redLightGraceSeconds : catalogue.redLightGraceSeconds();
    }

    public BigDecimal occupantThreshold(Catalogue catalogue) {
        return occupantConfidenceThreshold != null ? occupantConfidenceThreshold : catalogue.occupantConfidenceThreshold();
    }

    /**
     * A bus lane: vehicles other than {@code allowedVehicleTypes} in {@code lane} during any schedule window
     * (site-local time) offend. An empty schedule means at all times.
     */
    public record BusLane(int lane, List<Window> schedule, Set<String> allowedVehicleTypes) {

        public BusLane {
            schedule = List.copyOf(schedule);
            allowedVehicleTypes = Set.copyOf(allowedVehicleTypes);
        }
    }

    /** Days of the week and a time range [from, to) in the site's time zone; to before from crosses midnight. */
    public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

        public Window {
            days = Set.copyOf(days);
        }
    }
}
