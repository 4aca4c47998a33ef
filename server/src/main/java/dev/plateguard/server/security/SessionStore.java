package dev.plateguard.server.security;

import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.plateguard.server.users.BrowserSessionsEnded;

/**
 * Browser sessions live in PostgreSQL (Spring Session JDBC, tables {@code spring_session} and
 * {@code spring_session_attributes}, V34), so that any node serves any signed-in browser and a session survives the
 * node that created it (docs/scaling.md). Cookie name, flags and timeout stay {@code server.servlet.session.*}.
 * Attributes are serialised Java objects: everything kept in a session must be {@link java.io.Serializable}.
 */
@Configuration(proxyBeanMethods = false)
class SessionStore {

    /**
     * The cookie holds the session id itself, as the servlet container's did (Spring Session's default is its
     * Base64 form): one secret, one spelling, the one whose SHA-256 {@code user_session} keeps.
     */
    @Bean
    DefaultCookieSerializerCustomizer plainSessionCookie() {
        return serializer -> serializer.setUseBase64Encoding(false);
    }

    /**
     * A session ended by its owner, an admin, a timeout or an account change is deleted from the store in the same
     * transaction, so that no node loads it again. The store knows sessions by id, {@code user_session} by the id's
     * SHA-256: ending is rare and the table holds only live sessions, so a scan is fine.
     */
    @Bean
    Deletion sessionDeletion(JdbcClient jdbc) {
        return new Deletion(jdbc);
    }

    static final class Deletion {

        private final JdbcClient jdbc;

        Deletion(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @EventListener
        void on(BrowserSessionsEnded ended) {
            jdbc.sql("delete from spring_session where sha256(convert_to(session_id, 'UTF8')) = any(?)")
                    .param(ended.sessionHashes().toArray(byte[][]::new))
                    .update();
        }
    }
}
