package dev.plateguard.simulator.traffic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.plateguard.plates.Country;
import dev.plateguard.plates.PlateFormat;

/**
 * Shares of plate formats on the road. The sources give no measured split (the §1.2 sample holds private plates
 * only), so these are assumptions: mostly private plates, about a tenth legal entities, a percent or two of
 * foreign-resident, foreign-company, diplomatic and temporary plates, and a few neighbour-country plates, far more
 * of them on roads to the Tajik border.
 *
 * @param formats weight of each plate format drawn
 */
public record PlateMix(Map<PlateFormat, Double> formats) {

    /** City and regional traffic: neighbour plates 2%, mostly Kazakh and Russian. */
    public static final PlateMix CITY = new PlateMix(weights(
            0.85, 0.11, 0.010, 0.006, 0.003, 0.001,
            0.007, 0.005, 0.003, 0.003, 0.002));

    /** Roads to the Tajik border: neighbour plates 15%, mostly Tajik. */
    public static final PlateMix BORDER = new PlateMix(weights(
            0.74, 0.09, 0.010, 0.006, 0.002, 0.002,
            0.010, 0.008, 0.012, 0.115, 0.005));

    public PlateMix {
        // Insertion order kept (Map.copyOf's order changes between JVM runs and would break --seed).
        formats = Collections.unmodifiableMap(new LinkedHashMap<>(formats));
    }

    /** Share of plates from Kazakhstan, Kyrgyzstan, Tajikistan, Russia and Turkmenistan together. */
    public double neighbourShare() {
        double total = formats.values().stream().mapToDouble(Double::doubleValue).sum();
        return formats.entrySet().stream().filter(e -> e.getKey().country() != Country.UZ)
                .mapToDouble(Map.Entry::getValue).sum() / total;
    }

    private static Map<PlateFormat, Double> weights(double uzPrivate, double legal, double foreignResident,
                                                    double foreignCompany, double diplomatic, double temporary,
                                                    double kz, double ru, double kg, double tj, double tm) {
        Map<PlateFormat, Double> out = new LinkedHashMap<>();
        out.put(PlateFormat.UZ_PRIVATE, uzPrivate);
        out.put(PlateFormat.UZ_LEGAL_ENTITY, legal);
        out.put(PlateFormat.UZ_FOREIGN_RESIDENT, foreignResident);
        out.put(PlateFormat.UZ_FOREIGN_COMPANY, foreignCompany);
        out.put(PlateFormat.UZ_DIPLOMATIC, diplomatic);
        out.put(PlateFormat.UZ_TEMPORARY, temporary);
        out.put(PlateFormat.KZ_PRIVATE, kz);
        out.put(PlateFormat.RU_PRIVATE, ru);
        out.put(PlateFormat.KG_PRIVATE, kg);
        out.put(PlateFormat.TJ_PRIVATE, tj);
        out.put(PlateFormat.TM_PRIVATE, tm);
        return out;
    }
}
