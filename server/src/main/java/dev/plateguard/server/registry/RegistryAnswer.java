package dev.plateguard.server.registry;

/**
 * What the registry said about one plate. Exactly one of: {@link Found}, {@link NotFound} (unregistered) or
 * {@link Unavailable} (the registry could not answer: down, timed out, circuit open, or a malformed answer).
 */
public sealed interface RegistryAnswer {

    enum Kind { FOUND, NOT_FOUND, UNAVAILABLE }

    Kind kind();

    /** Whether the registry gave a definitive answer (FOUND or NOT_FOUND). */
    default boolean definitive() {
        return kind() != Kind.UNAVAILABLE;
    }

    record Found(VehicleRecord vehicle) implements RegistryAnswer {
        public Found {
            java.util.Objects.requireNonNull(vehicle, "vehicle");
        }

        @Override
        public Kind kind() {
            return Kind.FOUND;
        }
    }

    record NotFound() implements RegistryAnswer {
        @Override
        public Kind kind() {
            return Kind.NOT_FOUND;
        }
    }

    /** @param reason why, for logs and the re-check queue's last_error; never contains owner data */
    record Unavailable(String reason) implements RegistryAnswer {
        @Override
        public Kind kind() {
            return Kind.UNAVAILABLE;
        }
    }

    static RegistryAnswer found(VehicleRecord vehicle) {
        return new Found(vehicle);
    }

    static RegistryAnswer notFound() {
        return new NotFound();
    }

    static RegistryAnswer unavailable(String reason) {
        return new Unavailable(reason);
    }
}
