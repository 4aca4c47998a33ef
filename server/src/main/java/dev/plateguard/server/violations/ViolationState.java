package dev.plateguard.server.violations;

import java.util.Locale;

/** States a violation can be in so far; the review workflow (confirm, reject, notice, ...) adds more. */
public enum ViolationState {
    /** Found by a rule with complete evidence; awaits review. */
    DETECTED,
    /** A candidate that a person must look at before anything else (occupant detectors). */
    PENDING_REVIEW,
    /** The rule fired but the evidence the law needs is missing (red light without two images or a video). */
    INCOMPLETE_EVIDENCE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ViolationState of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
