package dev.plateguard.server.receivers;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Vendor country codes to ISO 3166-1 alpha-2: alpha-3 (Axis "POL"), lower case, or a region ("us-mo"). */
final class Countries {

    private static final Map<String, String> ALPHA3 = new HashMap<>();

    static {
        for (String alpha2 : Locale.getISOCountries()) {
            ALPHA3.put(Locale.of("", alpha2).getISO3Country(), alpha2);
        }
    }

    private Countries() {
    }

    /** The alpha-2 code, or null when the vendor's code is not a country (OpenALPR's bare "mo" is a US state). */
    static String alpha2(String code) {
        if (code == null) {
            return null;
        }
        String c = code.strip().toUpperCase(Locale.ROOT);
        int dash = c.indexOf('-');
        if (dash == 2) {
            c = c.substring(0, 2); // "us-mo", "us-ca": country, then region
        } else if (dash > 0) {
            return null;
        }
        if (c.length() == 3) {
            return ALPHA3.get(c);
        }
        return c.length() == 2 && ALPHA3.containsValue(c) ? c : null;
    }
}
