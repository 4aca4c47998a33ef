package dev.plateguard.server.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import javax.sql.DataSource;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.StringUtils;

/**
 * Who may do what in the database. The owner (Flyway's connection) creates and alters tables; the application
 * role only reads and writes rows: after every migration it is granted exactly that, and nothing on the audit
 * beyond SELECT and INSERT, so the running server, or anyone holding its password, can neither rewrite the audit
 * nor disable the triggers that guard it (only an owner may).
 *
 * <p>At every start the application's own connection is checked: a superuser is refused unless explicitly
 * allowed ({@code plateguard.database.allow-superuser}), because a superuser can bypass every rule above.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseRoles.Settings.class)
public class DatabaseRoles {

    /** The embedded database's application role. */
    public static final String EMBEDDED_APP_ROLE = "plateguard_app";

    private static final Logger log = LoggerFactory.getLogger(DatabaseRoles.class);

    /**
     * @param appRole        the application's role, granted its rights after each migration; default: for the
     *                       embedded database {@code plateguard_app}, for an external one
     *                       {@code spring.datasource.username} when migrations run as another user
     *                       ({@code spring.flyway.user}), else none (PLATEGUARD_DATABASE_APP_ROLE)
     * @param allowSuperuser start even though the application connects as a superuser (not recommended)
     *                       (PLATEGUARD_DATABASE_ALLOW_SUPERUSER)
     */
    @ConfigurationProperties("plateguard.database")
    public record Settings(String appRole, boolean allowSuperuser) {
    }

    @Bean
    FlywayConfigurationCustomizer applicationRoleGrants(Settings settings, Environment environment) {
        Optional<String> role = appRole(settings, environment);
        return configuration -> role.ifPresent(name -> configuration.callbacks(new GrantsAfterMigrate(name)));
    }

    @Bean
    InitializingBean refuseSuperuserConnection(DataSource dataSource, Settings settings) {
        return () -> {
            record Connected(String name, boolean superuser) {
            }
            Connected who = JdbcClient.create(dataSource)
                    .sql("select current_user as name, rolsuper from pg_roles where rolname = current_user")
                    .query((rs, n) -> new Connected(rs.getString("name"), rs.getBoolean("rolsuper"))).single();
            if (who.superuser()) {
                if (!settings.allowSuperuser()) {
                    throw new IllegalStateException("The application connects to PostgreSQL as the superuser '"
                            + who.name() + "', who can bypass every database rule (the append-only audit among them). "
                            + "Connect as a role without superuser rights (docs/database-roles.sql creates one), "
                            + "or set PLATEGUARD_DATABASE_ALLOW_SUPERUSER=true to accept the risk.");
                }
                log.warn("The application connects as the superuser '{}' (plateguard.database.allow-superuser=true)",
                        who.name());
            }
        };
    }

    static Optional<String> appRole(Settings settings, Environment environment) {
        if (StringUtils.hasText(settings.appRole())) {
            return Optional.of(settings.appRole().strip());
        }
        if (!StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
            return Optional.of(EMBEDDED_APP_ROLE);
        }
        String appUser = environment.getProperty("spring.datasource.username");
        String owner = environment.getProperty("spring.flyway.user");
        return StringUtils.hasText(owner) && StringUtils.hasText(appUser) && !owner.equals(appUser)
                ? Optional.of(appUser) : Optional.empty();
    }

    /** Grants the application role row access to every table, and to audit tables SELECT and INSERT only. */
    static final class GrantsAfterMigrate implements Callback {

        private final String role;

        GrantsAfterMigrate(String role) {
            this.role = role;
        }

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.AFTER_MIGRATE;
        }

        @Override
        public boolean canHandleInTransaction(Event event, Context context) {
            return true;
        }

        @Override
        public void handle(Event event, Context context) {
            Connection connection = context.getConnection();
            try (Statement st = connection.createStatement()) {
                st.execute("""
                        do $grants$
                        declare
                            app text := %s;
                            schema text := current_schema();
                            audit record;
                        begin
                            if app = current_user then
                                return; -- one role for both: nothing to grant
                            end if;
                            execute format('grant usage on schema %%I to %%I', schema, app);
                            execute format('grant select, insert, update, delete on all tables in schema %%I to %%I',
                                           schema, app);
                            execute format('revoke truncate, references, trigger on all tables in schema %%I from %%I',
                                           schema, app);
                            execute format('grant usage, select, update on all sequences in schema %%I to %%I',
                                           schema, app);
                            -- Append-only for the application: the audit, and Flyway's own history.
                            for audit in select tablename from pg_tables
                                         where schemaname = schema and tablename like 'audit%%' loop
                                execute format('revoke update, delete on %%I.%%I from %%I', schema, audit.tablename, app);
                            end loop;
                            execute format('revoke insert, update, delete on %%I.flyway_schema_history from %%I',
                                           schema, app);
                        end
                        $grants$""".formatted(quoteLiteral(role)));
            } catch (SQLException e) {
                throw new IllegalStateException("cannot grant the application role '" + role + "' its rights: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public String getCallbackName() {
            return "plateguard-application-role-grants";
        }

        private static String quoteLiteral(String value) {
            return "'" + value.replace("'", "''") + "'";
        }
    }
}
