package dev.plateguard.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.plateguard.server.IntegrationTest;
import dev.plateguard.server.TestClient;

/**
 * The database itself keeps the audit log append-only, whatever the application (or an intruder using its
 * connection) does: the application's role has no right to change or remove entries, nor to switch off the
 * triggers; and even the owner's changes are stopped by those triggers.
 */
class AuditAppendOnlyIT extends IntegrationTest {

    @Autowired
    @Qualifier("databaseOwner")
    DataSource ownerDataSource;

    @Test
    void theApplicationRoleCannotUpdateDeleteOrTruncateTheAudit() {
        long id = freshEntry();
        String before = row(id);
        assertThatThrownBy(() -> jdbc.sql("update audit_event set actor = 'someone-else', outcome = 'success' where id = ?")
                .param(id).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("truncate table audit_event restart identity cascade").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThat(row(id)).isEqualTo(before);
    }

    @Test
    void theApplicationRoleCannotSwitchOffTheGuardsNorIsItASuperuser() {
        long id = freshEntry();
        assertThat(jdbc.sql("select rolsuper from pg_roles where rolname = current_user").query(Boolean.class).single())
                .isFalse();
        assertThatThrownBy(() -> jdbc.sql("alter table audit_event disable trigger audit_event_no_update").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("must be owner");
        assertThatThrownBy(() -> jdbc.sql("set session_replication_role = replica").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("delete from flyway_schema_history").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("permission denied");
        assertThat(jdbc.sql("select count(*) from audit_event where id = ?").param(id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void evenTheOwnersChangesAreStoppedByTheTriggers() {
        long id = freshEntry();
        String before = row(id);
        JdbcClient owner = JdbcClient.create(ownerDataSource);
        assertThatThrownBy(() -> owner.sql("update audit_event set actor = 'someone-else' where id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> owner.sql("delete from audit_event where id = ?").param(id).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> owner.sql("truncate audit_event").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("append-only");
        assertThat(row(id)).isEqualTo(before);
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
