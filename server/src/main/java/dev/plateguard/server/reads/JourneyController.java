package dev.plateguard.server.reads;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.plateguard.plates.InvalidPlateTextException;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.QueryTimes;
import dev.plateguard.server.validation.Refusal;

/** A plate's journey: its sightings over a time range, in time order, with where each camera stands. */
@RestController
class JourneyController {

    private final ReadAccess access;

    JourneyController(ReadAccess access) {
        this.access = access;
    }

    /**
     * @param plate exact plate (normalised like stored plates)
     * @param from  start of the range (RFC 3339), required
     * @param to    end of the range, exclusive; now when absent. At most {@code plateguard.investigation.max-range}.
     */
    @Operation(summary = "A plate's sightings over a time range in time order, with camera, site and coordinates (OPERATOR, SUPERVISOR, INVESTIGATOR)",
            description = "purpose and case required; at most plateguard.investigation.max-range; same age tier, volume limits, "
                    + "scope and audit as plate search.")
    @GetMapping("/api/v1/journeys")
    Map<String, Object> journey(@RequestParam(required = false) String plate, @RequestParam(required = false) String from,
                                @RequestParam(required = false) String to,
                                @RequestParam(required = false) String purpose,
                                @RequestParam(name = "case", required = false) String caseNo,
                                @RequestParam(required = false) String reason, @AuthenticationPrincipal UserPrincipal me) {
        String key = plate(plate);
        var journey = access.journey(me, key, QueryTimes.optional(from, "from"), QueryTimes.optional(to, "to"),
                purpose, caseNo, reason, "api");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("investigation", ReadController.investigation(me, journey.investigation()));
        body.put("plate", journey.plate());
        body.put("from", journey.from());
        body.put("to", journey.to());
        body.put("sightings", journey.sightings().stream().map(JourneyController::sighting).toList());
        body.put("truncated", journey.truncated());
        return body;
    }

    static String plate(String plate) {
        if (plate == null || plate.isBlank()) {
            throw Refusal.invalid("plate", "is required");
        }
        try {
            return PlateText.normalize(plate);
        } catch (InvalidPlateTextException e) {
            throw Refusal.invalid("plate", e.getMessage());
        }
    }

    private static Map<String, Object> sighting(ReadQueries.Sighting s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("readId", s.readId());
        out.put("capturedAt", s.capturedAt());
        out.put("plate", s.plate());
        out.put("camera", Map.of("id", s.cameraId(), "name", s.cameraName()));
        Map<String, Object> site = new LinkedHashMap<>();
        site.put("id", s.siteId());
        site.put("name", s.siteName());
        site.put("city", s.city());
        site.put("region", s.region());
        site.put("latitude", s.latitude());
        site.put("longitude", s.longitude());
        out.put("site", site);
        return out;
    }

    static List<Map<String, Object>> points(List<ReadQueries.Sighting> sightings) {
        return sightings.stream().map(JourneyController::sighting).toList();
    }
}
