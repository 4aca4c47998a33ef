package dev.plateguard.server.users;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.Scope;

@Repository
public class UserRepository {

    /** What authentication needs: the hash and the stamp, besides the public account. */
    public record Credentials(UserAccount account, String passwordHash, long securityStamp) {
    }

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long count() {
        return jdbc.sql("select count(*) from app_user").query(Long.class).single();
    }

    public Optional<Credentials> findCredentials(String username) {
        return jdbc.sql("select * from app_user where username = ?").param(username)
                .query((rs, n) -> new Credentials(map(rs), rs.getString("password_hash"), rs.getLong("security_stamp")))
                .optional();
    }

    public Optional<Credentials> findCredentials(long id) {
        return jdbc.sql("select * from app_user where id = ?").param(id)
                .query((rs, n) -> new Credentials(map(rs), rs.getString("password_hash"), rs.getLong("security_stamp")))
                .optional();
    }

    public Optional<UserAccount> find(long id) {
        return jdbc.sql("select * from app_user where id = ?").param(id).query((rs, n) -> map(rs)).optional();
    }

    public List<UserAccount> findAll() {
        return jdbc.sql("select * from app_user order by username").query((rs, n) -> map(rs)).list();
    }

    public boolean exists(String username) {
        return jdbc.sql("select exists (select 1 from app_user where username = ?)").param(username)
                .query(Boolean.class).single();
    }

    public long insert(String username, String passwordHash, Set<Role> roles) {
        return jdbc.sql("insert into app_user (username, password_hash, roles) values (?, ?, ?::text[]) returning id")
                .params(username, passwordHash, toArrayLiteral(roles))
                .query(Long.class).single();
    }

    /** Changes what is not null and bumps the security stamp, which ends the user's sessions. */
    public void update(long id, Set<Role> roles, Boolean disabled, String passwordHash, Boolean mustChangePassword,
                       Scope scope) {
        jdbc.sql("""
                update app_user set
                    roles = coalesce(?::text[], roles),
                    disabled = coalesce(?, disabled),
                    password_hash = coalesce(?, password_hash),
                    must_change_password = coalesce(?, must_change_password),
                    scope_regions = coalesce(?::text[], scope_regions),
                    scope_sites = coalesce(?::bigint[], scope_sites),
                    security_stamp = security_stamp + 1,
                    updated_at = now()
                where id = ?""")
                .params(roles == null ? null : toArrayLiteral(roles), disabled, passwordHash, mustChangePassword,
                        scope == null ? null : scope.regions().toArray(String[]::new),
                        scope == null ? null : scope.sites().toArray(Long[]::new), id)
                .update();
    }

    /** The regions that exist (as in {@code site.region}), for validating scopes. */
    public Set<String> knownRegions() {
        return new java.util.TreeSet<>(jdbc.sql("select distinct region from site").query(String.class).list());
    }

    /** A site as the scope form lists it. */
    public record SiteOption(long id, String name, String region) {
    }

    public List<SiteOption> sites() {
        return jdbc.sql("select id, name, region from site order by region, name")
                .query((rs, n) -> new SiteOption(rs.getLong("id"), rs.getString("name"), rs.getString("region"))).list();
    }

    /** Which of these site ids exist. */
    public Set<Long> knownSites(Set<Long> ids) {
        return new java.util.TreeSet<>(jdbc.sql("select id from site where id = any(?::bigint[])")
                .param(ids.toArray(Long[]::new)).query(Long.class).list());
    }

    /** Serialises account changes until the end of the current transaction. */
    public void lockAccountChanges() {
        jdbc.sql("select pg_advisory_xact_lock(7002)").query(Object.class).single();
    }

    public long countEnabledAdminsExcept(long id) {
        return jdbc.sql("select count(*) from app_user where id <> ? and not disabled and 'ADMIN' = any(roles)")
                .param(id).query(Long.class).single();
    }

    /** Current stamp of an enabled user, empty when the user is gone or disabled. */
    public Optional<Long> activeStamp(long id) {
        return jdbc.sql("select security_stamp from app_user where id = ? and not disabled").param(id)
                .query(Long.class).optional();
    }

    static UserAccount map(ResultSet rs) throws SQLException {
        return new UserAccount(rs.getLong("id"), rs.getString("username"), roles(rs.getArray("roles")),
                rs.getBoolean("disabled"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(), scope(rs), rs.getBoolean("must_change_password"));
    }

    /** The user's scope from the {@code scope_regions} and {@code scope_sites} columns of a row. */
    public static Scope scope(ResultSet rs) throws SQLException {
        Set<String> regions = new java.util.HashSet<>();
        for (Object o : (Object[]) rs.getArray("scope_regions").getArray()) {
            regions.add((String) o);
        }
        Set<Long> sites = new java.util.HashSet<>();
        for (Object o : (Object[]) rs.getArray("scope_sites").getArray()) {
            sites.add(((Number) o).longValue());
        }
        return new Scope(regions, sites);
    }

    static Set<Role> roles(Array array) throws SQLException {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (Object o : (Object[]) array.getArray()) {
            roles.add(Role.valueOf((String) o));
        }
        return roles;
    }

    static String toArrayLiteral(Set<Role> roles) {
        return "{" + String.join(",", roles.stream().map(Role::name).sorted().toList()) + "}";
    }

    static List<String> names(Set<Role> roles) {
        return Arrays.stream(Role.values()).filter(roles::contains).map(Role::name).toList();
    }

    /**
     * Replaces a password hash with a stronger one of the same password (parameter upgrade at sign-in). The
     * security stamp stays: nothing about the account changed. Only if the hash is still the one that was checked.
     */
    public boolean rehashPassword(long id, String checkedHash, String strongerHash) {
        return jdbc.sql("update app_user set password_hash = ? where id = ? and password_hash = ?")
                .params(strongerHash, id, checkedHash)
                .update() == 1;
    }
}
