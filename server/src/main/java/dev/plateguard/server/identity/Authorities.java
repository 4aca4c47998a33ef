package dev.plateguard.server.identity;

/** Authorities that are not person roles. */
public final class Authorities {

    /** Held by requests authenticated with a device key. */
    public static final String DEVICE = "ROLE_DEVICE";

    private Authorities() {
    }
}
