package dev.plateguard.server.audit;

import static dev.plateguard.server.users.AdminPagesSupport.encode;
import static dev.plateguard.server.users.AdminPagesSupport.find;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;
import dev.plateguard.server.security.SecurityTestSupport;
import dev.plateguard.server.users.AdminPagesSupport;

/**
 * The audit log page and its CSV export, for AUDITORs: filters, keyset paging, quoting and formula
 * neutralisation in the CSV, and the auditing of the auditors.
 */
class AuditPagesIT extends IntegrationTest {

    private static final Pattern ROW = Pattern.compile("<tr tabindex=\"0\"");

    private static int rows(String html) {
        return (int) ROW.matcher(html).results().count();
    }

    @Test
    void auditorFiltersTheLogAndPagesBackInTime() {
        var admin = admin();
        var person = SecurityTestSupport.person(client(), admin, "OPERATOR");
        assertThat(client().postJson("/api/v1/tokens", null,
                Map.of("username", person.username(), "password", "not the password at all")).status()).isEqualTo(401);
        var auditor = AdminPagesSupport.signIn(client(), admin, "AUDITOR");

        var all = auditor.page("/audit");
        assertThat(all.html()).contains("name=\"actor\"", "name=\"action\"", "name=\"target\"",
                "type=\"datetime-local\"", "<label for=\"audit-from\"", "Download as CSV");

        var byActor = auditor.page("/audit?actor=" + encode(person.username()) + "&action=login");
        assertThat(rows(byActor.html())).isEqualTo(2);
        assertThat(byActor.html()).contains(">success<", ">failure<", "127.0.0.1", "&quot;reason&quot;")
                .contains("<code>login</code>").doesNotContain("<code>token.create</code>");
        var tokens = auditor.page("/audit?actor=" + encode(person.username()) + "&action=token.create");
        assertThat(rows(tokens.html())).isEqualTo(1);
        assertThat(tokens.html()).contains("<code>token.create</code>").doesNotContain("<code>login</code>");
        var byTarget = auditor.page("/audit?target=" + encode("user:" + person.username()));
        assertThat(byTarget.html()).contains("<code>user.create</code>");

        // Times are Tashkent time: nothing has happened an hour from now, everything since an hour ago.
        LocalDateTime now = LocalDateTime.now(ZoneId.of("Asia/Tashkent")).truncatedTo(ChronoUnit.SECONDS);
        var future = auditor.page("/audit?actor=" + encode(person.username()) + "&from=" + now.plusHours(1));
        assertThat(rows(future.html())).isZero();
        assertThat(future.html()).contains("No entries match these filters.");
        var recent = auditor.page("/audit?actor=" + encode(person.username()) + "&from=" + now.minusHours(1)
                + "&to=" + now.plusMinutes(5));
        assertThat(rows(recent.html())).isEqualTo(3);
        var badTime = auditor.browser().get("/audit?from=yesterday");
        assertThat(badTime.status()).isEqualTo(400);
        assertThat(badTime.text()).contains("Not a valid date and time.").contains("aria-invalid=\"true\"");

        // Viewing is audited, with the filters used.
        String details = jdbc.sql("""
                select details::text from audit_event where action = 'audit.query' and actor = ? and details->>'action' = 'login'""")
                .param(auditor.person().username()).query(String.class).single();
        assertThat(details).contains(person.username(), "\"channel\": \"web\"", "\"results\": 2");

        // Keyset paging: 50 per page, newest first, "Older" continues without overlap.
        for (int i = 0; i < 55; i++) {
            assertThat(client().get("/api/v1/audit?limit=1", auditor.person().token()).status()).isEqualTo(200);
        }
        String filter = "/audit?actor=" + encode(auditor.person().username()) + "&action=audit.query";
        var first = auditor.page(filter);
        assertThat(rows(first.html())).isEqualTo(50);
        String older = find(first.html(), "href=\"(/audit\\?[^\"]*before=\\d+)\"").replace("&amp;", "&");
        long before = Long.parseLong(find(older, "before=(\\d+)"));
        var second = auditor.page(older);
        assertThat(rows(second.html())).isBetween(5, 50);
        assertThat(second.html()).contains("Newest entries");
        List<Long> firstIds = ids(first.html());
        List<Long> secondIds = ids(second.html());
        assertThat(firstIds).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(firstIds.getLast()).isEqualTo(before);
        assertThat(secondIds).allMatch(id -> id < before);
    }

