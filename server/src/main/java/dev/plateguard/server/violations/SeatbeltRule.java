package dev.plateguard.server.violations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Seatbelt: the driver's or front passenger's seatbelt flag is false with at least the confidence threshold
 * (the catalogue's, unless the camera's or site's rule settings override it). A detector's opinion is never
 * enough on its own: the candidate always goes to human review.
 */
@Component
public class SeatbeltRule implements ViolationRule {

    public static final String NAME = "seatbelt";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Finding> evaluate(ReadFacts read, Catalogue catalogue) {
        var threshold = read.settings().occupantThreshold(catalogue);
        boolean driver = read.driverSeatbelt() != null && read.driverSeatbelt().says(false, threshold);
        boolean passenger = read.passengerSeatbelt() != null && read.passengerSeatbelt().says(false, threshold);
        Optional<Catalogue.Offence> offence = catalogue.offence("seatbelt");
        if (!(driver || passenger) || offence.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> measured = new LinkedHashMap<>();
        if (driver) {
            measured.put("driverSeatbeltConfidence", Catalogue.plain(read.driverSeatbelt().confidence()));
        }
        if (passenger) {
            measured.put("passengerSeatbeltConfidence", Catalogue.plain(read.passengerSeatbelt().confidence()));
        }
        measured.put("threshold", Catalogue.plain(threshold));
        read.settings().source(RuleSettings.OCCUPANT_THRESHOLD).ifPresent(source -> measured.put("ruleSettings", source));
        return Optional.of(new Finding("seatbelt", offence.get().article(), offence.get().fineBrv(),
                ViolationState.PENDING_REVIEW, measured, false));
    }
}
