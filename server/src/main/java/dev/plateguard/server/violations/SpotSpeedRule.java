package dev.plateguard.server.violations;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Spot speed: the measured speed above the camera's limit plus the catalogue's tolerance. The excess after the
 * tolerance picks the tier (≤20, 20-40, 40-60, >60 km/h by default), which gives the article and fine.
 * Exactly limit + tolerance is not an offence.
 */
@Component
public class SpotSpeedRule implements ViolationRule {

    public static final String NAME = "spot_speed";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Finding> evaluate(ReadFacts read, Catalogue catalogue) {
        if (read.speedKmh() == null || read.speedLimitKmh() == null) {
            return Optional.empty();
        }
        BigDecimal limit = BigDecimal.valueOf(read.speedLimitKmh());
        BigDecimal over = read.speedKmh().subtract(limit).subtract(catalogue.toleranceKmh());
        if (over.signum() <= 0) {
            return Optional.empty();
        }
        Catalogue.SpeedTier tier = catalogue.tierFor(over);
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("speedKmh", Catalogue.plain(read.speedKmh()));
        measured.put("limitKmh", read.speedLimitKmh());
        measured.put("toleranceKmh", catalogue.toleranceKmh());
        measured.put("overKmh", Catalogue.plain(over));
        measured.put("tier", catalogue.tierNumber(tier));
        return Optional.of(new Finding("speeding", tier.article(), tier.fineBrv(), ViolationState.DETECTED, measured, false));
    }
}
