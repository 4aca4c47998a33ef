package dev.plateguard.simulator.network;

/**
 * Where a site's road runs, which sets its posted limit (domain-uz.md §3.2): 60 km/h in Tashkent and regional and
 * district centres since 1 Apr 2023, 50 on some central Tashkent streets (Amir Temur avenue, parts of the small
 * ring road, the Amir Timur square ring), 70 in other settlements and 100 for cars outside settlements.
 */
public enum RoadSetting {
    CENTRAL_TASHKENT(50, true),
    CITY(60, true),
    SETTLEMENT(70, false),
    OPEN_ROAD(100, false);

    private final int speedLimitKmh;
    private final boolean urban;

    RoadSetting(int speedLimitKmh, boolean urban) {
        this.speedLimitKmh = speedLimitKmh;
        this.urban = urban;
    }

    public int speedLimitKmh() {
        return speedLimitKmh;
    }

    /** Signalised city junctions (red-light cameras, stop-and-go traffic) rather than through roads. */
    public boolean urban() {
        return urban;
    }
}
