package dev.plateguard.simulator.network;

/**
 * A WGS 84 position. Distances use the haversine formula: at city and regional scale its error (&lt;0.5%) is far
 * below the uncertainty of the simulated coordinates themselves.
 */
public record GeoPoint(double latitude, double longitude) {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    public GeoPoint {
        if (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180) {
            throw new IllegalArgumentException("not a WGS 84 position: " + latitude + ", " + longitude);
        }
    }

    /** Great-circle distance in kilometres. */
    public double distanceKm(GeoPoint other) {
        double dLat = Math.toRadians(other.latitude - latitude);
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(latitude)) * Math.cos(Math.toRadians(other.latitude)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** Initial bearing towards {@code other}, degrees clockwise from north, in [0, 360). */
    public double bearingTo(GeoPoint other) {
        double phi1 = Math.toRadians(latitude);
        double phi2 = Math.toRadians(other.latitude);
        double dLon = Math.toRadians(other.longitude - longitude);
        double y = Math.sin(dLon) * Math.cos(phi2);
        double x = Math.cos(phi1) * Math.sin(phi2) - Math.sin(phi1) * Math.cos(phi2) * Math.cos(dLon);
        double degrees = Math.toDegrees(Math.atan2(y, x));
        return (degrees + 360) % 360;
    }

    /** The point {@code northKm} north and {@code eastKm} east of this one (flat-earth step, fine below ~50 km). */
    public GeoPoint offsetKm(double northKm, double eastKm) {
        double dLat = northKm / 111.32;
        double dLon = eastKm / (111.32 * Math.cos(Math.toRadians(latitude)));
        return new GeoPoint(latitude + dLat, longitude + dLon);
    }
}
