package dev.plateguard.server.violations;

import static dev.plateguard.server.violations.ViolationState.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The violation's life as a table: every allowed transition listed here, every other pair refused. */
class ViolationStateTest {

    private static final Map<ViolationState, Set<ViolationState>> ALLOWED = Map.ofEntries(
            Map.entry(DETECTED, EnumSet.of(PENDING_REVIEW, EXPIRED)),
            Map.entry(PENDING_REVIEW, EnumSet.of(CONFIRMED, REJECTED, EXPIRED)),
            Map.entry(INCOMPLETE_EVIDENCE, EnumSet.of(EXPIRED)),
            Map.entry(CONFIRMED, EnumSet.of(NOTICE_ISSUED)),
            Map.entry(NOTICE_ISSUED, EnumSet.of(PAID, APPEALED, CLOSED)),
            Map.entry(APPEALED, EnumSet.of(UPHELD, CANCELLED)),
            Map.entry(UPHELD, EnumSet.of(PAID, CLOSED)),
            Map.entry(PAID, EnumSet.of(CLOSED)),
            Map.entry(CANCELLED, EnumSet.of(CLOSED)),
            Map.entry(REJECTED, EnumSet.noneOf(ViolationState.class)),
            Map.entry(EXPIRED, EnumSet.noneOf(ViolationState.class)),
            Map.entry(CLOSED, EnumSet.noneOf(ViolationState.class)));

    @Test
    void everyPairIsAllowedExactlyWhenTheTableSaysSo() {
        assertThat(ALLOWED.keySet()).containsExactlyInAnyOrder(values());
        int allowed = 0;
        for (ViolationState from : values()) {
            for (ViolationState to : values()) {
                boolean expected = ALLOWED.get(from).contains(to);
                assertThat(from.canBecome(to)).as("%s -> %s", from, to).isEqualTo(expected);
                allowed += expected ? 1 : 0;
            }
        }
        assertThat(allowed).isEqualTo(16);
    }

    @Test
    void noStateBecomesItselfAndFinalStatesLeadNowhere() {
        for (ViolationState state : values()) {
            assertThat(state.canBecome(state)).as(state.code()).isFalse();
        }
        assertThat(EnumSet.allOf(ViolationState.class).stream().filter(s -> s.next().isEmpty()))
                .containsExactlyInAnyOrder(REJECTED, EXPIRED, CLOSED);
    }

    @Test
    void onlyUnreviewedStatesStartAViolationAndExpire() {
        assertThat(EnumSet.allOf(ViolationState.class).stream().filter(ViolationState::initial))
                .containsExactlyInAnyOrderElementsOf(UNREVIEWED);
        UNREVIEWED.forEach(state -> assertThat(state.canBecome(EXPIRED)).isTrue());
    }

    @Test
    void codesRoundTripAndMatchTheSchema() throws Exception {
        for (ViolationState state : values()) {
            assertThat(ViolationState.of(state.code())).isEqualTo(state);
        }
        // The schema's check constraint lists the same twelve codes (the last migration that sets it).
        String migration = new String(getClass().getResourceAsStream("/db/migration/V6__notices.sql").readAllBytes());
        for (String code : ViolationState.allCodes()) {
            assertThat(migration).contains("'" + code + "'");
        }
    }
}
