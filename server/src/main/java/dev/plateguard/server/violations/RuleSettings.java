package dev.plateguard.server.violations;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rule settings in force for one camera: the catalogue's defaults, overridden by its site's settings, then by
 * the camera's own. Carried on {@link ReadFacts} so that rules stay pure functions of (read, catalogue).
 *
 * @param disabledRules               rule names switched off here ({@code spot_speed}, {@code red_light}, ...)
 * @param redLightGraceSeconds        overrides the catalogue's grace period; null means the catalogue's
 * @param occupantConfidenceThreshold overrides the catalogue's threshold; null means the catalogue's
 * @param busLanes                    lanes of this camera reserved for buses, with their schedules
 * @param sources                     for each field set by a site or camera ({@link #DISABLED_RULES}, ...), which
 *                                    settings version it came from ({@code "camera 12 v3"}, {@code "site 4 v1"}); a
 *                                    field missing here is a default. Rules record it with the value they used, so a
 *                                    violation can be traced to the settings in force ({@code rule_settings_history}).
 */
public record RuleSettings(Set<String> disabledRules, BigDecimal redLightGraceSeconds,
                           BigDecimal occupantConfidenceThreshold, List<BusLane> busLanes, Map<String, String> sources) {

    /** Names of the fields, as in the API and in {@link #sources}. */
    public static final String DISABLED_RULES = "disabledRules";
    public static final String RED_LIGHT_GRACE = "redLightGraceSeconds";
    public static final String OCCUPANT_THRESHOLD = "occupantConfidenceThreshold";
    public static final String BUS_LANES = "busLanes";

    /** The vehicle type allowed in a bus lane when a lane lists none. */
    public static final String DEFAULT_ALLOWED_TYPE = "bus";

    /** No overrides: every rule on, catalogue values, no bus lanes. */
    public static final RuleSettings DEFAULTS = new RuleSettings(Set.of(), null, null, List.of(), Map.of());

    public RuleSettings {
        disabledRules = Set.copyOf(disabledRules);
        busLanes = List.copyOf(busLanes);
        sources = Map.copyOf(sources);
    }

    public RuleSettings(Set<String> disabledRules, BigDecimal redLightGraceSeconds,
                        BigDecimal occupantConfidenceThreshold, List<BusLane> busLanes) {
        this(disabledRules, redLightGraceSeconds, occupantConfidenceThreshold, busLanes, Map.of());
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

    /** Which settings version set {@code field} ({@code "camera 12 v3"}); empty when it is a default. */
    public Optional<String> source(String field) {
        return Optional.ofNullable(sources.get(field));
    }

    /** The bus lane with this number, if the lane is one. */
    public Optional<BusLane> busLane(Integer lane) {
        if (lane == null) {
            return Optional.empty();
        }
        return busLanes.stream().filter(b -> b.lane() == lane).findFirst();
    }

    /**
     * A bus lane: vehicles other than {@code allowedVehicleTypes} in {@code lane} during any schedule window
     * (site-local time) offend. An empty schedule means at all times. Types are lower case; an empty set means
     * {@value #DEFAULT_ALLOWED_TYPE} only.
     */
    public record BusLane(int lane, List<Window> schedule, Set<String> allowedVehicleTypes) {

        public BusLane {
            schedule = List.copyOf(schedule);
            allowedVehicleTypes = allowedVehicleTypes.isEmpty() ? Set.of(DEFAULT_ALLOWED_TYPE)
                    : allowedVehicleTypes.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }

        /** Whether a vehicle of this type (as the camera classified it) may use the lane; unknown types may not. */
        public boolean allows(String vehicleType) {
            return vehicleType != null && allowedVehicleTypes.contains(vehicleType.strip().toLowerCase(Locale.ROOT));
        }

        /** The first window in force at this site-local time; with an empty schedule, {@link Window#ALWAYS}. */
        public Optional<Window> windowAt(LocalDateTime local) {
            if (schedule.isEmpty()) {
                return Optional.of(Window.ALWAYS);
            }
            return schedule.stream().filter(w -> w.contains(local)).findFirst();
        }
    }

    /**
     * Days of the week and a time range [from, to) in the site's time zone. {@code to} before {@code from} crosses
     * midnight: the window belongs to the day it starts (Friday 22:00-06:00 covers Friday 22:00 to Saturday 06:00).
     * {@code to} null means until midnight (the API's {@code "24:00"}). {@code to} equal to {@code from} is never
     * stored (the API refuses it).
     */
    public record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {

        /** What an empty schedule means: every day, all day. */
        public static final Window ALWAYS = new Window(EnumSet.allOf(DayOfWeek.class), LocalTime.MIDNIGHT, null);

        public Window {
            days = days.isEmpty() ? Set.copyOf(EnumSet.allOf(DayOfWeek.class)) : Set.copyOf(days);
        }

        /** Whether the window covers this site-local date and time: from inclusive, to exclusive. */
        public boolean contains(LocalDateTime local) {
            LocalTime time = local.toLocalTime();
            if (to == null) {
                return days.contains(local.getDayOfWeek()) && !time.isBefore(from); // until midnight
            }
            if (from.isBefore(to)) {
                return days.contains(local.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
            }
            // Crosses midnight: the evening part on a listed day, or the morning part after a listed day.
            return days.contains(local.getDayOfWeek()) && !time.isBefore(from)
                    || days.contains(local.getDayOfWeek().minus(1)) && time.isBefore(to);
        }

        /** For the record: {@code "mon,tue,wed,thu,fri 07:00-10:00"}, {@code "daily 22:00-06:00"}, {@code "always"}. */
        public String describe() {
            if (this.equals(ALWAYS)) {
                return "always";
            }
            String dayList = days.size() == 7 ? "daily" : EnumSet.copyOf(days).stream()
                    .map(d -> d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT))
                    .collect(Collectors.joining(","));
            return dayList + " " + from + "-" + (to == null ? "24:00" : to.toString());
        }
    }
}
