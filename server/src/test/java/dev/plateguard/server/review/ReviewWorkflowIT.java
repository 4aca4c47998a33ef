package dev.plateguard.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;

/** The review workflow over real HTTP: queue, claims and their timeout, next under contention, decisions, expiry. */
class ReviewWorkflowIT extends ReviewSupport {

    private static final Set<String> CONFIRMED = Set.of("confirmed", "notice_issued"); // notices may follow at once

    @Test
    void queueIsPerRegionOldestFirstWithTimeLeft() {
        Place place = place();
        Place elsewhere = place();
        long middle = violation(place, 20);
        long oldest = violation(place, 30);
        long newest = violation(place, 10);
        long other = violation(elsewhere, 40);
        String op = person("OPERATOR").token();

        List<JsonNode> items = queue(place.region(), op);
        assertThat(items).extracting(i -> i.get("violationId").asLong()).containsExactly(oldest, middle, newest);
        assertThat(items).extracting(i -> i.get("violationId").asLong()).doesNotContain(other);
        JsonNode first = items.getFirst();
        assertThat(first.get("state").asString()).isEqualTo("pending_review");
        assertThat(first.get("region").asString()).isEqualTo(place.region());
        long expectedLeft = Duration.ofHours(48).minusMinutes(30).toSeconds();
        assertThat(first.get("secondsLeft").asLong()).isBetween(expectedLeft - 120, expectedLeft + 5);
        assertThat(first.get("measured").get("speedKmh").asInt()).isEqualTo(90);
        // detected -> pending_review is a recorded, audited transition by the system
        assertThat(events(oldest)).extracting(e -> e.get(1)).containsExactly("detected", "pending_review");
        assertThat(events(oldest).get(1).get(2)).isEqualTo("system");
        assertThat(auditRows("plateguard", "review.enqueue", "violation:" + oldest, "success")).isEqualTo(1);
    }

    @Test
    void aClaimLocksTheItemUntilItTimesOutThenItCanBeTakenOver() {
        Place place = place();
        long id = violation(place, 5);
        Person alice = person("OPERATOR");
        Person bob = person("OPERATOR");

        var claimed = claim(id, alice.token());
        assertThat(claimed.status()).as(claimed.toString()).isEqualTo(200);
        assertThat(claimed.json().get("claimedBy").asString()).isEqualTo(alice.username());
        Instant until = Instant.parse(claimed.json().get("claimedUntil").asString());
        // default lock timeout: five minutes
        assertThat(Duration.between(Instant.now(), until)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5).plusSeconds(5));

        assertDetailProblem(claim(id, bob.token()), 409, "claimed by another operator");
        assertDetailProblem(confirm(id, bob.token()), 409, "do not hold the claim");
        assertThat(auditRows(bob.username(), "review.claim", "violation:" + id, "failure")).isEqualTo(1);
        assertThat(claim(id, alice.token()).status()).as("the holder may renew").isEqualTo(200);

        // the lock times out
        jdbc.sql("update violation set claimed_until = now() - interval '1 second' where id = ?").param(id).update();
        assertThat(queue(place.region(), bob.token()).getFirst().get("claimedBy").isNull()).isTrue();
        var takeover = claim(id, bob.token());
        assertThat(takeover.status()).as(takeover.toString()).isEqualTo(200);
        assertThat(takeover.json().get("claimedBy").asString()).isEqualTo(bob.username());
        assertThat(jdbc.sql("select details->>'tookOverFrom' from audit_event where actor = ? and action = 'review.claim' and target = ? and outcome = 'success'")
                .params(bob.username(), "violation:" + id).query(String.class).single()).isEqualTo(alice.username());

