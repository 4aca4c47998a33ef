package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** The one dedup-and-fine policy, without a database. */
class FindingPolicyTest {

    private static final ZoneId TASHKENT = ZoneId.of("Asia/Tashkent");
    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(60);
    private final Catalogue catalogue = ViolationRulesTest.catalogue();
    private final AtomicLong ids = new AtomicLong(1000);

    private static ReadFacts read(long id, String plate, long site, Instant at) {
        return new ReadFacts(id, 7, site, "speed", 60, TASHKENT, at, plate, "UZ", null, null, null, 1, 0, null, null,
                null, null, null, null);
    }

    private static Finding speeding() {
        return new Finding("speeding", "128-3", new BigDecimal("1"), ViolationState.DETECTED, Map.of("overKmh", 10), false);
    }

    private static Finding redLight() {
        return new Finding("red_light", "128-4 part 2", new BigDecimal("2"), ViolationState.DETECTED, Map.of(), true);
    }

    private List<FindingPolicy.Outcome> decide(List<RuleFinding> findings, List<FindingPolicy.Known> nearby,
                                               List<FindingPolicy.Known> earlier) {
        return FindingPolicy.decide(findings, nearby, earlier, catalogue, WINDOW, ids::incrementAndGet);
    }

    @Test
    void aFirstFindingIsANewViolationFinedAtTheBrvOfItsDay() {
        var outcome = (FindingPolicy.NewViolation) decide(
                List.of(RuleFinding.of("spot_speed", read(1, "01A123BC", 3, T), speeding())), List.of(), List.of())
                .getFirst();
        assertThat(outcome.id()).isEqualTo(1001);
        assertThat(outcome.brvSom()).isEqualTo(412_000L);
        assertThat(outcome.fineSom()).isEqualTo(412_000L);
        assertThat(outcome.repeatOf()).isNull();
        assertThat(outcome.measured()).containsEntry("overKmh", 10).doesNotContainKey("repeatOf");
    }

    @Test
    void theSameOffenceAtTheSameSiteWithinTheWindowIsADuplicateOfTheNearestOne() {
        var stored = List.of(new FindingPolicy.Known(10, "01A123BC", "speeding", 3, T.minusSeconds(50)),
                new FindingPolicy.Known(11, "01A123BC", "speeding", 3, T.plusSeconds(20)),
                new FindingPolicy.Known(12, "01A123BC", "speeding", 4, T)); // another site
        var outcomes = decide(List.of(RuleFinding.of("spot_speed", read(1, "01A123BC", 3, T), speeding())), stored,
                List.of());
        assertThat(outcomes.getFirst()).isEqualTo(new FindingPolicy.Duplicate(outcomes.getFirst().finding(), 11));
    }

    @Test
    void theWindowIsInclusiveAndEndsThere() {
        var atEdge = List.of(new FindingPolicy.Known(10, "01A123BC", "speeding", 3, T.minus(WINDOW)));
        assertThat(decide(List.of(RuleFinding.of("spot_speed", read(1, "01A123BC", 3, T), speeding())), atEdge, List.of())
                .getFirst()).isInstanceOf(FindingPolicy.Duplicate.class);
        var beyond = List.of(new FindingPolicy.Known(10, "01A123BC", "speeding", 3, T.minus(WINDOW).minusMillis(1)));
        assertThat(decide(List.of(RuleFinding.of("spot_speed", read(1, "01A123BC", 3, T), speeding())), beyond, List.of())
                .getFirst()).isInstanceOf(FindingPolicy.NewViolation.class);
    }

    @Test
    void findingsOfOneCallDeduplicateAgainstEachOtherInOrder() {
        var first = RuleFinding.of("spot_speed", read(1, "01A123BC", 3, T), speeding());
        var second = RuleFinding.of("spot_speed", read(2, "01A123BC", 3, T.plusSeconds(5)), speeding());
        var other = RuleFinding.of("spot_speed", read(3, "10B456CD", 3, T.plusSeconds(5)), speeding());
        var outcomes = decide(List.of(first, second, other), List.of(), List.of());
        long id = ((FindingPolicy.NewViolation) outcomes.get(0)).id();
        assertThat(outcomes.get(1)).isEqualTo(new FindingPolicy.Duplicate(second, id));
        assertThat(outcomes.get(2)).isInstanceOf(FindingPolicy.NewViolation.class);
    }

