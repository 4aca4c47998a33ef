package dev.plateguard.server.violations;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What a rule concluded about one read: the offence, its article and base fine in BRV, the state the violation
 * starts in, and the measured values that justify it (shown to the reviewer and printed on the notice).
 *
 * @param repeatable whether a repeat within a year takes the offence's higher fine ({@code repeatFineBrv})
 */
public record Finding(String offenceType, String article, BigDecimal fineBrv, ViolationState state,
                      Map<String, Object> measured, boolean repeatable) {

    public Finding {
        measured = Map.copyOf(measured);
    }
}
