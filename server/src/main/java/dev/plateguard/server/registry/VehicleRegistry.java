package dev.plateguard.server.registry;

/**
 * Answers whether a vehicle is registered and insured. Two implementations, chosen by
 * {@code plateguard.registry.mode}: {@link LocalVehicleRegistry} (the {@code vehicle_registry} table) and
 * {@link HttpVehicleRegistry} (an external registry service, cached, with timeouts and a circuit breaker).
 *
 * <p>Contract for callers (the violation rules):
 * <ul>
 *   <li>{@link RegistryAnswer.Found}: judge the registration and insurance dates against the offence date.</li>
 *   <li>{@link RegistryAnswer.NotFound}: the vehicle is not registered, but only where {@link #covers(String)}
 *       says the registry is authoritative for the country; a foreign plate is simply not in it.</li>
 *   <li>{@link RegistryAnswer.Unavailable}: nothing is known. Never flag the read and never drop it: put it on the
 *       {@link RegistryRecheckQueue} and check it again later.</li>
 * </ul>
 * Implementations never throw for a registry failure; they answer {@code Unavailable}.
 */
public interface VehicleRegistry {

    /**
     * @param country         ISO 3166-1 alpha-2 code of the issuing country (e.g. {@code UZ}), as stored on reads
     * @param normalizedPlate plate text as {@link dev.plateguard.plates.PlateText#normalize} returns it
     * @throws IllegalArgumentException if the country is not a known country code or the plate is not normalised
     *                                  (a programming error of the caller, not a registry failure)
     */
    RegistryAnswer lookup(String country, String normalizedPlate);

    /** Whether NOT_FOUND for a plate of this country means "unregistered" ({@code plateguard.registry.countries}). */
    boolean covers(String country);
}
