package dev.plateguard.simulator.traffic;

/** What the simulator made a vehicle do wrong in one read; the server is left to detect it. */
public enum Offence {
    /** More than 5 km/h (the device tolerance, domain-uz.md §3.2) over the camera's limit. */
    SPEEDING,
    /** Passed a red-light camera while its signal was red. */
    RED_LIGHT,
    /** Driver without a seatbelt. */
    NO_SEATBELT,
    /** Driver holding a phone. */
    PHONE_USE,
    /** Plate missing from the registry. */
    UNREGISTERED
}
