package dev.plateguard.server.registry;

/** Registration status as the registry records it. */
public enum RegistrationStatus {
    /** Registered; still check {@link VehicleRecord#registrationValidUntil()} against the offence date. */
    VALID,
    /** The registration has lapsed. */
    EXPIRED,
    /** Registration suspended (e.g. deregistered pending inspection). */
    SUSPENDED
}
