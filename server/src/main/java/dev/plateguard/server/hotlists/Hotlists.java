package dev.plateguard.server.hotlists;

import java.io.InputStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.plates.PlateText;
import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.Role;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.validation.CsvRows;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;
import dev.plateguard.server.validation.SafeText;

/**
 * Hotlists and their entries: the one writer of {@code hotlist}, {@code hotlist_entry} and {@code hotlist_version}.
 *
 * <p>Who sees and manages what (docs/security.md, "Hotlists"): a shared list is seen by OPERATOR, SUPERVISOR,
 * INVESTIGATOR and AUDITOR; a covert list only by its owner and by AUDITORs, and to everyone else it does not exist
 * (404). SUPERVISOR and INVESTIGATOR create lists and own what they create; a list is managed (entries added,
 * imported, removed; the list removed) by its owner and, when it is shared, by any SUPERVISOR. AUDITORs only look.
 * Every change is audited with the person; so is every look at a list's entries (they are plates).
 */
@Service
public class Hotlists {

    static final int NAME_MAX = 100;
    static final int NOTE_MAX = 500;
    static final int PAGE_MAX = 500;
    static final int DEFAULT_PRIORITY = 5;

    /** A list as the API and pages show it. */
    public record Hotlist(long id, String name, boolean covert, long ownerId, String owner, Instant createdAt,
                          long activeEntries, boolean manageable) {
    }

    /** An entry as the API and pages show it; {@code active}: not expired. */
    public record Entry(long id, long hotlistId, String pattern, MatchKind match, int priority, HotlistReason reason,
                        String note, Instant expiresAt, String owner, Instant createdAt, boolean active) {
    }

    /** An entry as typed (JSON body, CSV row, form): every field text, so that each problem names its field. */
    public record Draft(String pattern, String match, String priority, String reason, String note, String expiresAt) {
    }

    /** A draft that passed validation. */
    record NewEntry(String pattern, MatchKind match, int priority, HotlistReason reason, String note, Instant expiresAt) {
    }

    /** One page of entries; {@code next} is the {@code after} of the next page, or null. */
    public record EntryPage(List<Entry> items, Long next) {
    }

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final HotlistSettings settings;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final TransactionTemplate tx;

    Hotlists(JdbcClient jdbc, AuditLog audit, HotlistSettings settings, ApplicationEventPublisher events,
             PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.audit = audit;
        this.settings = settings;
        this.events = events;
        this.clock = Clock.systemUTC();
    }

    @Transactional
    public Hotlist create(UserPrincipal me, String name, Boolean covert) {
        List<FieldProblem> errors = new ArrayList<>();
        SafeText.require("name", name, NAME_MAX, errors);
        if (covert == null) {
            errors.add(SafeText.required("covert"));
        }
        if (!errors.isEmpty()) {
            throw Refusal.invalid(errors);
        }
        long id;
        try {
            id = jdbc.sql("insert into hotlist (name, covert, owner_id) values (?, ?, ?) returning id")
                    .params(name.strip(), covert, me.userId()).query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw Refusal.conflict("a list named '" + name.strip() + "' exists already", "nameTaken", name.strip());
        }
        changed();
        audit.record("hotlist.create", "hotlist:" + id, AuditLog.Outcome.SUCCESS,
                Map.of("name", name.strip(), "covert", covert));
        return get(me, id);
    }

    /** The lists {@code me} may see, by name. */
    public List<Hotlist> lists(UserPrincipal me) {
        return jdbc.sql(LISTS + " and " + VISIBLE + " order by lower(h.name), h.id")
                .params(visibility(me)).query((rs, n) -> hotlist(rs, me)).list();
    }

    /** One list, if {@code me} may see it. */
    public Hotlist get(UserPrincipal me, long id) {
        Map<String, Object> params = visibility(me);
        params.put("id", id);
        return jdbc.sql(LISTS + " and h.id = :id and " + VISIBLE).params(params).query((rs, n) -> hotlist(rs, me))
                .optional().orElseThrow(() -> notFound(id));
    }

    /** Removes a list: its entries stop matching at once; alerts it raised stay. */
    @Transactional
    public void remove(UserPrincipal me, long id) {
        Hotlist list = manageable(me, id);
        jdbc.sql("update hotlist set removed_at = now(), removed_by = ? where id = ? and removed_at is null")
                .params(me.userId(), id).update();
        changed();
        audit.record("hotlist.remove", "hotlist:" + id, AuditLog.Outcome.SUCCESS,
                Map.of("name", list.name(), "activeEntries", list.activeEntries()));
    }

