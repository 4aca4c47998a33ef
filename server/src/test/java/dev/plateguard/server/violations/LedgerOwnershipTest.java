package dev.plateguard.server.violations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.plateguard.server.MainSources;

/** {@link ViolationLedger} is the only main source that writes the violation tables. */
class LedgerOwnershipTest {

    /** An insert into, update of, delete from or truncate of violation, violation_read or violation_event. */
    static final Pattern WRITE = Pattern.compile(
            "(?i)\\b(insert\\s+into|update|delete\\s+from|truncate(\\s+table)?)\\s+(violation|violation_read|violation_event)\\b(?!_)");

    @Test
    void noMainSourceOutsideTheLedgerWritesTheViolationTables() throws IOException {
        List<String> writers = MainSources.matches(WRITE, (path, source) -> true);
        assertThat(writers).isNotEmpty().allMatch(w -> w.startsWith("violations/ViolationLedger.java"));
    }

    @Test
    void thePatternSeesTheWritesItIsFor() {
        assertThat(WRITE.matcher("update violation set state = ?").find()).isTrue();
        assertThat(WRITE.matcher("INSERT INTO violation_event (violation_id)").find()).isTrue();
        assertThat(WRITE.matcher("insert into\n    violation_read (x)").find()).isTrue();
        assertThat(WRITE.matcher("delete from violation where").find()).isTrue();
        assertThat(WRITE.matcher("update violation_watermark set").find()).isFalse();
        assertThat(WRITE.matcher("select * from violation v").find()).isFalse();
    }
}
