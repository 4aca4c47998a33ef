package dev.plateguard.server.reads;

import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Purpose-bound investigation ({@code plateguard.investigation.*}): what a plate search or journey must name,
 * how far back it reaches, and how much one person may pull.
 *
 * @param caseFormat       regular expression a case number must match in full (e.g. {@code CR-2026-000123})
 * @param caseExample      an example case number, quoted when one is refused
 * @param standardReach    how far back a plate search or journey reaches without a supervisor's approval
 * @param liveWindow       how far back reads may be listed without a plate (the live view)
 * @param maxRange         the longest time range one journey may cover
 * @param maxRequestPeriod the longest period one access request may cover
 * @param approvalValidity how long an approved access request may be used
 * @param queriesPerHour   investigative queries (plate searches, journeys, reads opened under a case) per user per hour
 * @param queriesPerDay    the same per 24 hours
 * @param rowsPerHour      reads those queries may return per user per hour
 * @param rowsPerDay       the same per 24 hours
 */
@ConfigurationProperties("plateguard.investigation")
public record InvestigationSettings(
        @DefaultValue("[A-Z]{2,6}-[0-9]{4}-[0-9]{1,8}") String caseFormat,
        @DefaultValue("CR-2026-000123") String caseExample,
        @DefaultValue("90d") Duration standardReach,
        @DefaultValue("24h") Duration liveWindow,
        @DefaultValue("31d") Duration maxRange,
        @DefaultValue("366d") Duration maxRequestPeriod,
        @DefaultValue("30d") Duration approvalValidity,
        @DefaultValue("60") int queriesPerHour,
        @DefaultValue("300") int queriesPerDay,
        @DefaultValue("5000") int rowsPerHour,
        @DefaultValue("20000") int rowsPerDay) {

    public InvestigationSettings {
        try {
            if (!Pattern.compile(caseFormat).matcher(caseExample).matches()) {
                throw new IllegalArgumentException("plateguard.investigation.case-example (" + caseExample
                        + ") does not match plateguard.investigation.case-format");
            }
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("plateguard.investigation.case-format is not a regular expression: "
                    + e.getDescription());
        }
        for (Duration d : new Duration[] {standardReach, liveWindow, maxRange, maxRequestPeriod, approvalValidity}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("plateguard.investigation durations must be positive");
            }
        }
        if (queriesPerHour < 1 || queriesPerDay < 1 || rowsPerHour < 1 || rowsPerDay < 1) {
            throw new IllegalArgumentException("plateguard.investigation volume limits must be at least 1");
        }
    }

    Pattern casePattern() {
        return Pattern.compile(caseFormat);
    }
}