    /** A page of the list's entries (not removed; expired ones too, marked), oldest first. Audited: they are plates. */
    public EntryPage entries(UserPrincipal me, long id, Long after, int limit) {
        if (limit < 1 || limit > PAGE_MAX) {
            throw Refusal.invalid("limit", "must be 1-" + PAGE_MAX);
        }
        get(me, id);
        List<Entry> items = jdbc.sql(ENTRIES + " where e.hotlist_id = ? and e.removed_at is null and e.id > ? order by e.id limit ?")
                .params(id, after == null ? 0 : after, limit + 1).query(this::entry).list();
        Long next = items.size() > limit ? items.get(limit - 1).id() : null;
        List<Entry> page = items.size() > limit ? items.subList(0, limit) : items;
        audit.record("hotlist.entries.view", "hotlist:" + id, AuditLog.Outcome.SUCCESS,
                Map.of("count", page.size(), "ids", page.stream().map(Entry::id).toList()));
        return new EntryPage(page, next);
    }

    @Transactional
    public Entry add(UserPrincipal me, long id, Draft draft) {
        manageable(me, id);
        List<FieldProblem> errors = new ArrayList<>();
        NewEntry entry = validate(draft, "", errors);
        if (entry == null) {
            throw Refusal.invalid(errors);
        }
        long entryId;
        try {
            entryId = insert(id, me.userId(), List.of(entry)).getFirst();
        } catch (DuplicateKeyException e) {
            throw Refusal.conflict("the list already has this " + entry.match() + " entry", "duplicateEntry");
        }
        changed();
        audit.record("hotlist.entry.add", "hotlist-entry:" + entryId, AuditLog.Outcome.SUCCESS, auditOf(id, entry));
        return entry(id, entryId);
    }

    @Transactional
    public void removeEntry(UserPrincipal me, long id, long entryId) {
        manageable(me, id);
        int removed = jdbc.sql("""
                update hotlist_entry set removed_at = now(), removed_by = ?
                where id = ? and hotlist_id = ? and removed_at is null""")
                .params(me.userId(), entryId, id).update();
        if (removed == 0) {
            throw Refusal.notFound("no entry " + entryId + " in list " + id);
        }
        changed();
        audit.record("hotlist.entry.remove", "hotlist-entry:" + entryId, AuditLog.Outcome.SUCCESS, Map.of("hotlist", id));
    }

    /**
     * Imports a CSV file (docs/alerts.md, "CSV import") into the list: every row or none. Answers the number of
     * entries added. A refused import is audited too.
     */
    public int importCsv(UserPrincipal me, long id, InputStream body) {
        List<HotlistCsv.Row> rows;
        try {
            manageable(me, id);
            rows = HotlistCsv.parse(body, settings.maxImportRows(), settings.maxImportBytes().toBytes(), this);
            rejectExisting(id, rows);
            tx.executeWithoutResult(status -> {
                insert(id, me.userId(), rows.stream().map(HotlistCsv.Row::entry).toList());
                changed();
                audit.record("hotlist.import", "hotlist:" + id, AuditLog.Outcome.SUCCESS, Map.of("entries", rows.size()));
            });
        } catch (DuplicateKeyException e) {
            throw importRefused(id, Refusal.conflict("an entry of the file was added to the list meanwhile; nothing was imported"));
        } catch (Refusal refusal) {
            throw importRefused(id, refusal);
        }
        return rows.size();
    }

    private Refusal importRefused(long id, Refusal refusal) {
        String why = refusal.getMessage();
        audit.record("hotlist.import", "hotlist:" + id, AuditLog.Outcome.FAILURE,
                Map.of("refused", why.length() > 300 ? why.substring(0, 300) : why));
        return refusal;
    }

