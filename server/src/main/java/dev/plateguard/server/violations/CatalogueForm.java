package dev.plateguard.server.violations;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.SafeText;

/**
 * A new catalogue version as an admin publishes it ({@code POST /api/v1/violations/catalogue}): the whole
 * catalogue, not a patch, so that each version stands on its own.
 */
public record CatalogueForm(String note, BigDecimal toleranceKmh, BigDecimal redLightGraceSeconds,
                            BigDecimal occupantConfidenceThreshold, List<Catalogue.Brv> brv,
                            List<Catalogue.Offence> offences, List<Catalogue.SpeedTier> speedTiers) {

    /** Offence codes the built rules look up; a catalogue without them could not judge a read. */
    static final List<String> REQUIRED_OFFENCES = List.of("red_light", "seatbelt", "phone");

    private static final BigDecimal MAX_FINE_BRV = BigDecimal.valueOf(1000);

    /** Every problem, named by its JSON path, in document order. */
    public List<FieldProblem> validate() {
        List<FieldProblem> errors = new ArrayList<>();
        SafeText.check("note", note, 500, errors);
        range(errors, "toleranceKmh", toleranceKmh, BigDecimal.ZERO, BigDecimal.valueOf(50), 2, true);
        range(errors, "redLightGraceSeconds", redLightGraceSeconds, BigDecimal.ZERO, BigDecimal.valueOf(60), 3, true);
        if (occupantConfidenceThreshold != null && occupantConfidenceThreshold.signum() <= 0) {
            errors.add(new FieldProblem("occupantConfidenceThreshold", "must be above 0 and at most 1"));
        } else {
            range(errors, "occupantConfidenceThreshold", occupantConfidenceThreshold, BigDecimal.ZERO, BigDecimal.ONE, 3, true);
        }
        validateBrv(errors);
        validateOffences(errors);
        validateTiers(errors);
        return errors;
    }

    private void validateBrv(List<FieldProblem> errors) {
        if (brv == null || brv.isEmpty() || brv.size() > 100) {
            errors.add(new FieldProblem("brv", "must list 1-100 amounts"));
            return;
        }
        for (int i = 0; i < brv.size(); i++) {
            Catalogue.Brv b = brv.get(i);
            String p = "brv[" + i + "].";
            if (b == null) {
                errors.add(new FieldProblem("brv[" + i + "]", "is required"));
                continue;
            }
            if (b.validFrom() == null) {
                errors.add(new FieldProblem(p + "validFrom", "is required"));
            } else if (i > 0 && brv.get(i - 1) != null && brv.get(i - 1).validFrom() != null
                    && !b.validFrom().isAfter(brv.get(i - 1).validFrom())) {
                errors.add(new FieldProblem(p + "validFrom", "must be after the previous amount's date"));
            }
            if (b.amountSom() == null || b.amountSom() <= 0 || b.amountSom() > 100_000_000L) {
                errors.add(new FieldProblem(p + "amountSom", "must be a positive whole number of som"));
            }
            SafeText.check(p + "source", b.source(), 500, errors);
        }
    }

    private void validateOffences(List<FieldProblem> errors) {
        if (offences == null || offences.isEmpty() || offences.size() > 200) {
            errors.add(new FieldProblem("offences", "must list 1-200 offence types"));
            return;
        }
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < offences.size(); i++) {
            Catalogue.Offence o = offences.get(i);
            String p = "offences[" + i + "].";
            if (o == null) {
                errors.add(new FieldProblem("offences[" + i + "]", "is required"));
                continue;
            }
            if (o.code() == null || !o.code().matches("[a-z][a-z0-9_]{1,39}")) {
                errors.add(new FieldProblem(p + "code", "must be 2-40 of a-z 0-9 _, starting with a letter"));
            } else if (!codes.add(o.code())) {
                errors.add(new FieldProblem(p + "code", "is listed twice"));
            }
            SafeText.require(p + "article", o.article(), 40, errors);
            fine(errors, p + "fineBrv", o.fineBrv(), true);
            fine(errors, p + "repeatFineBrv", o.repeatFineBrv(), false);
            if (o.repeatFineBrv() != null && o.fineBrv() != null && o.repeatFineBrv().compareTo(o.fineBrv()) < 0) {
                errors.add(new FieldProblem(p + "repeatFineBrv", "must not be below fineBrv"));
            }
            SafeText.check(p + "description", o.description(), 200, errors);
        }
        for (String required : REQUIRED_OFFENCES) {
            if (!codes.contains(required)) {
                errors.add(new FieldProblem("offences", "must include " + required));
            }
        }
    }

    private void validateTiers(List<FieldProblem> errors) {
        if (speedTiers == null || speedTiers.isEmpty() || speedTiers.size() > 20) {
            errors.add(new FieldProblem("speedTiers", "must list 1-20 tiers"));
            return;
        }
        BigDecimal previous = BigDecimal.ZERO;
        for (int i = 0; i < speedTiers.size(); i++) {
            Catalogue.SpeedTier t = speedTiers.get(i);
            String p = "speedTiers[" + i + "].";
            if (t == null) {
                errors.add(new FieldProblem("speedTiers[" + i + "]", "is required"));
                continue;
            }
            boolean last = i == speedTiers.size() - 1;
            if (last && t.upToKmhOver() != null) {
                errors.add(new FieldProblem(p + "upToKmhOver", "must be empty for the last tier (no upper bound)"));
            } else if (!last && t.upToKmhOver() == null) {
                errors.add(new FieldProblem(p + "upToKmhOver", "is required for all but the last tier"));
            } else if (t.upToKmhOver() != null) {
                if (t.upToKmhOver().compareTo(previous) <= 0) {
                    errors.add(new FieldProblem(p + "upToKmhOver", "must be above the previous tier's bound"));
                } else if (t.upToKmhOver().compareTo(BigDecimal.valueOf(1000)) > 0 || t.upToKmhOver().scale() > 2) {
                    errors.add(new FieldProblem(p + "upToKmhOver", "must be at most 1000 with at most 2 decimals"));
                } else {
                    previous = t.upToKmhOver();
                }
            }
            SafeText.require(p + "article", t.article(), 40, errors);
            fine(errors, p + "fineBrv", t.fineBrv(), true);
        }
    }

    private static void fine(List<FieldProblem> errors, String field, BigDecimal value, boolean required) {
        if (value == null) {
            if (required) {
                errors.add(new FieldProblem(field, "is required"));
            }
        } else if (value.signum() <= 0 || value.compareTo(MAX_FINE_BRV) > 0 || value.stripTrailingZeros().scale() > 2) {
            errors.add(new FieldProblem(field, "must be above 0 and at most 1000 BRV, with at most 2 decimals"));
        }
    }

    private static void range(List<FieldProblem> errors, String field, BigDecimal value, BigDecimal min, BigDecimal max,
                              int scale, boolean required) {
        if (value == null) {
            if (required) {
                errors.add(new FieldProblem(field, "is required"));
            }
        } else if (value.compareTo(min) < 0 || value.compareTo(max) > 0 || value.stripTrailingZeros().scale() > scale) {
            errors.add(new FieldProblem(field, "must be " + min + "-" + max + " with at most " + scale + " decimals"));
        }
    }
}
