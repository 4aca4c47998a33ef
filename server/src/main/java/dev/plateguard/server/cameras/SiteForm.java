package dev.plateguard.server.cameras;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.SafeText;

/**
 * What an admin gives to create or replace a site, from the API ({@code POST /api/v1/sites},
 * {@code PUT /api/v1/sites/{id}}) or the admin pages. The same rules apply on both paths.
 *
 * @param latitude  WGS 84 degrees, -90 to 90
 * @param longitude WGS 84 degrees, -180 to 180
 * @param address   optional
 * @param timezone  IANA zone; absent means {@value #DEFAULT_TIMEZONE}
 * @param plateCountry ISO code of the country whose plates the site mostly sees (one that module plates knows);
 *                  absent means {@value #DEFAULT_PLATE_COUNTRY}. It breaks ties when the server recognises a read.
 */
public record SiteForm(String name, String city, String region, Double latitude, Double longitude, String address,
                       String timezone, String plateCountry) {

    public static final String DEFAULT_TIMEZONE = "Asia/Tashkent";
    public static final String DEFAULT_PLATE_COUNTRY = "UZ";


    /** Every problem with the fields, in form order; empty when the site can be stored. */
    public List<FieldProblem> validate() {
        List<FieldProblem> errors = new ArrayList<>();
        SafeText.require("name", name, 120, errors);
        SafeText.require("city", city, 80, errors);
        SafeText.require("region", region, 80, errors);
        if (latitude == null || latitude.isNaN() || latitude < -90 || latitude > 90) {
            errors.add(FieldProblem.coded("latitude", "latitude", "is required, -90 to 90 degrees"));
        }
        if (longitude == null || longitude.isNaN() || longitude < -180 || longitude > 180) {
            errors.add(FieldProblem.coded("longitude", "longitude", "is required, -180 to 180 degrees"));
        }
        SafeText.check("address", address, 200, errors);
        if (!isZone(zone())) {
            errors.add(FieldProblem.coded("timezone", "timezone", "is not an IANA time zone such as Asia/Tashkent"));
        }
        if (!PLATE_COUNTRIES.contains(country())) {
            errors.add(FieldProblem.coded("plateCountry", "plateCountry", "must be one of " + String.join(", ", PLATE_COUNTRIES)));
        }
        return errors;
    }

    /** Whether {@code name} is an IANA zone name (Asia/Tashkent, UTC), not an offset or an abbreviation. */
    static boolean isZone(String name) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_+/-]{0,63}")) {
            return false;
        }
        try {
            ZoneId.of(name);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    /** The time zone to store: the one given, or {@value #DEFAULT_TIMEZONE}. */
    public String zone() {
        return timezone == null ? DEFAULT_TIMEZONE : timezone;
    }

    /** The plate country to store: the one given, or {@value #DEFAULT_PLATE_COUNTRY}. */
    public String country() {
        return plateCountry == null ? DEFAULT_PLATE_COUNTRY : plateCountry;
    }

    /** The countries whose plate formats module plates knows, in enum order. */
    public static final List<String> PLATE_COUNTRIES = java.util.Arrays.stream(dev.plateguard.plates.Country.values())
            .filter(c -> c != dev.plateguard.plates.Country.UNKNOWN).map(Enum::name).toList();

    /** The form filled with a stored site, for editing. */
    public static SiteForm of(Site site) {
        return new SiteForm(site.name(), site.city(), site.region(), site.latitude(), site.longitude(), site.address(),
                site.timezone(), site.plateCountry());
    }
}
