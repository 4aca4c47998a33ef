package dev.plateguard.server.violations;

import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.springframework.stereotype.Component;

/**
 * Bus lane: a read in a lane that the camera's (or its site's) rule settings mark as a bus lane, captured within one
 * of the lane's schedule windows in the site's time zone (an empty schedule: always), by a vehicle whose type is not
 * among the lane's allowed types (default {@code bus}).
 *
 * <p>A read whose camera did not classify the vehicle ({@code vehicle.type} missing) is recorded too, with
 * {@code vehicleType} {@code unknown}: it is a candidate like every other and a reviewer, who sees the images,
 * decides whether it was a bus. Reads without a lane are never bus-lane offences. Exempt plates (emergency,
 * service) are left out by the pipeline, as for every rule. Not repeatable: the catalogue's offence has no
 * repeat fine.
 */
@Component
public class BusLaneRule implements ViolationRule {

    public static final String NAME = "bus_lane";
    static final String OFFENCE = "bus_lane";
    static final String UNKNOWN_TYPE = "unknown";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Finding> evaluate(ReadFacts read, Catalogue catalogue) {
        RuleSettings settings = read.settings();
        if (!settings.enabled(NAME)) {
            return Optional.empty(); // the detector skips it already; a rule called directly behaves the same
        }
        Optional<RuleSettings.BusLane> lane = settings.busLane(read.lane());
        if (lane.isEmpty()) {
            return Optional.empty();
        }
        ZonedDateTime local = read.capturedAt().atZone(read.siteZone());
        LocalDateTime localTime = local.toLocalDateTime();
        Optional<RuleSettings.Window> window = lane.get().windowAt(localTime);
        if (window.isEmpty() || lane.get().allows(read.vehicleType())) {
            return Optional.empty();
        }
        Optional<Catalogue.Offence> offence = catalogue.offence(OFFENCE);
        if (offence.isEmpty()) {
            return Optional.empty();
        }
        String type = read.vehicleType() == null || read.vehicleType().isBlank() ? UNKNOWN_TYPE : read.vehicleType().strip();
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("lane", lane.get().lane());
        measured.put("window", window.get().describe());
        measured.put("vehicleType", type);
        measured.put("allowedVehicleTypes", String.join(",", new TreeSet<>(lane.get().allowedVehicleTypes())));
        measured.put("localTime", local.toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        settings.source(RuleSettings.BUS_LANES).ifPresent(source -> measured.put("ruleSettings", source));
        return Optional.of(new Finding(OFFENCE, offence.get().article(), offence.get().fineBrv(), ViolationState.DETECTED,
                measured, false));
    }
}
