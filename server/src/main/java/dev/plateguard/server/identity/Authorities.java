package dev.plateguard.server.identity;

/** Authorities that are not person roles. */
public final class Authorities {

    /** Held by requests authenticated with a device key. */
    public static final String DEVICE = "ROLE_DEVICE";

    /** Held by a metrics scrape ({@code pgm_} scrape token): reading {@code /actuator/prometheus}, nothing else. */
    public static final String METRICS_SCRAPE = "METRICS_SCRAPE";

    private Authorities() {
    }
}