    @Test
    void csvExportIsQuotedFormulaSafeStreamedAndAudited() {
        var admin = admin();
        // Whatever is typed as a username at the login form reaches the log: the export must keep it inert.
        String suffix = TestClient.unique("x").toLowerCase();
        String formula = "=hyperlink(\"http://evil.example\",\"open\")" + suffix;
        String plus = "+1+2" + suffix;
        for (String name : List.of(formula, plus)) {
            assertThat(client().postJson("/api/v1/tokens", null, Map.of("username", name, "password", "wrong wrong wrong"))
                    .status()).isEqualTo(401);
        }
        var auditor = AdminPagesSupport.signIn(client(), admin, "AUDITOR");
        var page = auditor.page("/audit?actor=" + encode(formula));
        assertThat(rows(page.html())).isEqualTo(1);
        assertThat(page.html()).contains("=hyperlink(&quot;http://evil.example&quot;,&quot;open&quot;)")
                .contains("href=\"/audit.csv?actor=");

        var csv = auditor.browser().get("/audit.csv?actor=" + encode(formula) + "&action=login");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv").containsIgnoringCase("charset=UTF-8");
        assertThat(csv.header("Content-Disposition")).matches("attachment; filename=\"plateguard-audit-\\d{8}-\\d{6}\\.csv\"");
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        List<String> lines = Arrays.asList(text.split("\r\n", -1));
        assertThat(lines.getFirst()).isEqualTo("id,time,actor_type,actor,action,target,outcome,client_ip,details");
        assertThat(lines.getLast()).isEmpty(); // every record ends in CRLF
        assertThat(lines).hasSize(3);
        String row = lines.get(1);
        // The actor: neutralised with a quote, then quoted because it holds quotes and a comma, quotes doubled.
        assertThat(row).contains(",anonymous,\"'=hyperlink(\"\"http://evil.example\"\",\"\"open\"\")" + suffix + "\",login,api,failure,127.0.0.1,");
        assertThat(row).matches("\\d+,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[.\\d]*\\+05:00,.*");
        assertThat(row).endsWith(",\"{\"\"reason\"\":\"\"unknown user\"\"}\"");

        var plusCsv = auditor.browser().get("/audit.csv?actor=" + encode(plus)).text();
        assertThat(plusCsv).contains(",'+1+2" + suffix + ",").doesNotContain(",+1+2");

        // The export itself is in the log, with its filters.
        String details = jdbc.sql("select details::text from audit_event where action = 'audit.export' and actor = ? order by id")
                .param(auditor.person().username()).query(String.class).list().getFirst();
        assertThat(details).contains("\"channel\": \"csv\"", "\"action\": \"login\"", "evil.example");
        // And it appears in the next export.
        var exports = auditor.browser().get("/audit.csv?action=audit.export&actor=" + encode(auditor.person().username()));
        assertThat(exports.text().split("\r\n")).hasSize(1 + 3);

        assertThat(auditor.browser().get("/audit.csv?from=never").status()).isEqualTo(400);
    }

    @Test
    void onlyAuditorsSeeTheLog() {
        var admin = AdminPagesSupport.signIn(client(), admin(), "ADMIN");
        assertThat(admin.browser().get("/audit").status()).isEqualTo(403);
        assertThat(admin.browser().get("/audit.csv").status()).isEqualTo(403);
        var operator = AdminPagesSupport.signIn(client(), admin(), "OPERATOR");
        assertThat(operator.browser().get("/audit").status()).isEqualTo(403);
        assertThat(operator.browser().get("/audit.csv").status()).isEqualTo(403);
        assertThat(jdbc.sql("select count(*) from audit_event where action in ('audit.query', 'audit.export') and actor in (?, ?)")
                .params(admin.person().username(), operator.person().username()).query(Long.class).single()).isZero();
    }

    @Test
    void theLogSpeaksUzbekAndRussian() {
        var auditor = AdminPagesSupport.signIn(client(), admin(), "AUDITOR");
        assertThat(auditor.page("/audit?lang=uz").html()).contains("Audit jurnali", "CSV sifatida yuklab olish",
                "muvaffaqiyatli").doesNotContain("??");
        assertThat(auditor.page("/audit?lang=ru").html()).contains("Журнал аудита", "Скачать CSV", "успешно")
                .doesNotContain("??");
    }

    private static List<Long> ids(String html) {
        return Pattern.compile("data-id=\"(\\d+)\"").matcher(html).results().map(m -> Long.parseLong(m.group(1))).toList();
    }
}
