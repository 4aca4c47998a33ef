package dev.plateguard.server.violations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** Phone use: the phone flag is true with at least the confidence threshold. Always goes to human review. */
@Component
public class PhoneUseRule implements ViolationRule {

    public static final String NAME = "phone_use";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Finding> evaluate(ReadFacts read, Catalogue catalogue) {
        var threshold = read.settings().occupantThreshold(catalogue);
        Optional<Catalogue.Offence> offence = catalogue.offence("phone");
        if (read.phoneUse() == null || !read.phoneUse().says(true, threshold) || offence.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("phoneUseConfidence", Catalogue.plain(read.phoneUse().confidence()));
        measured.put("threshold", Catalogue.plain(threshold));
        read.settings().source(RuleSettings.OCCUPANT_THRESHOLD).ifPresent(source -> measured.put("ruleSettings", source));
        return Optional.of(new Finding("phone", offence.get().article(), offence.get().fineBrv(),
                ViolationState.PENDING_REVIEW, measured, false));
    }
}
