package dev.plateguard.server.registry;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.plateguard.plates.Country;
import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.SafeText;

/**
 * The fields of a registry entry and their validation, shared by the CSV import, the JSON API and the answers of
 * the external registry service, so that all three accept exactly the same values.
 */
final class VehicleFields {

    /** A field with its CSV column name and its JSON member name. */
    enum Field {
        COUNTRY("country", "country"),
        PLATE("plate", "plate"),
        STATUS("status", "status"),
        REGISTRATION_VALID_UNTIL("registration_valid_until", "registrationValidUntil"),
        INSURANCE_VALID_UNTIL("insurance_valid_until", "insuranceValidUntil"),
        VEHICLE_TYPE("vehicle_type", "vehicleType"),
        MAKE("make", "make"),
        COLOUR("colour", "colour"),
        OWNER_REF("owner_ref", "ownerRef");

        final String column;
        final String json;

        Field(String column, String json) {
            this.column = column;
            this.json = json;
        }
    }

    enum Naming { CSV, JSON }

    static final int MAX_TEXT = 64;
    static final Pattern OWNER_REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    static final LocalDate LATEST = LocalDate.of(2199, 12, 31);
    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    /** Country codes a registry entry may carry: every known issuing country (not UNKNOWN). */
    static final Set<String> COUNTRIES = Arrays.stream(Country.values()).filter(c -> c != Country.UNKNOWN)
            .map(Enum::name).collect(Collectors.toUnmodifiableSet());

    private VehicleFields() {
    }

    static String name(Field field, Naming naming) {
        return naming == Naming.CSV ? field.column : field.json;
    }

    /**
     * Validates raw values (null or blank = absent) into a record, adding a problem per bad field to
     * {@code errors}, each named {@code prefix + field name}.
     *
     * @return the record, or null when any field is invalid
     */
    static VehicleRecord validate(Map<Field, String> raw, Naming naming, String prefix, List<FieldProblem> errors) {
        int before = errors.size();
        Map<Field, String> v = new EnumMap<>(Field.class);
        raw.forEach((field, value) -> {
            if (value != null && !value.strip().isEmpty()) {
                v.put(field, value.strip());
            }
        });
        String country = country(v.get(Field.COUNTRY), prefix + name(Field.COUNTRY, naming), errors);
        String plate = plate(v.get(Field.PLATE), prefix + name(Field.PLATE, naming), errors);
        RegistrationStatus status = status(v.get(Field.STATUS), prefix + name(Field.STATUS, naming), errors);
        LocalDate registration = date(v.get(Field.REGISTRATION_VALID_UNTIL),
                prefix + name(Field.REGISTRATION_VALID_UNTIL, naming), true, errors);
        LocalDate insurance = date(v.get(Field.INSURANCE_VALID_UNTIL),
                prefix + name(Field.INSURANCE_VALID_UNTIL, naming), false, errors);
        for (Field text : List.of(Field.VEHICLE_TYPE, Field.MAKE, Field.COLOUR)) {
            SafeText.check(prefix + name(text, naming), v.get(text), MAX_TEXT, errors);
        }
        String ownerRef = ownerRef(v.get(Field.OWNER_REF), prefix + name(Field.OWNER_REF, naming), errors);
        if (errors.size() > before) {
            return null;
        }
        return new VehicleRecord(country, plate, status, registration, insurance, v.get(Field.VEHICLE_TYPE),
                v.get(Field.MAKE), v.get(Field.COLOUR), ownerRef);
    }

    /** Upper-case country code, or null with a problem added. */
    static String country(String raw, String field, List<FieldProblem> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldProblem(field, "is required"));
            return null;
        }
        String code = raw.strip().toUpperCase(Locale.ROOT);
        if (!COUNTRIES.contains(code)) {
            errors.add(new FieldProblem(field, "must be one of " + COUNTRIES.stream().sorted().toList()));
            return null;
        }
        return code;
    }

    /** Normalised plate, or null with a problem added. */
    static String plate(String raw, String field, List<FieldProblem> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldProblem(field, "is required"));
            return null;
        }
        try {
            return PlateText.normalize(raw);
        } catch (InvalidPlateTextException e) {
            errors.add(new FieldProblem(field, "is not a plate: " + e.getMessage()));
            return null;
        }
    }

    private static RegistrationStatus status(String raw, String field, List<FieldProblem> errors) {
        if (raw == null) {
            errors.add(new FieldProblem(field, "is required"));
            return null;
        }
        for (RegistrationStatus status : RegistrationStatus.values()) {
            if (status.name().equalsIgnoreCase(raw)) {
                return status;
            }
        }
        errors.add(new FieldProblem(field, "must be VALID, EXPIRED or SUSPENDED"));
        return null;
    }

    private static LocalDate date(String raw, String field, boolean required, List<FieldProblem> errors) {
        if (raw == null) {
            if (required) {
                errors.add(new FieldProblem(field, "is required"));
            }
            return null;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(raw, ISO_DATE);
        } catch (DateTimeParseException e) {
            errors.add(new FieldProblem(field, "must be a date as YYYY-MM-DD"));
            return null;
        }
        if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
            errors.add(new FieldProblem(field, "must lie between " + EARLIEST + " and " + LATEST));
            return null;
        }
        return date;
    }

    private static String ownerRef(String raw, String field, List<FieldProblem> errors) {
        if (raw == null) {
            errors.add(new FieldProblem(field, "is required"));
            return null;
        }
        if (!OWNER_REF.matcher(raw).matches()) {
            errors.add(new FieldProblem(field, "must be an opaque reference of 1-64 letters, digits and . _ : - "
                    + "(never a name, address or other owner data)"));
            return null;
        }
        return raw;
    }
}