    @Test
    void aFindingThatDoesNotDeduplicateIsAlwaysNew() {
        var stored = List.of(new FindingPolicy.Known(10, "01A123BC", "speeding", 3, T));
        var section = new RuleFinding("average_speed", "average_speed/1", read(1, "01A123BC", 3, T), speeding(), false,
                List.of(), null);
        assertThat(decide(List.of(section), stored, List.of()).getFirst()).isInstanceOf(FindingPolicy.NewViolation.class);
    }

    @Test
    void aRepeatWithinAYearTakesTheRepeatFineAndNamesTheEarlierViolation() {
        var earlier = List.of(new FindingPolicy.Known(20, "01A123BC", "red_light", 9, T.minus(Duration.ofDays(200))),
                new FindingPolicy.Known(21, "01A123BC", "red_light", 9, T.minus(Duration.ofDays(100))),
                new FindingPolicy.Known(22, "01A123BC", "red_light", 9, T.minus(Duration.ofDays(400))));
        var outcome = (FindingPolicy.NewViolation) decide(
                List.of(RuleFinding.of("red_light", read(1, "01A123BC", 3, T), redLight())), List.of(), earlier).getFirst();
        assertThat(outcome.repeatOf()).isEqualTo(21);
        assertThat(outcome.fineBrv()).isEqualByComparingTo("5");
        assertThat(outcome.fineSom()).isEqualTo(5 * 412_000L);
        assertThat(outcome.measured()).containsEntry("repeatOf", 21L);
    }

    @Test
    void aRepeatNeedsAnEarlierOffenceNotALaterOneOrOneOverAYearOld() {
        var earlier = List.of(new FindingPolicy.Known(20, "01A123BC", "red_light", 9, T.plusSeconds(1)),
                new FindingPolicy.Known(21, "01A123BC", "red_light", 9, T.atZone(TASHKENT).minusYears(1).minusSeconds(1)
                        .toInstant()));
        var outcome = (FindingPolicy.NewViolation) decide(
                List.of(RuleFinding.of("red_light", read(1, "01A123BC", 3, T), redLight())), List.of(), earlier).getFirst();
        assertThat(outcome.repeatOf()).isNull();
        assertThat(outcome.fineBrv()).isEqualByComparingTo("2");
    }

    @Test
    void aViolationOfThisCallCountsForALaterRepeat() {
        var first = RuleFinding.of("red_light", read(1, "01A123BC", 3, T), redLight());
        var later = RuleFinding.of("red_light", read(2, "01A123BC", 5, T.plus(Duration.ofDays(3))), redLight());
        var outcomes = decide(List.of(first, later), List.of(), List.of());
        long firstId = ((FindingPolicy.NewViolation) outcomes.get(0)).id();
        assertThat(((FindingPolicy.NewViolation) outcomes.get(1)).repeatOf()).isEqualTo(firstId);
    }

    @Test
    void withoutABrvForTheDayNothingIsRecorded() {
        Instant before = Instant.parse("2020-01-01T10:00:00Z");
        var outcome = decide(List.of(RuleFinding.of("spot_speed", read(1, "01A123BC", 3, before), speeding())),
                List.of(), List.of()).getFirst();
        assertThat(outcome).isInstanceOf(FindingPolicy.Unpriced.class);
        assertThat(ids.get()).as("no id drawn").isEqualTo(1000);
    }

    @Test
    void theBrvIsTheOneInForceOnTheOffenceDateInTheSitesZone() {
        // 2025-07-31 20:30 UTC is already 1 August in Tashkent, when the BRV rose to 412,000.
        Instant lateEvening = Instant.parse("2025-07-31T20:30:00Z");
        var outcome = (FindingPolicy.NewViolation) decide(
                List.of(RuleFinding.of("spot_speed", read(1, "01A123BC", 3, lateEvening), speeding())), List.of(),
                List.of()).getFirst();
        assertThat(outcome.brvSom()).isEqualTo(412_000L);
    }
}
