package dev.plateguard.server.violations;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The one policy that turns findings into violations, pure (no database): deduplication, the repeat-offence fine and
 * the fine in som. Every path that records findings (detection batches, average speed, registry re-checks) goes
 * through it via {@link ViolationLedger#record}, so they cannot disagree.
 *
 * <p>Findings are decided in the order given (read order), each against the stored violations it may touch and the
 * violations decided before it:
 * <ul>
 *   <li><b>Duplicate:</b> a deduplicating finding with a violation of the same plate, offence and site within the
 *       dedup window (either side) becomes a duplicate read of the nearest one (lowest id on a tie).</li>
 *   <li><b>Unpriced:</b> no BRV in the catalogue for the offence date (the site's time zone): nothing is recorded.</li>
 *   <li><b>New:</b> otherwise. A repeatable offence with a higher repeat fine in the catalogue takes it when the plate
 *       has an unreviewed violation of that offence within a year before ({@code measured.repeatOf}).</li>
 * </ul>
 */
final class FindingPolicy {

    /** A violation already decided (stored, or new in this call). */
    record Known(long id, String plate, String offenceType, long siteId, Instant at) {
    }

    sealed interface Outcome {
        RuleFinding finding();
    }

    record NewViolation(RuleFinding finding, long id, BigDecimal fineBrv, long brvSom, Long repeatOf,
                        Map<String, Object> measured) implements Outcome {

        long fineSom() {
            return Catalogue.fineSom(fineBrv, brvSom);
        }
    }

    record Duplicate(RuleFinding finding, long of) implements Outcome {
    }

    record Unpriced(RuleFinding finding, LocalDate day) implements Outcome {
    }

    private FindingPolicy() {
    }

    /**
     * @param nearby  stored violations of the findings' plates within the dedup window of their times
     * @param earlier stored unreviewed (detected, pending_review) violations of the findings' plates and repeatable
     *                offences in the year before them
     * @param ids     draws the id of each new violation, so that later findings can be duplicates of it
     */
    static List<Outcome> decide(List<RuleFinding> findings, List<Known> nearby, List<Known> earlier,
                                Catalogue catalogue, Duration window, LongSupplier ids) {
        Map<String, List<Known>> nearbyByKey = new HashMap<>();
        nearby.forEach(k -> nearbyByKey.computeIfAbsent(dedupKey(k.plate(), k.offenceType(), k.siteId()),
                x -> new ArrayList<>()).add(k));
        Map<String, List<Known>> earlierByKey = new HashMap<>();
        earlier.forEach(k -> earlierByKey.computeIfAbsent(repeatKey(k.plate(), k.offenceType()),
                x -> new ArrayList<>()).add(k));
        List<Outcome> outcomes = new ArrayList<>(findings.size());
        for (RuleFinding f : findings) {
            ReadFacts read = f.read();
            Finding finding = f.finding();
            Instant at = read.capturedAt();
            String dedupKey = dedupKey(read.plate(), finding.offenceType(), read.siteId());
            if (f.deduplicate()) {
                Optional<Known> same = nearbyByKey.getOrDefault(dedupKey, List.of()).stream()
                        .filter(k -> !k.at().isBefore(at.minus(window)) && !k.at().isAfter(at.plus(window)))
                        .min(Comparator.<Known>comparingLong(k -> Math.abs(Duration.between(k.at(), at).toNanos()))
                                .thenComparingLong(Known::id));
                if (same.isPresent()) {
                    outcomes.add(new Duplicate(f, same.get().id()));
                    continue;
                }
            }
            LocalDate day = at.atZone(read.siteZone()).toLocalDate();
            Optional<Long> brv = catalogue.brvOn(day);
            if (brv.isEmpty()) {
                outcomes.add(new Unpriced(f, day));
                continue;
            }
            BigDecimal fineBrv = finding.fineBrv();
            Long repeatOf = null;
            Map<String, Object> measured = new LinkedHashMap<>(finding.measured());
            if (finding.repeatable()) {
                Optional<BigDecimal> higher = catalogue.offence(finding.offenceType()).map(Catalogue.Offence::repeatFineBrv);
                if (higher.isPresent()) {
                    Instant yearBefore = at.atZone(read.siteZone()).minusYears(1).toInstant();
                    Optional<Known> before = earlierByKey.getOrDefault(repeatKey(read.plate(), finding.offenceType()),
                                    List.of()).stream()
                            .filter(k -> !k.at().isBefore(yearBefore) && k.at().isBefore(at))
                            .max(Comparator.comparing(Known::at).thenComparingLong(Known::id));
                    if (before.isPresent()) {
                        repeatOf = before.get().id();
                        fineBrv = higher.get();
                        measured.put("repeatOf", repeatOf);
                    }
                }
            }
            long id = ids.getAsLong();
            Known created = new Known(id, read.plate(), finding.offenceType(), read.siteId(), at);
            nearbyByKey.computeIfAbsent(dedupKey, x -> new ArrayList<>()).add(created);
            if (finding.state() == ViolationState.DETECTED) {
                earlierByKey.computeIfAbsent(repeatKey(read.plate(), finding.offenceType()), x -> new ArrayList<>())
                        .add(created);
            }
            outcomes.add(new NewViolation(f, id, fineBrv, brv.get(), repeatOf, measured));
        }
        return outcomes;
    }

    private static String dedupKey(String plate, String offenceType, long siteId) {
        return plate + "|" + offenceType + "|" + siteId;
    }

    private static String repeatKey(String plate, String offenceType) {
        return plate + "|" + offenceType;
    }
}
