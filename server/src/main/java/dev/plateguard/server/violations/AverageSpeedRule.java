package dev.plateguard.server.violations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Average speed over sections (section control): each read at either end of a section is stored as a sighting and
 * paired with the other end ({@link SectionMatcher}). A pair over limit + tolerance is a speeding finding on the
 * exit read, keyed per section (a read may end one section and start the next), never deduplicated, with the entry
 * read linked as evidence and the pair pointed at the violation.
 *
 * <p>Runs before the per-read rules, so that a spot-speed finding on the same read joins the section's violation
 * as a duplicate rather than the other way round.
 */
@Component
@Order(1)
class AverageSpeedRule implements ViolationRule {

    private final SectionMatcher sections;

    AverageSpeedRule(SectionMatcher sections) {
        this.sections = sections;
    }

    @Override
    public String name() {
        return SectionMatcher.RULE;
    }

    @Override
    public List<RuleFinding> findings(ReadFacts read, DetectionBatch batch) {
        Map<Long, List<SectionMatcher.Section>> byCamera = batch.memo(AverageSpeedRule.class, sections::byCamera);
        List<SectionMatcher.Section> atCamera = byCamera.getOrDefault(read.cameraId(), List.of());
        if (atCamera.isEmpty()) {
            return List.of();
        }
        List<RuleFinding> out = new ArrayList<>();
        for (SectionMatcher.Match match : sections.onRead(read, atCamera, batch.catalogue())) {
            match.finding().ifPresent(finding -> out.add(new RuleFinding(SectionMatcher.RULE,
                    SectionMatcher.linkRule(match.sectionId()), match.exit(), finding, false,
                    List.of(match.entryReadId()), violationId -> sections.attach(match, violationId))));
        }
        return out;
    }
}
