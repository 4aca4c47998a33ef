package dev.plateguard.server.hotlists;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.alerts.AlertSupport;
import dev.plateguard.server.security.SecurityTestSupport;

/**
 * Hotlists through the real API: who sees and changes which list (shared and covert), entries of each match kind,
 * the CSV import all or nothing, and bad input refused with a precise problem and nothing stored. Every change is in
 * the audit log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotlistsIT extends AlertSupport {

    private SecurityTestSupport.Person supervisor;
    private SecurityTestSupport.Person investigator;
    private SecurityTestSupport.Person operator;
    private SecurityTestSupport.Person auditor;

    @BeforeAll
    void people() {
        supervisor = signedIn("SUPERVISOR");
        investigator = signedIn("INVESTIGATOR");
        operator = signedIn("OPERATOR");
        auditor = signedIn("AUDITOR");
    }

    private long entries(long list) {
        return jdbc.sql("select count(*) from hotlist_entry where hotlist_id = ?").param(list).query(Long.class).single();
    }

    private TestClient.Response importCsv(String token, long list, String csv) {
        return importCsv(token, list, csv.getBytes(StandardCharsets.UTF_8));
    }

    private TestClient.Response importCsv(String token, long list, byte[] csv) {
        return client().post("/api/v1/hotlists/" + list + "/import", token, "text/csv", csv);
    }

    @Test
    void sharedListsAreSeenByTheReadRolesAndCovertOnesByTheirOwnerAndAuditorsOnly() {
        TestClient.Response created = client().postJson("/api/v1/hotlists", supervisor.token(),
                Map.of("name", TestClient.unique("Stolen"), "covert", false));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long shared = created.json().get("id").asLong();
        long covert = createList(investigator.token(), true);
        assertThat(auditCount("hotlist.create", "hotlist:" + covert)).isEqualTo(1);

        assertThat(ids(client().get("/api/v1/hotlists", operator.token()).json().get("items"))).contains(shared)
                .doesNotContain(covert);
        assertThat(ids(client().get("/api/v1/hotlists", supervisor.token()).json().get("items"))).contains(shared)
                .doesNotContain(covert);
        assertThat(ids(client().get("/api/v1/hotlists", investigator.token()).json().get("items"))).contains(shared, covert);
        assertThat(ids(client().get("/api/v1/hotlists", auditor.token()).json().get("items"))).contains(shared, covert);
        // Another person's covert list does not exist for them, whatever their role.
        assertProblem(client().get("/api/v1/hotlists/" + covert, supervisor.token()), 404);
        assertProblem(client().get("/api/v1/hotlists/" + covert + "/entries", operator.token()), 404);
        assertProblem(addEntry(supervisor.token(), covert, Map.of("pattern", uniquePlate(), "reason", "STOLEN")), 404);
        assertThat(client().get("/api/v1/hotlists/" + covert + "/entries", auditor.token()).status()).isEqualTo(200);
        // Nobody but managers creates lists; the administrator sees none.
        assertThat(client().postJson("/api/v1/hotlists", operator.token(), Map.of("name", "x", "covert", false)).status())
                .isEqualTo(403);
        assertThat(client().get("/api/v1/hotlists", admin().token()).status()).isEqualTo(403);
    }

    @Test
    void theOwnerOrASupervisorChangesASharedListOthersOnlyLook() {
        long shared = createList(investigator.token(), false);
        SecurityTestSupport.Person otherInvestigator = signedIn("INVESTIGATOR");
        assertProblem(addEntry(otherInvestigator.token(), shared, Map.of("pattern", uniquePlate(), "reason", "WANTED")), 403);
        assertThat(addEntry(supervisor.token(), shared, Map.of("pattern", uniquePlate(), "reason", "WANTED")).status())
                .isEqualTo(201);
        long mine = entry(investigator.token(), shared, uniquePlate(), "EXACT");
        assertThat(client().delete("/api/v1/hotlists/" + shared + "/entries/" + mine, otherInvestigator.token()).status())
                .isEqualTo(403);
        assertThat(client().delete("/api/v1/hotlists/" + shared + "/entries/" + mine, investigator.token()).status())
                .isEqualTo(204);
        assertThat(auditCount("hotlist.entry.remove", "hotlist-entry:" + mine)).isEqualTo(1);
        assertProblem(client().delete("/api/v1/hotlists/" + shared + "/entries/" + mine, investigator.token()), 404);
        assertThat(client().delete("/api/v1/hotlists/" + shared, supervisor.token()).status()).isEqualTo(204);
        assertProblem(client().get("/api/v1/hotlists/" + shared, investigator.token()), 404);
        assertThat(auditCount("hotlist.remove", "hotlist:" + shared)).isEqualTo(1);
    }

    @Test
    void entriesOfEachKindAreStoredNormalisedWithDefaults() {
        long list = createList(supervisor.token(), false);
        TestClient.Response exact = addEntry(supervisor.token(), list, Map.of("pattern", "01 a 123-bc", "reason", "stolen"));
        assertThat(exact.status()).as(exact.toString()).isEqualTo(201);
        assertThat(exact.json().get("pattern").asString()).isEqualTo("01A123BC");
        assertThat(exact.json().get("match").asString()).isEqualTo("EXACT");
        assertThat(exact.json().get("priority").asInt()).isEqualTo(5);
        assertThat(exact.json().get("reason").asString()).isEqualTo("STOLEN");
        assertThat(exact.json().get("owner").asString()).isEqualTo(supervisor.username());
        TestClient.Response wildcard = addEntry(supervisor.token(), list, Map.of("pattern", "01A*BC", "match", "WILDCARD",
                "priority", 1, "reason", "WANTED", "note", "armed", "expiresAt", "2030-01-31"));
        assertThat(wildcard.status()).as(wildcard.toString()).isEqualTo(201);
        assertThat(wildcard.json().get("expiresAt").asString()).isEqualTo("2030-01-31T19:00:00Z"); // the end of that day in Tashkent
        assertThat(addEntry(supervisor.token(), list, Map.of("pattern", "O1A123BC", "match", "LOOKALIKE",
                "reason", "MISSING")).status()).isEqualTo(201);
        assertThat(auditCount("hotlist.entry.add", "hotlist-entry:" + wildcard.json().get("id").asLong())).isEqualTo(1);
        // The same entry twice is a conflict; the same pattern with another match kind is another entry.
        assertProblem(addEntry(supervisor.token(), list, Map.of("pattern", "01A123BC", "reason", "OTHER")), 409);
        JsonNode page = client().get("/api/v1/hotlists/" + list + "/entries", operator.token()).json();
        assertThat(page.get("items")).hasSize(3);
        assertThat(auditCount("hotlist.entries.view", "hotlist:" + list)).isEqualTo(1);
        assertThat(client().get("/api/v1/hotlists/" + list, operator.token()).json().get("activeEntries").asInt()).isEqualTo(3);
    }

    @Test
    void badEntriesAreRefusedFieldByFieldAndNothingIsStored() {
        long list = createList(supervisor.token(), false);
        Map<String, Object> hostile = new HashMap<>();
        hostile.put("pattern", "*");
        hostile.put("match", "WILDCARD");
        hostile.put("priority", 0);
        hostile.put("reason", "because");
        hostile.put("note", "<script>alert(1)</script>");
        hostile.put("expiresAt", "yesterday");
        JsonNode problem = assertProblem(addEntry(supervisor.token(), list, hostile), 400);
        assertThat(fields(problem)).containsExactlyInAnyOrder("pattern", "priority", "reason", "note", "expiresAt");
        assertFieldProblem(addEntry(supervisor.token(), list, Map.of("pattern", "01A123BC", "match", "REGEX",
                "reason", "STOLEN")), 400, "match");
        assertFieldProblem(addEntry(supervisor.token(), list, Map.of("pattern", "01A.*", "match", "WILDCARD",
                "reason", "STOLEN")), 400, "pattern");
        assertFieldProblem(addEntry(supervisor.token(), list, Map.of("pattern", "01A\u0000123", "reason", "STOLEN")),
                400, "pattern");
        assertFieldProblem(addEntry(supervisor.token(), list, Map.of("pattern", "x".repeat(5000), "reason", "STOLEN")),
                400, "pattern");
        assertFieldProblem(addEntry(supervisor.token(), list, Map.of("pattern", "01A123BC", "reason", "STOLEN",
                "expiresAt", "2020-01-01T00:00:00Z")), 400, "expiresAt");
        assertFieldProblem(addEntry(supervisor.token(), list, Map.of("pattern", "01A123BC", "reason", "STOLEN",
                "expiresAt", "2999-01-01")), 400, "expiresAt");
        assertProblem(addEntry(supervisor.token(), list, Map.of("pattern", "01A123BC", "reason", "STOLEN", "colour", "red")), 400);
        assertProblem(client().post("/api/v1/hotlists/" + list + "/entries", supervisor.token(), "application/json",
                "{\"pattern\": ".getBytes(StandardCharsets.UTF_8)), 400);
        assertFieldProblem(client().postJson("/api/v1/hotlists", supervisor.token(), Map.of("name", "<b>x</b>", "covert", false)),
                400, "name");
        assertFieldProblem(client().postJson("/api/v1/hotlists", supervisor.token(), Map.of("name", "no covert")), 400, "covert");
        assertThat(entries(list)).isZero();
    }

    @Test
    void aCsvImportStoresEveryRowOrNoneAndNamesEachBadRow() {
        long list = createList(supervisor.token(), false);
        String good = "\uFEFFpattern,match,priority,reason,expires_at,note\n"
                + "01A111BC,EXACT,1,STOLEN,2030-01-01,\n"
                + "\"01 A 2*\",WILDCARD,2,WANTED,,\"seen near the bazaar, twice\"\n"
                + "01A333BC,LOOKALIKE,,INVESTIGATION,,\n";
        TestClient.Response imported = importCsv(supervisor.token(), list, good);
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(3);
        assertThat(entries(list)).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'hotlist.import' and target = ? and outcome = 'success'")
                .param("hotlist:" + list).query(Long.class).single()).isEqualTo(1);

        String bad = "reason,pattern,match\n"
                + "STOLEN,01A444BC,EXACT\n"
                + "STOLEN,,EXACT\n"                 // row 3: no pattern
                + "STOLEN,01A444BC,EXACT\n"         // row 4: repeats row 2
                + "FELONY,01A555BC,EXACT\n"         // row 5: unknown reason
                + "STOLEN,01A111BC,EXACT\n"         // row 6: already in the list (only checked once the rows are good)
                + "STOLEN,*,WILDCARD\n";            // row 7: too broad
        JsonNode problem = assertProblem(importCsv(supervisor.token(), list, bad), 400);
        assertThat(problem.get("rows").valueStream().map(JsonNode::asInt).toList()).containsExactly(3, 4, 5, 7);
        assertThat(fields(problem)).contains("rows[3].pattern", "rows[4].pattern", "rows[5].reason", "rows[7].pattern");
        assertThat(entries(list)).isEqualTo(3);
        JsonNode existing = assertProblem(importCsv(supervisor.token(), list, "pattern,reason\n01A666BC,STOLEN\n01A111BC,STOLEN\n"), 400);
        assertThat(existing.get("rows").valueStream().map(JsonNode::asInt).toList()).containsExactly(3);
        assertThat(entries(list)).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'hotlist.import' and target = ? and outcome = 'failure'")
                .param("hotlist:" + list).query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void malformedHostileAndOversizedImportsAreRefusedAndStoreNothing() {
        long list = createList(supervisor.token(), false);
        assertDetailProblem(importCsv(supervisor.token(), list, "pattern,reason\n\"01A123BC,STOLEN\n"), 400, "not valid CSV");
        assertDetailProblem(importCsv(supervisor.token(), list, new byte[] {'p', 'a', 't', 't', 'e', 'r', 'n', ',', 'r', 'e',
                'a', 's', 'o', 'n', '\n', (byte) 0xC3, (byte) 0x28, ',', 'S', '\n'}), 400, "not UTF-8");
        assertFieldProblem(importCsv(supervisor.token(), list, ""), 400, "header");
        assertFieldProblem(importCsv(supervisor.token(), list, "plate,reason\n01A123BC,STOLEN\n"), 400, "header");
        assertFieldProblem(importCsv(supervisor.token(), list, "pattern,reason\n01A123BC,STOLEN,extra\n"), 400, "rows[2]");
        assertProblem(client().post("/api/v1/hotlists/" + list + "/import", supervisor.token(), "application/json",
                "{}".getBytes(StandardCharsets.UTF_8)), 415);
        // Over the row limit (5,000 in the tests) and over the byte limit (1 MB): 413.
        StringBuilder rows = new StringBuilder("pattern,reason\n");
        for (int i = 0; i < 5001; i++) {
            rows.append(String.format("01A%05dX", i)).append(",STOLEN\n");
        }
        assertProblem(importCsv(supervisor.token(), list, rows.toString()), 413);
        StringBuilder big = new StringBuilder("pattern,reason,note\n");
        while (big.length() < 1_100_000) {
            big.append("01A123BC,STOLEN,").append("n".repeat(400)).append('\n');
        }
        assertProblem(importCsv(supervisor.token(), list, big.toString()), 413);
        assertThat(entries(list)).isZero();
        // Someone who may not change the list cannot import into it either.
        assertProblem(importCsv(investigator.token(), list, "pattern,reason\n01A123BC,STOLEN\n"), 403);
        assertThat(entries(list)).isZero();
    }

    @Test
    void aLargeImportIsListedPageByPage() {

        long list = createList(supervisor.token(), false);
        StringBuilder rows = new StringBuilder("pattern,match,reason\n");
        for (int i = 0; i < 4999; i++) {
            rows.append(String.format("77K%05d", i)).append(i % 3 == 0 ? ",LOOKALIKE" : ",EXACT").append(",STOLEN\n");
        }
        TestClient.Response r = importCsv(supervisor.token(), list, rows.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(entries(list)).isEqualTo(4999);
        JsonNode first = client().get("/api/v1/hotlists/" + list + "/entries?limit=500", supervisor.token()).json();
        assertThat(first.get("items")).hasSize(500);
        JsonNode second = client().get("/api/v1/hotlists/" + list + "/entries?limit=500&after=" + first.get("next").asLong(),
                supervisor.token()).json();
        assertThat(second.get("items").get(0).get("id").asLong()).isGreaterThan(first.get("next").asLong());
        assertFieldProblem(client().get("/api/v1/hotlists/" + list + "/entries?limit=501", supervisor.token()), 400, "limit");
        assertThat(List.of(first.get("items").get(0).get("pattern").asString())).containsExactly("77K00000");
    }
}