        assertDetailProblem(confirm(id, alice.token()), 409, "do not hold the claim");
        var confirmed = confirm(id, bob.token());
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("operator").asString()).isEqualTo(bob.username());
    }

    @Test
    void nextNeverHandsTheSameItemToTwoOperators() throws Exception {
        Place place = place();
        List<Long> ids = violations(place, 8);
        int operators = 8;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < operators; i++) {
            tokens.add(person("OPERATOR").token());
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(operators);
        try {
            List<Future<TestClient.Response>> answers = new ArrayList<>();
            for (String token : tokens) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return next(place.region(), token);
                }));
            }
            start.countDown();
            List<Long> handed = new ArrayList<>();
            for (var answer : answers) {
                var r = answer.get();
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                handed.add(r.json().get("violationId").asLong());
            }
            assertThat(new HashSet<>(handed)).as("each operator got a different item").hasSize(operators);
            assertThat(handed).containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            pool.shutdownNow();
        }
        // everything is claimed: a ninth operator gets nothing
        assertThat(next(place.region(), person("OPERATOR").token()).status()).isEqualTo(204);
        long claimedRows = jdbc.sql("select count(distinct claimed_by) from violation where id = any(?)")
                .param(ids.toArray(Long[]::new)).query(Long.class).single();
        assertThat(claimedRows).isEqualTo(operators);
    }

    @Test
    void nextTakesTheOldestAndHandsBackWhatTheOperatorHeld() {
        Place place = place();
        long older = violation(place, 50);
        long newer = violation(place, 40);
        Person op = person("OPERATOR");
        assertThat(next(place.region(), op.token()).json().get("violationId").asLong()).isEqualTo(older);
        // "n" again skips: the held item goes back, the next free one is claimed
        assertThat(next(place.region(), op.token()).json().get("violationId").asLong()).isEqualTo(newer);
        assertThat(jdbc.sql("select claimed_by from violation where id = ?").param(older).query(String.class).optional()
                .orElse(null)).isNull();
        assertThat(auditRows(op.username(), "review.next", "violation:" + older, "success")).isEqualTo(1);
    }

    @Test
    void confirmAndRejectRecordDecisionsEventsAndAudit() {
        Place place = place();
        long toConfirm = violation(place, 30);
        long toReject = violation(place, 20);
        Person op = person("OPERATOR");

        assertThat(claim(toConfirm, op.token()).status()).isEqualTo(200);
        var confirmed = confirm(toConfirm, op.token());
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("state").asString()).isEqualTo("confirmed");
        assertThat(state(toConfirm)).isIn(CONFIRMED);
        assertThat(events(toConfirm).subList(0, 3)).containsExactly(
                Arrays.asList(null, "detected", "system", "detected by rule spot_speed"),
                Arrays.asList("detected", "pending_review", "system", "queued for review"),
                Arrays.asList("pending_review", "confirmed", op.username(), null));
        assertThat(auditRows(op.username(), "review.confirm", "violation:" + toConfirm, "success")).isEqualTo(1);
        assertThat(jdbc.sql("select claimed_by from violation where id = ?").param(toConfirm).query(String.class)
                .optional().orElse(null)).as("the claim ends with the decision").isNull();

        assertThat(claim(toReject, op.token()).status()).isEqualTo(200);
        var rejected = reject(toReject, op.token(), Map.of("reason", "WRONG_VEHICLE", "note", "a bus, not a car"));
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        assertThat(rejected.json().get("reasonCode").asString()).isEqualTo("WRONG_VEHICLE");
        assertThat(state(toReject)).isEqualTo("rejected");
        assertThat(events(toReject).getLast()).containsExactly("pending_review", "rejected", op.username(), "WRONG_VEHICLE");
        assertThat(jdbc.sql("select details->>'note' from violation_event where violation_id = ? order by id desc limit 1")
                .param(toReject).query(String.class).single()).isEqualTo("a bus, not a car");
        assertThat(jdbc.sql("select reason_code || '/' || operator from review_decision where violation_id = ?")
                .param(toReject).query(String.class).single()).isEqualTo("WRONG_VEHICLE/" + op.username());
        assertThat(auditRows(op.username(), "review.reject", "violation:" + toReject, "success")).isEqualTo(1);

        // the history stays append-only
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("delete from review_decision where violation_id = ?")
                .param(toReject).update()).rootCause().hasMessageContaining("append-only");
    }

    @Test
    void invalidTransitionsAreConflicts() {
        Place place = place();
        long id = violation(place, 30);
        long unclaimed = violation(place, 20);
        Person op = person("OPERATOR");

        assertProblem(confirm(unclaimed, op.token()), 409); // detected (or already queued), never claimed
        queue(place.region(), op.token()); // queued: detected -> pending_review
        assertDetailProblem(confirm(unclaimed, op.token()), 409, "do not hold the claim");
        assertThat(claim(id, op.token()).status()).isEqualTo(200);
        assertThat(confirm(id, op.token()).status()).isEqualTo(200);
        assertDetailProblem(confirm(id, op.token()), 409, "cannot confirm");
        assertDetailProblem(reject(id, op.token(), Map.of("reason", "DUPLICATE")), 409, "cannot reject");
        assertDetailProblem(claim(id, op.token()), 409, "cannot claim");
        assertDetailProblem(client().postJson("/api/v1/review/" + id + "/correct-plate", op.token(),
                Map.of("plate", uniquePlate())), 409, "cannot correct");
        assertProblem(claim(Long.MAX_VALUE, op.token()), 404);
        assertThat(events(id)).filteredOn(e -> "pending_review".equals(e.get(0))).hasSize(1);
        assertThat(auditRows(op.username(), "review.confirm", "violation:" + id, "failure")).isEqualTo(1);
    }

    @Test
    void rejectionNeedsAKnownReasonAndOtherNeedsANote() {
        Place place = place();
        long id = violation(place, 30);
        Person op = person("OPERATOR");
        assertThat(claim(id, op.token()).status()).isEqualTo(200);

        assertFieldProblem(reject(id, op.token(), Map.of()), 400, "reason");
        assertFieldProblem(reject(id, op.token(), Map.of("reason", "NOT_A_REASON")), 400, "reason");
        assertFieldProblem(reject(id, op.token(), Map.of("reason", "OTHER")), 400, "note");
        assertFieldProblem(client().post("/api/v1/review/" + id + "/reject", op.token(), null, new byte[0]), 400, "reason");
        assertThat(state(id)).isEqualTo("pending_review");

        var ok = reject(id, op.token(), Map.of("reason", "OTHER", "note", "camera under maintenance"));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(state(id)).isEqualTo("rejected");
    }

    @Test
    void unreviewedViolationsExpireAtTheirDeadline() {
        Place place = place();
        long pending = violation(place, 30);
        Person op = person("OPERATOR");
        assertThat(claim(pending, op.token()).status()).isEqualTo(200);
        // captured three days ago: its 48-hour deadline passed before anyone could review it
        long lateRead = speedingRead(place, uniquePlate(), minutesAgo(3 * 24 * 60));
        detector.processPending();
        long late = violationOf(lateRead);
        jdbc.sql("update violation set review_deadline = now() - interval '1 minute' where id = ?").param(pending).update();

        assertDetailProblem(confirm(pending, op.token()), 409, "deadline");
        queue.expireOverdue();

        assertThat(state(pending)).isEqualTo("expired");
        assertThat(state(late)).isEqualTo("expired");
        assertThat(events(pending).getLast()).containsExactly("pending_review", "expired", "system", "review deadline passed");
        assertThat(events(late).getLast()).containsExactly("detected", "expired", "system", "review deadline passed");
        assertThat(auditRows("plateguard", "review.expire", "violation:" + pending, "success")).isEqualTo(1);
        assertThat(jdbc.sql("select claimed_by from violation where id = ?").param(pending).query(String.class)
                .optional().orElse(null)).isNull();
        assertThat(queue(place.region(), op.token())).isEmpty();
        assertDetailProblem(claim(pending, op.token()), 409, "expired");
        assertThat(queue.expireOverdue()).as("nothing left to expire").isZero();
    }
}
