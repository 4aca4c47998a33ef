package dev.plateguard.server.violations;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Red light: a {@code red_light} camera's read whose signal was red at capture, captured more than the grace
 * period after {@code redSince} (exactly at the grace period is not an offence). The grace period is the catalogue's
 * unless the camera's or site's rule settings override it. The law needs at least two
 * images or a video; with less the violation is recorded as {@code incomplete_evidence}.
 */
@Component
public class RedLightRule implements ViolationRule {

    public static final String NAME = "red_light";
    static final String OFFENCE = "red_light";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<Finding> evaluate(ReadFacts read, Catalogue catalogue) {
        if (!"red_light".equals(read.cameraKind()) || !"red".equals(read.signalState()) || read.redSince() == null) {
            return Optional.empty();
        }
        Optional<Catalogue.Offence> offence = catalogue.offence(OFFENCE);
        if (offence.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal grace = read.settings().redLightGrace(catalogue);
        BigDecimal redSeconds = BigDecimal.valueOf(Duration.between(read.redSince(), read.capturedAt()).toNanos(), 9);
        if (redSeconds.compareTo(grace) <= 0) {
            return Optional.empty();
        }
        boolean complete = read.images() >= 2 || read.videos() >= 1;
        Map<String, Object> measured = new LinkedHashMap<>();
        measured.put("redSince", read.redSince().toString());
        measured.put("capturedAt", read.capturedAt().toString());
        measured.put("redSeconds", Catalogue.plain(redSeconds));
        measured.put("graceSeconds", Catalogue.plain(grace));
        read.settings().source(RuleSettings.RED_LIGHT_GRACE).ifPresent(source -> measured.put("ruleSettings", source));
        measured.put("images", read.images());
        measured.put("videos", read.videos());
        return Optional.of(new Finding(OFFENCE, offence.get().article(), offence.get().fineBrv(),
                complete ? ViolationState.DETECTED : ViolationState.INCOMPLETE_EVIDENCE, measured, true));
    }
}
