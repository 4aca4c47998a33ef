package dev.plateguard.server.retention;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.plateguard.server.PlateGuardProperties;

/**
 * The retention policy per data class, as configured ({@link RetentionSettings}), and its cutoffs at a given time.
 * docs/retention.md explains each class; {@code GET /api/v1/retention} and the admin page show this.
 */
@Component
public class RetentionPolicy {

    public static final String UNMATCHED_READS = "unmatched-reads";
    public static final String CLOSED_VIOLATIONS = "closed-violations";
    public static final String RECOGNITION = "recognition-records";
    public static final String EVIDENCE = "evidence-files";
    public static final String AUDIT = "audit";
    public static final String LIFTED_HOLDS = "lifted-holds";
    public static final String SECTION_SIGHTINGS = "section-sightings";
    public static final String OUTBOUND_EVENTS = "outbound-events";
    public static final String OUTBOUND_DEAD_LETTERS = "outbound-dead-letters";
    public static final String ALERTS = "alerts";

    /** Every class, in the order the API and the page list them. */
    public static final List<String> CLASSES = List.of(UNMATCHED_READS, CLOSED_VIOLATIONS, RECOGNITION, EVIDENCE,
            SECTION_SIGHTINGS, AUDIT, LIFTED_HOLDS, OUTBOUND_EVENTS, OUTBOUND_DEAD_LETTERS, ALERTS);

    /** The policy's cutoffs at {@code now}: what is older goes (unless held or still needed). */
    public record Cutoffs(Instant now, Instant unmatchedReads, Instant closedViolations, Instant audit,
                          Instant outboundEvents, Instant outboundDeadLetters, Instant alerts) {

        Map<String, Object> asMap() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("now", now.toString());
            out.put(UNMATCHED_READS, unmatchedReads.toString());
            out.put(CLOSED_VIOLATIONS, closedViolations.toString());
            out.put(AUDIT, audit.toString());
            out.put(LIFTED_HOLDS, audit.toString());
            out.put(OUTBOUND_EVENTS, outboundEvents.toString());
            out.put(OUTBOUND_DEAD_LETTERS, outboundDeadLetters.toString());
            out.put(ALERTS, alerts.toString());
            return out;
        }
    }

    /**
     * One data class: {@code period} ISO-8601 ({@code P30D}, {@code P5Y}, {@code PT72H}), null for a class that
     * goes with another ({@code with}); {@code from} what the period is counted from; {@code property} its setting.
     */
    public record DataClass(String name, String period, String with, String from, String covers, String property) {
    }

    private final RetentionSettings settings;
    private final PlateGuardProperties properties;

    RetentionPolicy(RetentionSettings settings, PlateGuardProperties properties) {
        this.settings = settings;
        this.properties = properties;
    }

    public RetentionSettings settings() {
        return settings;
    }

    public Cutoffs cutoffs(Instant now) {
        return new Cutoffs(now, settings.before(now, settings.unmatchedReads()),
                settings.before(now, settings.closedViolations()), settings.before(now, settings.audit()),
                settings.before(now, settings.outboundEvents()), settings.before(now, settings.outboundDeadLetters()),
                settings.before(now, settings.alerts()));
    }

    public List<DataClass> classes() {
        return List.of(
                new DataClass(UNMATCHED_READS, settings.unmatchedReads().toString(), null,
                        "the read's capture or receipt, whichever is later",
                        "Reads that rest no violation (a hotlist alert does not keep its reads: the alert stays, "
                                + "without them), with their evidence links and detection traces (section sightings "
                                + "and pairs without an offence, exemption skips). A read still waiting for detection, "
                                + "hotlist matching, its first recognition or a registry re-check is kept until that is "
                                + "done.",
                        "plateguard.retention.unmatched-reads"),
                new DataClass(CLOSED_VIOLATIONS, settings.closedViolations().toString(), null,
                        "the moment the case closed: the violation reached a final state (rejected, expired, closed)",
                        "Violations whose case is closed, with their state history, review decisions, plate "
                                + "corrections, quality checks, notice and its payment and appeal events, section pairs, "
                                + "and every read behind them (primary, duplicate, evidence, corrected) with its evidence. "
                                + "A violation cited as the earlier offence of a kept repeat stays as long as the repeat.",
                        "plateguard.retention.closed-violations"),
                new DataClass(RECOGNITION, null, "read", null,
                        "Server-side recognition results and jobs: deleted with their read.", null),
                new DataClass(EVIDENCE, null, "last-read", null,
                        "Evidence files (content-addressed: one file may serve several reads): a file goes with the "
                                + "last read that references it, after the deletion of the rows has committed.", null),
                new DataClass(SECTION_SIGHTINGS, properties.violations().sectionSightingRetention().toString(), null,
                        "the sighting's capture",
                        "Sightings at average-speed section ends waiting to pair: deleted hourly by the violations "
                                + "module, paired or not (what a pair proved stays in its section pair and violation).",
                        "plateguard.violations.section-sighting-retention"),
                new DataClass(AUDIT, settings.audit().toString(), null, "the entry's time",
                        "Audit entries, the oldest whole segments of the chain first; a signed anchor lets the chain "
                                + "verify from the first entry kept. The database never deletes an entry younger than "
                                + "its floor (audit_retention_floor, 365 days).",
                        "plateguard.retention.audit"),
                new DataClass(LIFTED_HOLDS, settings.audit().toString(), null, "the moment the hold was lifted",
                        "Legal holds that were lifted (active holds are never deleted); their setting and lifting stay "
                                + "in the audit.", "plateguard.retention.audit"),
                new DataClass(OUTBOUND_EVENTS, settings.outboundEvents().toString(), null, "the event's storing",
                        "Outbound events (alerts, camera-health alarms) delivered on every webhook and MQTT, with "
                                + "their deliveries and every attempt. An event with a delivery still pending or "
                                + "dead is kept.", "plateguard.retention.outbound-events"),
                new DataClass(OUTBOUND_DEAD_LETTERS, settings.outboundDeadLetters().toString(), null,
                        "the delivery's last failed attempt",
                        "Dead letters (deliveries that failed every attempt) nobody replayed, with their attempts.",
                        "plateguard.retention.outbound-dead-letters"),
                new DataClass(ALERTS, settings.alerts().toString(), null, "the alert's last read",
                        "Hotlist alerts (a plate seen at a place and time, its list's reason, who acknowledged or "
                                + "escalated it and their notes), with their links to the reads they stand for. An "
                                + "alert one of whose reads is held, or whose plate a case hold covers, stays.",
                        "plateguard.retention.alerts"));
    }

    /** The cutoff of a class at {@code now}, or null for a class that goes with another or is purged elsewhere. */
    static Instant cutoff(Cutoffs c, String dataClass) {
        return switch (dataClass) {
            case UNMATCHED_READS -> c.unmatchedReads();
            case CLOSED_VIOLATIONS -> c.closedViolations();
            case AUDIT, LIFTED_HOLDS -> c.audit();
            case OUTBOUND_EVENTS -> c.outboundEvents();
            case OUTBOUND_DEAD_LETTERS -> c.outboundDeadLetters();
            case ALERTS -> c.alerts();
            default -> null;
        };
    }
}
