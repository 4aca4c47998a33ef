package dev.plateguard.server.hotlists;

import java.util.Locale;
import java.util.Optional;

/** Why a plate is on a hotlist: a fixed category, so that alerts can be sorted, counted and translated. */
public enum HotlistReason {
    /** The vehicle or its plates are reported stolen. */
    STOLEN,
    /** Someone connected with the vehicle is wanted. */
    WANTED,
    /** A missing person may be in the vehicle. */
    MISSING,
    /** Of interest to an open case. */
    INVESTIGATION,
    /** Fines left unpaid past their deadline. */
    UNPAID_FINES,
    /** No valid compulsory insurance. */
    UNINSURED,
    /** Anything else; the entry's note says what. */
    OTHER;

    /** The category named by {@code text}, in any case, with spaces or dashes for underscores. */
    static Optional<HotlistReason> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String name = text.strip().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
        for (HotlistReason reason : values()) {
            if (reason.name().equals(name)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
