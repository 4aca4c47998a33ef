package dev.plateguard.server.cameras;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * What the site and camera admin pages post, as typed: text, so that a refused form shows again exactly what was
 * typed. The annotations check only that numbers can be read as numbers; the rules for a site or a camera are
 * {@link SiteForm#validate()} and {@link CameraForm#validate()}, shared with the API.
 */
final class NetworkAdminForms {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s,;]+");

    private NetworkAdminForms() {
    }

    /** How a typed number is read; a value that cannot be read is refused with the annotation's message. */
    public enum Reading {
        /** A decimal number; a comma is accepted as the decimal separator, as Uzbek and Russian write it. */
        DECIMAL(NetworkAdminForms::decimal),
        WHOLE(NetworkAdminForms::whole),
        /** Lane numbers separated by commas, semicolons or spaces. */
        NUMBERS(NetworkAdminForms::numbers);

        private final Function<String, Object> read;

        Reading(Function<String, Object> read) {
            this.read = read;
        }
    }

    /** A field that must be readable as a number of this kind when it is given. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    @Constraint(validatedBy = ReadableCheck.class)
    public @interface Readable {
        Reading value();

        String message();

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class ReadableCheck implements ConstraintValidator<Readable, String> {

        private Reading reading;

        @Override
        public void initialize(Readable annotation) {
            reading = annotation.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || reading.read.apply(value) != null;
        }
    }

    /** The site form. Every field is stripped, and a blank one is absent (null): see {@link NetworkAdminPages}. */
    record SiteInput(String name, String city, String region,
                     @Readable(value = Reading.DECIMAL, message = "{admin.problem.number}") String latitude,
                     @Readable(value = Reading.DECIMAL, message = "{admin.problem.number}") String longitude,
                     String address, String timezone, String plateCountry) {

        static SiteInput blank() {
            return new SiteInput(null, null, null, null, null, null, SiteForm.DEFAULT_TIMEZONE,
                    SiteForm.DEFAULT_PLATE_COUNTRY);
        }

        static SiteInput of(Site site) {
            return new SiteInput(site.name(), site.city(), site.region(), String.valueOf(site.latitude()),
                    String.valueOf(site.longitude()), site.address(), site.timezone(), site.plateCountry());
        }

        /** The form to validate and store; a number that is not one is absent. */
        SiteForm form() {
            return new SiteForm(name, city, region, decimal(latitude), decimal(longitude), address, timezone, plateCountry);
        }
    }

    /** The camera form; {@code active} is absent when the box is not ticked (an unchecked box is not sent). */
    record CameraInput(@Readable(value = Reading.WHOLE, message = "{admin.problem.wholeNumber}") String siteId,
                       String name, String kind,
                       @Readable(value = Reading.WHOLE, message = "{admin.problem.wholeNumber}") String heading,
                       @Readable(value = Reading.NUMBERS, message = "{admin.problem.lanes}") String lanes,
                       @Readable(value = Reading.WHOLE, message = "{admin.problem.wholeNumber}") String speedLimitKmh,
                       String active, String clockZone) {

        static CameraInput blank(Long siteId) {
            return new CameraInput(siteId == null ? null : String.valueOf(siteId), null, "anpr", null, null, null,
                    "true", null);
        }

        static CameraInput of(Camera camera) {
            return new CameraInput(String.valueOf(camera.siteId()), camera.name(), camera.kind(),
                    camera.heading() == null ? null : String.valueOf(camera.heading()),
                    camera.lanes().stream().map(String::valueOf).collect(Collectors.joining(", ")),
                    camera.speedLimitKmh() == null ? null : String.valueOf(camera.speedLimitKmh()),
                    camera.active() ? "true" : null, camera.clockZone());
        }

        /** The form to validate and store; a number that is not one is absent. */
        CameraForm form() {
            List<Integer> laneList = numbers(lanes);
            return new CameraForm(whole(siteId), name, kind, integer(whole(heading)),
                    laneList == null ? List.of() : laneList, integer(whole(speedLimitKmh)), active != null,
                    clockZone == null || clockZone.isBlank() ? null : clockZone.strip());
        }
    }

    private static Double decimal(String typed) {
        if (typed == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(typed.replace(',', '.'));
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long whole(String typed) {
        if (typed == null) {
            return null;
        }
        try {
            return Long.parseLong(typed);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<Integer> numbers(String typed) {
        if (typed == null) {
            return null;
        }
        List<Integer> numbers = new ArrayList<>();
        for (String part : SEPARATORS.split(typed)) {
            if (part.isEmpty()) {
                continue;
            }
            try {
                numbers.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return numbers;
    }

    private static Integer integer(Long value) {
        // Out-of-range values still reach validation as out of range, not as a wrapped int.
        return value == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }
}
