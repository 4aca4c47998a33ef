package dev.plateguard.server.camerahealth;

/**
 * What can be wrong with a camera (docs/camera-health.md). {@link #slug} is its name in the API, in outbound events
 * and in the database; {@link #unit} says what its values measure.
 */
enum Condition {
    STALE("stale", "seconds"),
    OFFLINE("offline", "seconds"),
    CLOCK_DRIFT("clock-drift", "seconds"),
    LOW_READS("low-reads", "reads per hour"),
    NO_PLATES("no-plates", "share"),
    QUEUE_BACKLOG("queue-backlog", "reads"),
    DISK_FULL("disk-full", "percent");

    final String slug;
    final String unit;

    Condition(String slug, String unit) {
        this.slug = slug;
        this.unit = unit;
    }

    static Condition of(String slug) {
        for (Condition c : values()) {
            if (c.slug.equals(slug)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no condition " + slug);
    }
}
