package dev.plateguard.server.review;

import java.util.Arrays;
import java.util.List;

/** Why an operator rejects a violation. The number is the key that picks it on the review page. */
public enum RejectReason {
    PLATE_UNREADABLE,
    WRONG_VEHICLE,
    EMERGENCY_VEHICLE,
    MEASUREMENT_DOUBT,
    DUPLICATE,
    /** Needs a note saying why. */
    OTHER;

    public static final List<String> CODES = Arrays.stream(values()).map(Enum::name).toList();

    /** 1-based key on the review page. */
    public int key() {
        return ordinal() + 1;
    }

    public boolean needsNote() {
        return this == OTHER;
    }
}
