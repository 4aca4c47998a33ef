package dev.plateguard.server.violations;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.JsonNode;

/**
 * A recorded violation as the API shows it.
 *
 * @param readId           the read that triggered it; {@code reads} lists it and any duplicates linked to it
 * @param measured         the rule's measurements (speed, limit, tolerance, red seconds, confidences...)
 * @param fineSom          fineBrv × brvSom, the BRV in force on the offence date (site time zone)
 * @param catalogueVersion the rule catalogue version it was judged under; never changes afterwards
 * @param repeatOf         the earlier violation that made this a repeat offence, if any
 * @param events           state history, oldest first (detail view only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(long id, String offenceType, String rule, String state, String plate, String plateCountry,
                        long siteId, long cameraId, long readId, Instant occurredAt, String article, BigDecimal fineBrv,
                        long brvSom, long fineSom, int catalogueVersion, Long repeatOf, Instant reviewDeadline,
                        Instant createdAt, JsonNode measured, List<ReadLink> reads, List<Event> events) {

    /** A read the violation rests on: {@code primary} (the trigger) or {@code duplicate} (same offence, another frame or camera). */
    public record ReadLink(long readId, String rule, String role) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(long id, Instant occurredAt, String fromState, String toState, String actor, String reason) {
    }
}
