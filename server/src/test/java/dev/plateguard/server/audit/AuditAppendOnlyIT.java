package dev.plateguard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/** The database itself keeps the audit log append-only, whatever the application (or an intruder using its connection) does. */
class AuditAppendOnlyIT extends IntegrationTest {

    @Test
    void updateIsRejectedByTheDatabase() {
        long id = freshEntry();
        String before = row(id);
        assertThatThrownBy(() -> jdbc.sql("update audit_event set actor = 'someone-else', outcome = 'success' where id = ?")
                .param(id).update())
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("update audit_event set details = null").update())
                .isInstanceOf(DataAccessException.class);
        assertThat(row(id)).isEqualTo(before);
    }

    @Test
    void deleteIsRejectedByTheDatabase() {
        long id = freshEntry();
        long total = count("audit_event");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event").update()).isInstanceOf(DataAccessException.class);
        assertThat(jdbc.sql("select count(*) from audit_event where id = ?").param(id).query(Long.class).single()).isEqualTo(1);
        assertThat(count("audit_event")).isGreaterThanOrEqualTo(total);
    }

    @Test
    void truncateIsRejectedByTheDatabase() {
        long id = freshEntry();
        assertThatThrownBy(() -> jdbc.sql("truncate audit_event").update())
                .isInstanceOf(DataAccessException.class)
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("truncate table audit_event restart identity cascade").update())
                .isInstanceOf(DataAccessException.class);
        assertThat(jdbc.sql("select count(*) from audit_event where id = ?").param(id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void insertStillWorksAndIdsOnlyGrow() {
        long first = freshEntry();
        long second = freshEntry();
        assertThat(second).isGreaterThan(first);
    }

    /** Creates an audit entry through the application (a failed login) and answers its id. */
    private long freshEntry() {
        admin();
        String who = TestClient.unique("append").toLowerCase();
        client().postJson("/api/v1/tokens", null, Map.of("username", who, "password", "not a real password"));
        return jdbc.sql("select id from audit_event where actor = ? and action = 'login'").param(who).query(Long.class).single();
    }

    private String row(long id) {
        return jdbc.sql("select audit_event::text from audit_event where id = ?").param(id).query(String.class).single();
    }
}
