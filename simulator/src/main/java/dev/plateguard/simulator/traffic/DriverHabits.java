package dev.plateguard.simulator.traffic;

import java.util.random.RandomGenerator;

/**
 * How much more (or less) likely than average a vehicle's driver is to commit each offence. A few habitual
 * offenders account for much of it, as on real roads; every multiplier averages 1 over the fleet, so the
 * configured shares still hold.
 */
public record DriverHabits(double speeding, double redLight, double beltless, double phone) {

    /** Share of drivers who are habitual offenders for one kind of offence. */
    static final double HABITUAL = 0.15;
    static final double HABITUAL_FACTOR = 4.0;
    static final double ORDINARY_FACTOR = (1 - HABITUAL * HABITUAL_FACTOR) / (1 - HABITUAL);

    public static DriverHabits draw(RandomGenerator random) {
        return new DriverHabits(factor(random), factor(random), factor(random), factor(random));
    }

    private static double factor(RandomGenerator random) {
        return random.nextDouble() < HABITUAL ? HABITUAL_FACTOR : ORDINARY_FACTOR;
    }
}