    /** Rows whose entry the list already has are bad rows, as duplicates within the file are. */
    private void rejectExisting(long id, List<HotlistCsv.Row> rows) {
        Set<String> existing = new java.util.HashSet<>(jdbc.sql(
                        "select match || ':' || pattern from hotlist_entry where hotlist_id = ? and removed_at is null")
                .param(id).query(String.class).list());
        List<FieldProblem> errors = new ArrayList<>();
        TreeSet<Integer> bad = new TreeSet<>();
        for (HotlistCsv.Row row : rows) {
            if (existing.contains(row.entry().match() + ":" + row.entry().pattern())) {
                bad.add(row.number());
                if (errors.size() < CsvRows.MAX_REPORTED) {
                    errors.add(new FieldProblem("rows[" + row.number() + "].pattern", "the list already has this entry"));
                }
            }
        }
        if (!bad.isEmpty()) {
            throw new CsvRows.RowsProblem(CsvRows.detail(bad), bad, errors);
        }
    }

    /**
     * Checks a draft: pattern by match kind, priority 1 (most urgent) to 10, a reason category, a note of safe text,
     * an expiry in the future within {@code max-validity} (default: {@code default-validity} from now). Problems go to
     * {@code errors} with {@code prefix} before each field name.
     */
    NewEntry validate(Draft draft, String prefix, List<FieldProblem> errors) {
        int before = errors.size();
        MatchKind match = MatchKind.EXACT;
        if (draft.match() != null && !draft.match().isBlank()) {
            try {
                match = MatchKind.valueOf(draft.match().strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(FieldProblem.coded(prefix + "match", "match", "must be EXACT, WILDCARD or LOOKALIKE"));
            }
        }
        String pattern = null;
        try {
            pattern = HotlistPattern.normalize(draft.pattern(), match, settings.minFixed());
        } catch (HotlistPattern.Refused e) {
            errors.add(FieldProblem.coded(prefix + "pattern", e.code, e.getMessage(), settings.minFixed()));
        }
        int priority = DEFAULT_PRIORITY;
        if (draft.priority() != null && !draft.priority().isBlank()) {
            try {
                priority = Integer.parseInt(draft.priority().strip());
            } catch (NumberFormatException e) {
                priority = -1;
            }
            if (priority < 1 || priority > 10) {
                errors.add(FieldProblem.coded(prefix + "priority", "priority", "must be a whole number from 1 (most urgent) to 10"));
            }
        }
        HotlistReason reason = null;
        if (draft.reason() == null || draft.reason().isBlank()) {
            errors.add(SafeText.required(prefix + "reason"));
        } else {
            reason = HotlistReason.parse(draft.reason()).orElse(null);
            if (reason == null) {
                errors.add(FieldProblem.coded(prefix + "reason", "reason", "must be one of "
                        + java.util.Arrays.toString(HotlistReason.values())));
            }
        }
        String note = draft.note() == null || draft.note().isBlank() ? null : draft.note().strip();
        SafeText.check(prefix + "note", note, NOTE_MAX, errors);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(settings.defaultValidity());
        if (draft.expiresAt() != null && !draft.expiresAt().isBlank()) {
            expiresAt = HotlistCsv.instant(draft.expiresAt().strip());
            if (expiresAt == null) {
                errors.add(FieldProblem.coded(prefix + "expiresAt", "dateTime",
                        "must be a date (2027-03-31) or a date and time with its offset (2027-03-31T18:00:00+05:00)"));
            } else if (!expiresAt.isAfter(now)) {
                errors.add(FieldProblem.coded(prefix + "expiresAt", "past", "must lie in the future"));
            } else if (expiresAt.isAfter(now.plus(settings.maxValidity()))) {
                errors.add(FieldProblem.coded(prefix + "expiresAt", "tooFar", "must lie within "
                        + settings.maxValidity().toDays() + " days", settings.maxValidity().toDays()));
            }
        }
        return errors.size() == before ? new NewEntry(pattern, match, priority, reason, note, expiresAt) : null;
    }

    private List<Long> insert(long id, long ownerId, List<NewEntry> entries) {
        List<Long> ids = new ArrayList<>(entries.size());
        for (int from = 0; from < entries.size(); from += 5000) {
            List<NewEntry> chunk = entries.subList(from, Math.min(entries.size(), from + 5000));
            ids.addAll(jdbc.sql("""
                            insert into hotlist_entry (hotlist_id, owner_id, pattern, match, priority, reason, note, expires_at)
                            select ?, ?, u.pattern, u.match, u.priority, u.reason, u.note, u.expires_at
                            from unnest(?::text[], ?::text[], ?::smallint[], ?::text[], ?::text[], ?::timestamptz[])
                                 with ordinality as u(pattern, match, priority, reason, note, expires_at, n)
                            order by u.n
                            returning id""")
                    .params(id, ownerId,
                            chunk.stream().map(NewEntry::pattern).toArray(String[]::new),
                            chunk.stream().map(e -> e.match().name()).toArray(String[]::new),
                            chunk.stream().map(e -> (short) e.priority()).toArray(Short[]::new),
                            chunk.stream().map(e -> e.reason().name()).toArray(String[]::new),
                            chunk.stream().map(NewEntry::note).toArray(String[]::new),
                            chunk.stream().map(e -> Timestamp.from(e.expiresAt())).toArray(Timestamp[]::new))
                    .query(Long.class).list());
        }
        return ids;
    }

    /** Moves the version on (other nodes rebuild their index) and tells this node's index after commit. */
    private void changed() {
        long version = jdbc.sql("update hotlist_version set version = version + 1 returning version")
                .query(Long.class).single();
        events.publishEvent(new HotlistsChanged(version));
    }

    private Hotlist manageable(UserPrincipal me, long id) {
        Hotlist list = get(me, id);
        if (!list.manageable()) {
            throw Refusal.forbidden("only the list's owner" + (list.covert() ? "" : " or a SUPERVISOR")
                    + " may change list " + id);
        }
        return list;
    }

    static boolean manageable(UserPrincipal me, long ownerId, boolean covert) {
        boolean manager = me.has(Role.SUPERVISOR) || me.has(Role.INVESTIGATOR);
        return manager && ownerId == me.userId() || !covert && me.has(Role.SUPERVISOR);
    }

    private static Refusal notFound(long id) {
        return Refusal.notFound("no list " + id);
    }

    private static final String LISTS = """
            select h.id, h.name, h.covert, h.owner_id, u.username, h.created_at,
                   (select count(*) from hotlist_entry e where e.hotlist_id = h.id and e.removed_at is null
                                                           and e.expires_at > now()) as active
            from hotlist h join app_user u on u.id = h.owner_id
            where h.removed_at is null""";

    /** A covert list is seen by its owner and by auditors only. */
    private static final String VISIBLE = "(not h.covert or h.owner_id = :me or :auditor)";

    private static Map<String, Object> visibility(UserPrincipal me) {
        Map<String, Object> params = new HashMap<>();
        params.put("me", me.userId());
        params.put("auditor", me.has(Role.AUDITOR));
        return params;
    }

    private Hotlist hotlist(ResultSet rs, UserPrincipal me) throws SQLException {
        long owner = rs.getLong("owner_id");
        boolean covert = rs.getBoolean("covert");
        return new Hotlist(rs.getLong("id"), rs.getString("name"), covert, owner, rs.getString("username"),
                rs.getTimestamp("created_at").toInstant(), rs.getLong("active"), manageable(me, owner, covert));
    }

    private static final String ENTRIES = """
            select e.id, e.hotlist_id, e.pattern, e.match, e.priority, e.reason, e.note, e.expires_at, u.username,
                   e.created_at, e.expires_at > now() as active
            from hotlist_entry e join app_user u on u.id = e.owner_id""";

    private Entry entry(long hotlistId, long entryId) {
        return jdbc.sql(ENTRIES + " where e.id = ? and e.hotlist_id = ?").params(entryId, hotlistId).query(this::entry).single();
    }

    private Entry entry(ResultSet rs, int n) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getLong("hotlist_id"), rs.getString("pattern"),
                MatchKind.valueOf(rs.getString("match")), rs.getInt("priority"), HotlistReason.valueOf(rs.getString("reason")),
                rs.getString("note"), rs.getTimestamp("expires_at").toInstant(), rs.getString("username"),
                rs.getTimestamp("created_at").toInstant(), rs.getBoolean("active"));
    }

    /** What the audit records about an entry: never a plate in clear. */
    private static Map<String, Object> auditOf(long hotlistId, NewEntry entry) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hotlist", hotlistId);
        out.put("match", entry.match().name());
        out.put("pattern", PlateText.mask(entry.pattern()));
        out.put("priority", entry.priority());
        out.put("reason", entry.reason().name());
        out.put("expiresAt", entry.expiresAt().toString());
        return out;
    }
}
