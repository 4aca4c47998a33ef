package dev.plateguard.server.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.plateguard.plates.PlateText;

/** Plate corrections (new records; the read is untouched), quality-control sampling, verdicts and statistics. */
class CorrectionAndQualityIT extends ReviewSupport {

    @org.springframework.beans.factory.annotation.Autowired
    ReviewSettings settings;

    @Test
    void aCorrectionIsANewRecordAndTheReadIsNeverModified() {
        Place place = place();
        String original = uniquePlate();
        long readId = speedingRead(place, original, minutesAgo(15));
        detector.processPending();
        long id = violationOf(readId);
        Person op = person("OPERATOR");
        String readBefore = jdbc.sql("select row_to_json(r)::text from plate_read r where id = ?").param(readId)
                .query(String.class).single();

        String corrected = uniquePlate();
        String typed = corrected.substring(0, 2) + " " + corrected.substring(2).toLowerCase();
        queue(place.region(), op.token()); // queued: detected -> pending_review
        var unclaimed = client().postJson("/api/v1/review/" + id + "/correct-plate", op.token(), Map.of("plate", typed));
        assertDetailProblem(unclaimed, 409, "do not hold the claim");
        assertThat(claim(id, op.token()).status()).isEqualTo(200);
        assertFieldProblem(client().postJson("/api/v1/review/" + id + "/correct-plate", op.token(), Map.of("plate", "!!")),
                400, "plate");

        var r = client().postJson("/api/v1/review/" + id + "/correct-plate", op.token(), Map.of("plate", typed));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("correctedPlate").asString()).isEqualTo(PlateText.normalize(typed)).isEqualTo(corrected);
        assertThat(r.json().get("originalPlate").asString()).isEqualTo(original);
        assertThat(r.json().get("readId").asLong()).isEqualTo(readId);

