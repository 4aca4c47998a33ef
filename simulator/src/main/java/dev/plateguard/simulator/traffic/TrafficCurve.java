package dev.plateguard.simulator.traffic;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;

/**
 * Traffic by time of day in Asia/Tashkent local time, as a factor on the mean rate: a night trough near 0.1, a
 * morning peak around 8:00 and a longer evening peak around 18:00, as in commuter cities. The hourly values are
 * an assumption (the sources give daily totals only, domain-uz.md §4.3), normalised so that they average 1 over a
 * day and {@code --rate} stays the daily mean.
 */
public final class TrafficCurve {

    public static final ZoneId TASHKENT = ZoneId.of("Asia/Tashkent");

    private static final double[] DAY_NIGHT_HOURS = {
            0.30, 0.18, 0.12, 0.10, 0.12, 0.28, 0.65, 1.30, 1.75, 1.55, 1.25, 1.15,
            1.20, 1.20, 1.15, 1.20, 1.35, 1.70, 1.85, 1.50, 1.10, 0.85, 0.65, 0.45};

    /** The day/night curve. */
    public static final TrafficCurve DAY_NIGHT = new TrafficCurve(DAY_NIGHT_HOURS);

    /** The same rate around the clock, for load tests and demos at night. */
    public static final TrafficCurve FLAT = new TrafficCurve(new double[]{1.0});

    private final double[] hourly;

    private TrafficCurve(double[] hourly) {
        double mean = Arrays.stream(hourly).average().orElseThrow();
        this.hourly = Arrays.stream(hourly).map(v -> v / mean).toArray();
    }

    /** Factor at {@code time}, interpolated between hourly values so that the rate has no steps. */
    public double factor(Instant time) {
        if (hourly.length == 1) {
            return hourly[0];
        }
        ZonedDateTime local = time.atZone(TASHKENT);
        double hour = local.getHour() + local.getMinute() / 60.0 + local.getSecond() / 3600.0;
        // Each value stands for the middle of its hour.
        double position = hour - 0.5;
        int i = Math.floorMod((int) Math.floor(position), 24);
        double t = position - Math.floor(position);
        return hourly[i] * (1 - t) + hourly[(i + 1) % 24] * t;
    }

    /** Whether it is dark at {@code time} (roughly, without the season): 20:00–06:00 local. */
    public static boolean night(Instant time) {
        int hour = time.atZone(TASHKENT).getHour();
        return hour >= 20 || hour < 6;
    }
}
