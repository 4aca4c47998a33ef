package dev.plateguard.server.violations;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Every state a violation can be in (the schema's {@code violation_state_check} lists the same codes), and the
 * transitions between them as data. {@link ViolationLedger} refuses any transition not listed here.
 *
 * <pre>
 * detected ─┬─▶ pending_review ─┬─▶ confirmed ──▶ notice_issued ─┬─▶ paid ──────────────▶ closed
 *           │                   └─▶ rejected                      ├─▶ appealed ─┬─▶ upheld ─▶ paid | closed
 *           │                                                     │             └─▶ cancelled ─▶ closed
 * incomplete_evidence                                             └─▶ closed
 * detected | pending_review | incomplete_evidence ──▶ expired (review deadline passed)
 * </pre>
 */
public enum ViolationState {
    /** Found by a rule with complete evidence; awaits review. */
    DETECTED,
    /** In the review queue: a person must confirm or reject it. */
    PENDING_REVIEW,
    /** The rule fired but the evidence the law needs is missing (red light without two images or a video). */
    INCOMPLETE_EVIDENCE,
    /** A reviewer confirmed it; a notice will be issued. */
    CONFIRMED,
    /** A reviewer rejected it, with a reason code. Final. */
    REJECTED,
    /** Nobody reviewed it before its review deadline. Final. */
    EXPIRED,
    /** A notice was issued to the owner. */
    NOTICE_ISSUED,
    /** The fine was paid. */
    PAID,
    /** The owner appealed the notice. */
    APPEALED,
    /** The appeal was refused: the fine stands. */
    UPHELD,
    /** The appeal succeeded: the notice is void. */
    CANCELLED,
    /** Nothing more happens to it. Final. */
    CLOSED;

    /** What the payment and appeal systems report about a notice (its violation moves to the same state). */
    public static final Set<ViolationState> NOTICE_OUTCOMES = EnumSet.of(PAID, APPEALED, UPHELD, CANCELLED, CLOSED);

    /** Unreviewed states: a violation in one of them expires when its review deadline passes. */
    public static final Set<ViolationState> UNREVIEWED = EnumSet.of(DETECTED, PENDING_REVIEW, INCOMPLETE_EVIDENCE);

    /**
     * Final states: nothing more happens to a violation in one of them, and its case counts as closed from the
     * moment it got there ({@code violation.closed_at}; retention keeps it, its reads and their evidence for a
     * period from then on).
     */
    public static final Set<ViolationState> FINAL = EnumSet.of(REJECTED, EXPIRED, CLOSED);

    /** The states this one may move to; empty for a final state. */
    public Set<ViolationState> next() {
        return switch (this) {
            case DETECTED -> EnumSet.of(PENDING_REVIEW, EXPIRED);
            case PENDING_REVIEW -> EnumSet.of(CONFIRMED, REJECTED, EXPIRED);
            case INCOMPLETE_EVIDENCE -> EnumSet.of(EXPIRED);
            case CONFIRMED -> EnumSet.of(NOTICE_ISSUED);
            case NOTICE_ISSUED -> EnumSet.of(PAID, APPEALED, CLOSED);
            case APPEALED -> EnumSet.of(UPHELD, CANCELLED);
            case UPHELD -> EnumSet.of(PAID, CLOSED);
            case PAID, CANCELLED -> EnumSet.of(CLOSED);
            case REJECTED, EXPIRED, CLOSED -> EnumSet.noneOf(ViolationState.class);
        };
    }

    /** Whether the violation's case is closed in this state (see {@link #FINAL}). */
    public boolean isFinal() {
        return FINAL.contains(this);
    }

    public boolean canBecome(ViolationState to) {
        return next().contains(to);
    }

    /** The states a rule may give a new violation. */
    public boolean initial() {
        return this == DETECTED || this == PENDING_REVIEW || this == INCOMPLETE_EVIDENCE;
    }

    /** The code stored in the database and shown by the API, e.g. {@code pending_review}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of a stored code; {@link IllegalArgumentException} for an unknown one. */
    public static ViolationState of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }

    /** Codes of several states, for SQL {@code = any(?)}. */
    public static String[] codes(Set<ViolationState> states) {
        return states.stream().map(ViolationState::code).toArray(String[]::new);
    }

    /** Every code, in declaration order. */
    public static String[] allCodes() {
        return Arrays.stream(values()).map(ViolationState::code).toArray(String[]::new);
    }
}
