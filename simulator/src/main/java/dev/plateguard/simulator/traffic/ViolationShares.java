package dev.plateguard.simulator.traffic;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How often offences happen, each as a probability per chance to commit it: speeding per speed-measuring read,
 * red-light running per pass of a red-light camera, a missing seatbelt per trip, phone use per read, and
 * {@code unregistered} as the share of the fleet missing from the registry.
 */
public record ViolationShares(double speeding, double redLight, double seatbelt, double phone, double unregistered) {

    public static final ViolationShares DEFAULT = new ViolationShares(0.06, 0.04, 0.05, 0.03, 0.03);

    public ViolationShares {
        for (double share : new double[]{speeding, redLight, seatbelt, phone, unregistered}) {
            if (!(share >= 0 && share <= 1)) {
                throw new IllegalArgumentException("shares must be between 0 and 1");
            }
        }
    }

    /**
     * Parses {@code speeding:0.06,red-light:0.04,seatbelt:0.05,phone:0.03,unregistered:0.03}; names left out keep
     * their default.
     */
    public static ViolationShares parse(String text) {
        Map<String, Double> values = new LinkedHashMap<>(Map.of("speeding", DEFAULT.speeding, "red-light", DEFAULT.redLight,
                "seatbelt", DEFAULT.seatbelt, "phone", DEFAULT.phone, "unregistered", DEFAULT.unregistered));
        for (String item : text.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            String[] pair = item.split(":", 2);
            String name = pair[0].trim().toLowerCase(Locale.ROOT);
            if (pair.length != 2 || !values.containsKey(name)) {
                throw new IllegalArgumentException("expected name:share with a name of " + values.keySet() + ", got '" + item + "'");
            }
            try {
                values.put(name, Double.parseDouble(pair[1].trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("share of " + name + " is not a number");
            }
        }
        return new ViolationShares(values.get("speeding"), values.get("red-light"), values.get("seatbelt"),
                values.get("phone"), values.get("unregistered"));
    }
}
