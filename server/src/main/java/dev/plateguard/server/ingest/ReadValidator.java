package dev.plateguard.server.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateColumns;
import dev.plateguard.plates.PlateInterpretation;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.validation.SafeText;

/** Checks every field of a read's metadata and reports all problems at once, each named by its path. */
@Component
public class ReadValidator {

    private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/+=@-]{0,127}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    private static final int MAX_CANDIDATES = 10;

    private final PlateGuardProperties.Ingest limits;
    private final Clock clock;

    @org.springframework.beans.factory.annotation.Autowired
    ReadValidator(PlateGuardProperties properties) {
        this(properties, Clock.systemUTC());
    }

    ReadValidator(PlateGuardProperties properties, Clock clock) {
        this.limits = properties.ingest();
        this.clock = clock;
    }

    /**
     * @param prefix       path of this read in the request, e.g. {@code metadata} or {@code reads[4]}
     * @param plateRequired false for multipart reads that carry images for server-side recognition
     */
    public ValidatedRead validate(ReadMetadata m, String prefix, boolean plateRequired) {
        List<FieldProblem> errors = new ArrayList<>();
        String p = prefix.isEmpty() ? "" : prefix + ".";
        if (m.eventId() == null) {
            errors.add(new FieldProblem(p + "eventId", "is required"));
        } else if (!EVENT_ID.matcher(m.eventId()).matches()) {
            errors.add(new FieldProblem(p + "eventId",
                    "must be 1-128 characters of letters, digits and . _ : / + = @ - (starting with a letter or digit)"));
        }
        Instant captured = null;
        if (m.capturedAt() == null) {
            errors.add(new FieldProblem(p + "capturedAt", "is required"));
        } else {
            captured = instant(m.capturedAt(), p + "capturedAt", errors);
            Instant latest = clock.instant().plus(limits.maxFutureSkew());
            if (captured != null && captured.isAfter(latest)) {
                errors.add(new FieldProblem(p + "capturedAt", "is more than " + limits.maxFutureSkew().toMinutes()
                        + " minutes in the future; check the camera clock"));
            } else if (captured != null && captured.isBefore(EARLIEST)) {
                errors.add(new FieldProblem(p + "capturedAt", "is before 2000; check the camera clock"));
            }
        }
        PlateInterpretation plate = null;
        if (m.plate() == null) {
            if (plateRequired) {
                errors.add(new FieldProblem(p + "plate", "is required"));
            }
        } else {
            plate = plate(m.plate(), p + "plate", errors);
        }
        if (m.plateBox() != null) {
            var box = m.plateBox();
            if (box.x() == null || box.y() == null || box.width() == null || box.height() == null) {
                errors.add(new FieldProblem(p + "plateBox", "needs x, y, width and height"));
            } else if (box.x() < 0 || box.y() < 0 || box.width() <= 0 || box.height() <= 0
                    || box.width() > 20_000 || box.height() > 20_000) {
                errors.add(new FieldProblem(p + "plateBox", "must have x, y ≥ 0 and a positive width and height"));
            }
        }
        if (m.vehicle() != null) {
            SafeText.check(p + "vehicle.type", m.vehicle().type(), 40, errors);
            SafeText.check(p + "vehicle.color", m.vehicle().color(), 40, errors);
            SafeText.check(p + "vehicle.make", m.vehicle().make(), 60, errors);
        }
        if (m.speedKmh() != null && (m.speedKmh() < 0 || m.speedKmh() > 400)) {
            errors.add(new FieldProblem(p + "speedKmh", "must be 0-400 km/h"));
        }
        if (m.lane() != null && (m.lane() < 1 || m.lane() > 16)) {
            errors.add(new FieldProblem(p + "lane", "must be 1-16"));
        }
        if (m.direction() != null && (m.direction() < 0 || m.direction() > 359)) {
            errors.add(new FieldProblem(p + "direction", "must be 0-359 degrees"));
        }
        if (m.signal() != null) {
            String state = m.signal().state();
            if (state == null || !List.of("red", "amber", "green").contains(state)) {
                errors.add(new FieldProblem(p + "signal.state", "must be red, amber or green"));
            }
            if (m.signal().redSince() != null) {
                Instant redSince = instant(m.signal().redSince(), p + "signal.redSince", errors);
                if (redSince != null && captured != null && redSince.isAfter(captured)) {
                    errors.add(new FieldProblem(p + "signal.redSince", "is after capturedAt"));
                }
            }
        }
        if (m.occupants() != null) {
            flag(m.occupants().driverSeatbelt(), p + "occupants.driverSeatbelt", errors);
            flag(m.occupants().passengerSeatbelt(), p + "occupants.passengerSeatbelt", errors);
            flag(m.occupants().phoneUse(), p + "occupants.phoneUse", errors);
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        byte[] canonical = StrictJson.CANONICAL.writeValueAsBytes(m);
        return new ValidatedRead(m, captured, plate, plate == null ? null : PlateText.fold(plate.normalized()), canonical);
    }

    private PlateInterpretation plate(ReadMetadata.Plate plate, String path, List<FieldProblem> errors) {
        PlateInterpretation chosen = null;
        if (plate.text() == null) {
            errors.add(new FieldProblem(path + ".text", "is required"));
        } else {
            try {
                // The camera saw the flag and layout; its country breaks ties between formats.
                chosen = PlateColumns.interpret(plate.text(), plate.country());
            } catch (InvalidPlateTextException e) {
                errors.add(new FieldProblem(path + ".text", e.getMessage()));
            }
        }
        confidence(plate.confidence(), path + ".confidence", errors);
        if (plate.country() != null && !COUNTRY.matcher(plate.country()).matches()) {
            errors.add(new FieldProblem(path + ".country", "must be an ISO 3166-1 alpha-2 code such as UZ"));
        }
        if (plate.candidates() != null) {
            if (plate.candidates().size() > MAX_CANDIDATES) {
                errors.add(new FieldProblem(path + ".candidates", "at most " + MAX_CANDIDATES + " candidates"));
            } else {
                for (int i = 0; i < plate.candidates().size(); i++) {
                    var candidate = plate.candidates().get(i);
                    String cp = path + ".candidates[" + i + "]";
                    if (candidate == null || candidate.text() == null) {
                        errors.add(new FieldProblem(cp + ".text", "is required"));
                        continue;
                    }
                    if (PlateText.tryNormalize(candidate.text()).isEmpty()) {
                        errors.add(new FieldProblem(cp + ".text", "is not plate text (A-Z, 0-9, at most 16)"));
                    }
                    confidence(candidate.confidence(), cp + ".confidence", errors);
                }
            }
        }
        return chosen;
    }

    private static void flag(ReadMetadata.Flag flag, String path, List<FieldProblem> errors) {
        if (flag == null) {
            return;
        }
        if (flag.value() == null) {
            errors.add(new FieldProblem(path + ".value", "is required (true or false)"));
        }
        confidence(flag.confidence(), path + ".confidence", errors);
    }

    private static void confidence(Double value, String path, List<FieldProblem> errors) {
        if (value != null && (value < 0 || value > 1 || value.isNaN())) {
            errors.add(new FieldProblem(path, "must be between 0 and 1"));
        }
    }

    private static Instant instant(String text, String path, List<FieldProblem> errors) {
        try {
            // RFC 3339: date, 'T', time, and a mandatory offset (Z or ±hh:mm).
            return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldProblem(path, "must be an RFC 3339 timestamp with offset, e.g. 2026-11-26T14:03:05.120+05:00"));
            return null;
        }
    }

}
