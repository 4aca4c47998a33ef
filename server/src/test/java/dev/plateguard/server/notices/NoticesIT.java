package dev.plateguard.server.notices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.violations.ViolationSupport;

/** From a confirmed violation to a notice: issue, PDF in three languages, public verification, export, outcomes. */
class NoticesIT extends ViolationSupport {

    @Autowired
    NoticeBook book;

    @Autowired
    VerificationCodes codes;

    /** A speeding violation (tier 2: 5 BRV) confirmed as review would confirm it, then issued. */
    private JsonNode issuedNotice() {
        long site = site();
        var camera = camera(site, "speed", 60);
        String plate = uniquePlate();
        speeding(camera, plate, minutesAgo(3), 88.0);
        detect();
        JsonNode violation = forPlate(violations(site), plate);
        long id = violation.get("id").asLong();
        jdbc.sql("update violation set state = 'confirmed' where id = ?").param(id).update();
        book.issuePending(); // the scheduled issuer (every 5 s) may have been first: the state below tells
        assertThat(book.issuePending()).isZero(); // idempotent
        String state = jdbc.sql("select state from violation where id = ?").param(id).query(String.class).single();
        assertThat(state).isEqualTo("notice_issued");
        long noticeId = jdbc.sql("select id from notice where violation_id = ?").param(id).query(Long.class).single();
        return client().get("/api/v1/notices/" + noticeId, integration()).json();
    }

    private String integration() {
        return client().userToken(admin(), "INTEGRATION");
    }

    @Test
    void confirmedViolationBecomesANoticeWithFineDiscountsAndDeadlines() {
        JsonNode notice = issuedNotice();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Tashkent"));
        assertThat(notice.get("number").asString()).matches("UZ-PG-\\d{4}-\\d{8}");
        assertThat(notice.get("fineSom").asLong()).isEqualTo(5 * 412_000L);
        assertThat(notice.get("discounts")).hasSize(2);
        assertThat(notice.get("discounts").get(0).get("percent").asInt()).isEqualTo(50);
        assertThat(notice.get("discounts").get(0).get("amountSom").asLong()).isEqualTo(1_030_000L);
        assertThat(notice.get("discounts").get(0).get("until").asString()).isEqualTo(today.plusDays(15).toString());
        assertThat(notice.get("discounts").get(1).get("amountSom").asLong()).isEqualTo(1_442_000L);
        assertThat(notice.get("paymentDeadline").asString()).isEqualTo(today.plusDays(60).toString());
        assertThat(notice.get("appealDeadline").asString()).isEqualTo(today.plusDays(30).toString());
        assertThat(notice.get("offence").get("article").asString()).isEqualTo("128-3");
        assertThat(notice.get("state").asString()).isEqualTo("issued");
    }