        JsonNode violation = client().get("/api/v1/violations/" + id, op.token()).json();
        assertThat(violation.get("plate").asString()).isEqualTo(corrected);
        assertThat(client().get("/api/v1/review/" + id, op.token()).json().get("corrections").get(0)
                .get("correctedPlate").asString()).isEqualTo(corrected);
        assertThat(jdbc.sql("select row_to_json(r)::text from plate_read r where id = ?").param(readId)
                .query(String.class).single()).as("the read is exactly as before").isEqualTo(readBefore);
        assertThat(events(id).getLast()).containsExactly("pending_review", "pending_review", op.username(), "plate corrected");
        assertThat(auditRows(op.username(), "review.correct-plate", "violation:" + id, "success")).isEqualTo(1);
        assertFieldProblem(client().postJson("/api/v1/review/" + id + "/correct-plate", op.token(), Map.of("plate", corrected)),
                400, "plate");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("update plate_correction set corrected_plate = 'X' where violation_id = ?")
                .param(id).update()).rootCause().hasMessageContaining("append-only");
    }

    @Test
    void aDecisionOnACorrectedPlateAlwaysGoesToQualityControl() {
        Place place = place();
        // An unsampled violation, so that only the correction can send it to QC.
        long id = -1;
        for (int round = 0; round < 20 && id < 0; round++) {
            long candidate = violation(place, 5 + round);
            if (!qualityControl.sampled(candidate)) {
                id = candidate;
            }
        }
        assertThat(id).as("an unsampled violation").isPositive();
        Person op = person("OPERATOR");
        queue(place.region(), op.token());
        assertThat(claim(id, op.token()).status()).isEqualTo(200);
        assertThat(client().postJson("/api/v1/review/" + id + "/correct-plate", op.token(), Map.of("plate", uniquePlate()))
                .status()).isEqualTo(200);
        var confirmed = confirm(id, op.token());
        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().get("qc").asString()).isEqualTo("correction");
        assertThat(jdbc.sql("select trigger from review_qc where violation_id = ?").param(id).query(String.class).single())
                .isEqualTo("correction");
    }

    @Test
    void theSampleSeedIsRandomPerInstallationAndKeptInTheDatabase() {
        Place place = place();
        long id = violation(place, 3);
        qualityControl.sampled(id); // the seed exists from the first use on
        String seed = jdbc.sql("select seed from review_qc_seed where id = 1").query(String.class).single();
        assertThat(seed).matches("[0-9a-f]{64}").isNotEqualTo("plateguard-qc");
        for (long v : violations(place, 20)) {
            assertThat(qualityControl.sampled(v)).as("violation %d", v)
                    .isEqualTo(QcSampler.sampled(v, seed, settings.qcSampleRate()));
        }
    }

    @Test
    void sampledDecisionsAndChosenRejectionsGoToQualityControlWithAgreementStats() {
        Place place = place();
        // find one violation inside the deterministic 5 % sample and two outside it
        Long sampled = null;
        List<Long> unsampled = new ArrayList<>();
        for (int round = 0; round < 10 && (sampled == null || unsampled.size() < 3); round++) {
            for (long id : violations(place, 20)) {
                if (qualityControl.sampled(id)) {
                    sampled = sampled == null ? id : sampled;
                } else {
                    unsampled.add(id);
                }
            }
        }
        assertThat(sampled).as("a sampled violation within 200").isNotNull();
        long plainConfirm = unsampled.get(0);
        long otherReject = unsampled.get(1);
        long duplicateReject = unsampled.get(2);
        Person op = person("OPERATOR");
        Person boss = person("SUPERVISOR");

        for (long id : List.of(sampled, plainConfirm, otherReject, duplicateReject)) {
            assertThat(claim(id, op.token()).status()).isEqualTo(200);
        }
        assertThat(confirm(sampled, op.token()).json().get("qc").asString()).isEqualTo("sample");
        assertThat(confirm(plainConfirm, op.token()).json().get("qc").isNull()).isTrue();
        assertThat(reject(otherReject, op.token(), Map.of("reason", "OTHER", "note", "glare")).json().get("qc").asString())
                .isEqualTo("reason");
        assertThat(reject(duplicateReject, op.token(), Map.of("reason", "DUPLICATE")).json().get("qc").isNull()).isTrue();

        var qc = client().get("/api/v1/review/qc?limit=500", boss.token());
        assertThat(qc.status()).as(qc.toString()).isEqualTo(200);
        List<JsonNode> mine = new ArrayList<>();
        qc.json().get("items").forEach(i -> {
            if (i.get("operator").asString().equals(op.username())) {
                mine.add(i);
            }
        });
        assertThat(mine).extracting(i -> i.get("violationId").asLong()).containsExactlyInAnyOrder(sampled, otherReject);
        final long sampledId = sampled;
        assertThat(mine).filteredOn(i -> i.get("trigger").asString().equals("sample"))
                .extracting(i -> i.get("violationId").asLong()).containsExactly(sampledId);
        long sampleItem = mine.stream().filter(i -> i.get("trigger").asString().equals("sample")).findFirst()
                .orElseThrow().get("id").asLong();
        long reasonItem = mine.stream().filter(i -> i.get("trigger").asString().equals("reason")).findFirst()
                .orElseThrow().get("id").asLong();

        assertThat(client().postJson("/api/v1/review/qc/" + sampleItem, boss.token(), Map.of("agree", true)).status())
                .isEqualTo(200);
        var disagree = client().postJson("/api/v1/review/qc/" + reasonItem, boss.token(),
                Map.of("agree", false, "note", "the plate is readable"));
        assertThat(disagree.status()).as(disagree.toString()).isEqualTo(200);
        assertThat(disagree.json().get("supervisor").asString()).isEqualTo(boss.username());
        assertDetailProblem(client().postJson("/api/v1/review/qc/" + reasonItem, boss.token(), Map.of("agree", true)),
                409, "already");
        assertFieldProblem(client().postJson("/api/v1/review/qc/" + reasonItem, boss.token(), Map.of("note", "x")),
                400, "agree");
        assertThat(auditRows(boss.username(), "review.qc.verdict", "review-qc:" + reasonItem, "success")).isEqualTo(1);

        var stats = client().get("/api/v1/review/stats", boss.token());
        assertThat(stats.status()).as(stats.toString()).isEqualTo(200);
        JsonNode row = null;
        for (JsonNode s : stats.json().get("operators")) {
            if (s.get("operator").asString().equals(op.username())) {
                row = s;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("decisions").asLong()).isEqualTo(4);
        assertThat(row.get("confirmed").asLong()).isEqualTo(2);
        assertThat(row.get("rejected").asLong()).isEqualTo(2);
        assertThat(row.get("checked").asLong()).isEqualTo(2);
        assertThat(row.get("agreed").asLong()).isEqualTo(1);
        assertThat(row.get("disagreed").asLong()).isEqualTo(1);
        assertThat(row.get("agreement").asDouble()).isEqualTo(0.5);
        // judged items leave the queue
        var after = client().get("/api/v1/review/qc?limit=500", boss.token()).json().get("items");
        List<Long> open = new ArrayList<>();
        after.forEach(i -> open.add(i.get("id").asLong()));
        assertThat(open).doesNotContain(sampleItem, reasonItem);
    }

    @Test
    void rolesOperatorsReviewSupervisorsCheckOthersAreRefused() {
        Place place = place();
        long id = violation(place, 10);
        String admin = person("ADMIN").token();
        String auditor = person("AUDITOR").token();
        String operator = person("OPERATOR").token();
        String supervisor = person("SUPERVISOR").token();

        for (String token : List.of(admin, auditor)) {
            assertProblem(client().get("/api/v1/review/queue?region=x", token), 403);
            assertProblem(claim(id, token), 403);
            assertProblem(next(place.region(), token), 403);
            assertProblem(confirm(id, token), 403);
            assertProblem(client().get("/api/v1/review/qc", token), 403);
            assertProblem(client().get("/api/v1/review/stats", token), 403);
        }
        assertProblem(client().get("/api/v1/review/qc", operator), 403);
        assertProblem(client().get("/api/v1/review/stats", operator), 403);
        assertProblem(client().postJson("/api/v1/review/qc/1", operator, Map.of("agree", true)), 403);
        assertProblem(client().get("/api/v1/review/queue", null), 401);
        assertThat(client().get("/api/v1/review/qc", supervisor).status()).isEqualTo(200);
        assertThat(client().get("/api/v1/review/stats", supervisor).status()).isEqualTo(200);
        assertThat(claim(id, supervisor).status()).as("supervisors review too").isEqualTo(200);
        assertThat(state(id)).isEqualTo("pending_review");
    }
}
