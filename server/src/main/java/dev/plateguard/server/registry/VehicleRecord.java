package dev.plateguard.server.registry;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One registered vehicle. Holds no owner data: {@code ownerRef} is an opaque id that only the external registry
 * can resolve to a person (for the notice).
 *
 * @param country                ISO 3166-1 alpha-2 code, upper case
 * @param plate                  normalised plate text
 * @param insuranceValidUntil    null when no insurance is on record
 * @param vehicleType            e.g. car, truck, bus; null when unknown
 * @param make                   null when unknown
 * @param colour                 null when unknown
 */
public record VehicleRecord(String country, String plate, RegistrationStatus status, LocalDate registrationValidUntil,
                            LocalDate insuranceValidUntil, String vehicleType, String make, String colour,
                            String ownerRef) {

    public VehicleRecord {
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(plate, "plate");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(registrationValidUntil, "registrationValidUntil");
        Objects.requireNonNull(ownerRef, "ownerRef");
    }

    /** Registered on {@code day}: status VALID and the registration runs at least until that day (inclusive). */
    public boolean registeredOn(LocalDate day) {
        return status == RegistrationStatus.VALID && !registrationValidUntil.isBefore(day);
    }

    /** Insured on {@code day}: insurance on record and running at least until that day (inclusive). */
    public boolean insuredOn(LocalDate day) {
        return insuranceValidUntil != null && !insuranceValidUntil.isBefore(day);
    }
}