    @Test
    void aNoticeWhosePhotoWasSwappedIsNotRenderedAndTheIncidentIsAudited() throws Exception {
        JsonNode notice = issuedNotice();
        String sha = jdbc.sql("""
                select re.sha256 from notice n join violation v on v.id = n.violation_id
                join read_evidence re on re.read_id = v.read_id where n.id = ? and re.kind = 'image'""")
                .param(notice.get("id").asLong()).query(String.class).single();
        java.nio.file.Path file = evidencePath(sha);
        byte[] original = java.nio.file.Files.readAllBytes(file);
        String token = integration();
        try {
            java.nio.file.Files.write(file, dev.plateguard.server.TestMedia.jpeg(320, 120, "FORGED", 7));
            var r = client().get("/api/v1/notices/" + notice.get("id").asLong() + "/pdf?lang=en", token);
            assertThat(assertProblem(r, 500).get("type").asString()).endsWith("/evidence-integrity");
            assertThat(r.header("Content-Type")).doesNotContain("pdf");
        } finally {
            java.nio.file.Files.write(file, original);
        }
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'evidence.integrity' and target = ?
                and outcome = 'failure' and details->>'during' = 'notice-pdf' and details->>'reason' = 'content hash mismatch'""")
                .param("evidence:" + sha).query(Long.class).single()).isEqualTo(1);
        // Restored, it renders again.
        assertThat(client().get("/api/v1/notices/" + notice.get("id").asLong() + "/pdf?lang=en", token).status())
                .isEqualTo(200);
    }

    @Test
    void pdfInUzbekRussianAndEnglishCarriesTheNoticeAndItsCode() throws Exception {
        JsonNode notice = issuedNotice();
        String token = integration();
        String number = notice.get("number").asString();
        Map<String, String> expected = Map.of("uz", "xabarnoma", "ru", "Уведомление", "en", "Notice of a traffic offence");
        for (var e : expected.entrySet()) {
            var r = client().get("/api/v1/notices/" + notice.get("id").asLong() + "/pdf?lang=" + e.getKey(), token);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("application/pdf");
            assertThat(new String(r.body(), 0, 5)).isEqualTo("%PDF-");
            PdfReader reader = new PdfReader(r.body());
            StringBuilder all = new StringBuilder();
            for (int page = 1; page <= reader.getNumberOfPages(); page++) {
                all.append(new PdfTextExtractor(reader).getTextFromPage(page)).append('\n');
            }
            String text = all.toString();
            assertThat(text).contains(number).contains(e.getValue()).contains(codes.codeFor(number));
            assertThat(text.replaceAll("[\\s\\u00a0\\u202f]+", " ")).contains("2 060 000");
        }
        assertThat(client().get("/api/v1/notices/" + notice.get("id").asLong() + "/pdf?lang=de", token).status()).isEqualTo(400);
    }

    @Test
    void publicVerificationConfirmsGenuineNoticesWithoutPersonalData() {
        JsonNode notice = issuedNotice();
        String number = notice.get("number").asString();
        var ok = client().get("/api/v1/public/notices/verify?number=" + number + "&code=" + codes.codeFor(number), null);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("genuine").asBoolean()).isTrue();
        assertThat(ok.json().get("state").asString()).isEqualTo("issued");
        String plate = notice.get("offence").get("plate").asString();
        assertThat(ok.text()).doesNotContain(plate).doesNotContain("fine").doesNotContain(notice.get("offence").get("siteName").asString());
        var bad = client().get("/api/v1/public/notices/verify?number=" + number + "&code=AAAAAAAAAA", null);
        assertThat(bad.json().get("genuine").asBoolean()).isFalse();
        assertThat(bad.json().has("state")).isFalse();
        var page = client().get("/verify?number=" + number + "&code=" + codes.codeFor(number).toLowerCase(), null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains(number).doesNotContain(plate);
    }

    @Test
    void exportCursorNeverSkipsOrRepeats() {
        JsonNode first = issuedNotice();
        JsonNode second = issuedNotice();
        String token = integration();
        long after = first.get("id").asLong() - 1;
        var page1 = client().get("/api/v1/notices?after=" + after + "&limit=1", token).json();
        assertThat(page1.get("items")).hasSize(1);
        assertThat(page1.get("items").get(0).get("id").asLong()).isEqualTo(first.get("id").asLong());
        var page2 = client().get("/api/v1/notices?after=" + page1.get("nextAfter").asLong() + "&limit=1", token).json();
        assertThat(page2.get("items").get(0).get("id").asLong()).isEqualTo(second.get("id").asLong());
        assertThat(client().get("/api/v1/notices?after=-1", token).status()).isEqualTo(400);
        assertThat(client().get("/api/v1/notices?limit=501", token).status()).isEqualTo(400);
        // Roles: operators do not export; integrations do not read reads.
        assertThat(client().get("/api/v1/notices", operator()).status()).isEqualTo(403);
        assertThat(client().get("/api/v1/reads", token).status()).isEqualTo(403);
        assertThat(client().postJson("/api/v1/notices/" + first.get("id").asLong() + "/events", operator(),
                Map.of("type", "paid", "reference", "x", "occurredAt", "2026-01-01T00:00:00Z", "amountSom", 1)).status())
                .isEqualTo(403);
    }

    @Test
    void paymentAndAppealOutcomesAreIdempotentAndFollowTheStateMachine() {
        JsonNode notice = issuedNotice();
        long id = notice.get("id").asLong();
        String token = integration();
        String path = "/api/v1/notices/" + id + "/events";
        var missingAmount = client().postJson(path, token, Map.of("type", "paid", "reference", "pay-1", "occurredAt", "2026-11-20T10:00:00+05:00"));
        assertThat(missingAmount.status()).isEqualTo(400);
        assertThat(missingAmount.text()).contains("amountSom");
        var badType = client().postJson(path, token, Map.of("type", "refunded", "reference", "r", "occurredAt", "2026-11-20T10:00:00+05:00"));
        assertThat(badType.status()).isEqualTo(400);
        var unknownField = client().postJson(path, token, Map.of("type", "paid", "reference", "r", "occurredAt",
                "2026-11-20T10:00:00+05:00", "amountSom", 1, "owner", "x"));
        assertThat(unknownField.status()).isEqualTo(400);

        var appealed = client().postJson(path, token, Map.of("type", "appealed", "reference", "ap-1", "occurredAt", "2026-11-20T10:00:00+05:00"));
        assertThat(appealed.status()).as(appealed.toString()).isEqualTo(200);
        assertThat(appealed.json().get("state").asString()).isEqualTo("appealed");
        var again = client().postJson(path, token, Map.of("type", "appealed", "reference", "ap-1", "occurredAt", "2026-11-20T10:00:00+05:00"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from notice_event where notice_id = ?").param(id).query(Long.class).single()).isEqualTo(1);
        var reused = client().postJson(path, token, Map.of("type", "cancelled", "reference", "ap-1", "occurredAt", "2026-11-20T10:00:00+05:00"));
        assertThat(reused.status()).isEqualTo(409);
        var paidDuringAppeal = client().postJson(path, token, Map.of("type", "paid", "reference", "pay-2",
                "occurredAt", "2026-11-20T11:00:00+05:00", "amountSom", 1_030_000));
        assertThat(paidDuringAppeal.status()).isEqualTo(409);
        var upheld = client().postJson(path, token, Map.of("type", "upheld", "reference", "dec-1", "occurredAt", "2026-11-21T10:00:00+05:00"));
        assertThat(upheld.json().get("state").asString()).isEqualTo("upheld");
        var paid = client().postJson(path, token, Map.of("type", "paid", "reference", "pay-3",
                "occurredAt", "2026-11-22T10:00:00+05:00", "amountSom", 2_060_000));
        assertThat(paid.json().get("state").asString()).isEqualTo("paid");
        long violation = notice.get("violationId").asLong();
        List<String> states = jdbc.sql("select to_state from violation_event where violation_id = ? order by id")
                .param(violation).query(String.class).list();
        assertThat(states).containsSubsequence("notice_issued", "appealed", "upheld", "paid");
        assertThat(client().get("/api/v1/notices/999999999", token).status()).isEqualTo(404);
        assertThat(client().postJson("/api/v1/notices/999999999/events", token, Map.of("type", "paid", "reference", "z",
                "occurredAt", "2026-11-22T10:00:00+05:00", "amountSom", 1)).status()).isEqualTo(404);
    }
}
