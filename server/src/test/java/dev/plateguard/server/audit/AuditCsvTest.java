package dev.plateguard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class AuditCsvTest {

    @Test
    void plainCellsStayAsTheyAre() {
        assertThat(AuditCsv.cell("login")).isEqualTo("login");
        assertThat(AuditCsv.cell("camera:12/key:3")).isEqualTo("camera:12/key:3");
        assertThat(AuditCsv.cell("Тошкент ko‘chasi")).isEqualTo("Тошкент ko‘chasi");
        assertThat(AuditCsv.cell(null)).isEmpty();
        assertThat(AuditCsv.cell("")).isEmpty();
    }

    @Test
    void rfc4180QuotingDoublesQuotesAndKeepsLineBreaksInside() {
        assertThat(AuditCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(AuditCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(AuditCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(AuditCsv.cell("cr\rlf")).isEqualTo("\"cr\rlf\"");
        assertThat(AuditCsv.cell("{\"reason\":\"unknown user\"}")).isEqualTo("\"{\"\"reason\"\":\"\"unknown user\"\"}\"");
    }

    @Test
    void formulaTriggersAreNeutralised() {
        assertThat(AuditCsv.cell("=1+2")).isEqualTo("'=1+2");
        assertThat(AuditCsv.cell("+1")).isEqualTo("'+1");
        assertThat(AuditCsv.cell("-1")).isEqualTo("'-1");
        assertThat(AuditCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AuditCsv.cell("\t=1")).isEqualTo("'\t=1");
        assertThat(AuditCsv.cell("=HYPERLINK(\"http://x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        // Only the first character matters; inside a cell these are harmless.
        assertThat(AuditCsv.cell("a=b")).isEqualTo("a=b");
    }

    @Test
    void rowsEndInCrLf() {
        assertThat(AuditCsv.row(Arrays.asList("1", null, "x,y", "=z"))).isEqualTo("1,,\"x,y\",'=z\r\n");
    }
}
