package dev.plateguard.server.violations;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One published, immutable version of the rule catalogue: everything the law may change (BRV history, articles,
 * fines, speed tiers, tolerance, thresholds). Loaded from the database; the seed is in {@code V3__violations.sql}.
 *
 * @param toleranceKmh                deducted from a measured speed before the tier is chosen
 * @param redLightGraceSeconds        a red-light read counts only if captured more than this after redSince
 * @param occupantConfidenceThreshold occupant flags at or above this confidence create a review candidate
 */
public record Catalogue(int version, Instant publishedAt, String publishedBy, String note, BigDecimal toleranceKmh,
                        BigDecimal redLightGraceSeconds, BigDecimal occupantConfidenceThreshold, List<Brv> brv,
                        List<Offence> offences, List<SpeedTier> speedTiers) {

    /** The BRV (base calculation amount) in som, in force from {@code validFrom} inclusive. */
    public record Brv(LocalDate validFrom, Long amountSom, String source) {
    }

    /** An offence type: its article and fine in BRV; {@code repeatFineBrv} for a repeat within a year, if any. */
    public record Offence(String code, String article, BigDecimal fineBrv, BigDecimal repeatFineBrv, String description) {
    }

    /** A speeding tier: km/h over the limit (after tolerance) in (previous tier's bound, upToKmhOver]. */
    public record SpeedTier(BigDecimal upToKmhOver, String article, BigDecimal fineBrv) {
    }

    public Catalogue {
        brv = List.copyOf(brv);
        offences = List.copyOf(offences);
        speedTiers = List.copyOf(speedTiers);
    }

    /** The BRV in force on a date (the offence date), or empty before the first known amount. */
    public Optional<Long> brvOn(LocalDate date) {
        Long amount = null;
        for (Brv b : brv) { // ordered by validFrom
            if (!b.validFrom().isAfter(date)) {
                amount = b.amountSom();
            }
        }
        return Optional.ofNullable(amount);
    }

    public Optional<Offence> offence(String code) {
        return offences.stream().filter(o -> o.code().equals(code)).findFirst();
    }

    /** The tier for a positive excess (km/h over limit + tolerance). */
    public SpeedTier tierFor(BigDecimal overKmh) {
        for (SpeedTier tier : speedTiers) {
            if (tier.upToKmhOver() == null || overKmh.compareTo(tier.upToKmhOver()) <= 0) {
                return tier;
            }
        }
        return speedTiers.getLast();
    }

    /** 1-based number of the tier, for the record. */
    @JsonIgnore
    public int tierNumber(SpeedTier tier) {
        return speedTiers.indexOf(tier) + 1;
    }

    /** Fine in som: BRV × fine in BRV, rounded half up to whole som. */
    public static long fineSom(BigDecimal fineBrv, long brvSom) {
        return fineBrv.multiply(BigDecimal.valueOf(brvSom)).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** 5.00 → 5, 0.50 → 0.5, 20.00 → 20 (never 2E+1). */
    static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
