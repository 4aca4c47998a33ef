package dev.plateguard.server.reads;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.springframework.stereotype.Service;

import dev.plateguard.server.audit.AuditLog;
import dev.plateguard.server.identity.UserPrincipal;
import dev.plateguard.server.passages.Passage;
import dev.plateguard.server.passages.Passages;
import dev.plateguard.server.validation.FieldProblem;
import dev.plateguard.server.validation.Refusal;

/**
 * Every way to reach reads (API and pages alike): the live listing without a plate, investigative searches and
 * journeys under a purpose and case, and single reads. Each applies the user's scope in SQL, the rules of
 * {@link Investigations}, and writes one audit entry naming the purpose, the case, the query, the result count
 * and the ids returned.
 */
@Service
class ReadAccess {

    /** The most sightings one journey returns; longer ones say {@code truncated}. */
    static final int JOURNEY_MAX = 2000;

    /** Searches count their matches up to this many; beyond it they say "more than". */
    static final int COUNT_CAP = 10_000;

    /** The most reads one export holds (less when the user's row allowance has less left). */
    static final int EXPORT_MAX = 10_000;

    /** {@link #COUNT_CAP}, lowered by tests to exercise "more than" without ten thousand reads. */
    volatile int countCap = COUNT_CAP;

    private final ReadQueries queries;
    private final Investigations investigations;
    private final AuditLog audit;
    private final Passages passages;

    ReadAccess(ReadQueries queries, Investigations investigations, AuditLog audit, Passages passages) {
        this.queries = queries;
        this.investigations = investigations;
        this.audit = audit;
        this.passages = passages;
    }

    /**
     * A search or listing. Without a plate it is the live view (the live window, no purpose needed); with one it
     * is investigative.
     */
    /**
     * @param cursor the page after this position (older reads); {@code before}: the page before it (newer reads);
     *               at most one of them
     * @param make   vehicle make, matched at the start, case-insensitively; null for any
     * @param colour vehicle colour, case-insensitive; null for any
     */
    record SearchRequest(String plate, ReadQueries.PlateMatch match, Instant from, Instant to, Long site, Long camera,
                         String city, int limit, String cursor, String before, String make, String colour,
                         String purpose, String caseNumber, String reason) {

        SearchRequest(String plate, ReadQueries.PlateMatch match, Instant from, Instant to, Long site, Long camera,
                      String city, int limit, String cursor, String purpose, String caseNumber, String reason) {
            this(plate, match, from, to, site, camera, city, limit, cursor, null, null, null, purpose, caseNumber, reason);
        }
    }

    /**
     * @param total         how many reads match the whole query (all pages), up to the count cap
     * @param investigation the purpose and case, null for the live listing
     */
    record SearchResult(ReadQueries.Page page, ReadQueries.Total total, Investigations.Case investigation) {
    }

    SearchResult search(UserPrincipal me, SearchRequest request, String channel) {
        ReadQueries.Cursor cursor = request.cursor() == null ? null : ReadQueries.Cursor.decode(request.cursor());
        ReadQueries.Cursor before = request.before() == null ? null : ReadQueries.Cursor.decode(request.before());
        if (cursor != null && before != null) {
            throw Refusal.invalid("before", "cannot be combined with cursor");
        }
        Scoped q = scoped(me, request, cursor, "reads.search", "reads.list", channel);
        var page = before == null ? queries.search(q.filter(), me.scope(), request.limit(), cursor)
                : queries.searchBefore(q.filter(), me.scope(), request.limit(), before);
        var total = queries.count(q.filter(), me.scope(), countCap);
        if (q.investigation() != null) {
            investigations.count(me, q.reservation(), page.items().size());
        }
        q.details().put("total", total.count());
        if (total.lowerBound()) {
            q.details().put("totalIsLowerBound", true);
        }
        q.details().put("results", page.items().size());
        q.details().put("ids", page.items().stream().map(PlateRead::id).toList());
        audit.record(q.action(), q.target(), AuditLog.Outcome.SUCCESS, q.details());
        return new SearchResult(page, total, q.investigation());
    }

    /** @param truncated more reads matched than the export could hold */
    record Export(List<PlateRead> reads, boolean truncated, Investigations.Case investigation) {
    }

    /**
     * Every read of a search (not one page) for a CSV file: the same rules, scope and audit as {@link #search}
     * (audited as {@code reads.export} with the query and the number of rows). A plate export is one
     * investigative query whose rows count against the volume limits: it holds at most {@link #EXPORT_MAX} reads
     * and never more than the user's row allowance has left.
     */
    Export export(UserPrincipal me, SearchRequest request, String channel) {
        Scoped q = scoped(me, request, null, "reads.export", "reads.export", channel);
        int max = EXPORT_MAX;
        if (q.investigation() != null) {
            max = Math.max(1, Math.min(max, investigations.rowsLeft(me)));
        }
        var page = queries.search(q.filter(), me.scope(), max, (ReadQueries.Cursor) null);
        boolean truncated = page.nextCursor() != null;
        if (q.investigation() != null) {
            investigations.count(me, q.reservation(), page.items().size());
        }
        q.details().put("format", "csv");
        q.details().put("limit", max);
        q.details().put("results", page.items().size());
        if (truncated) {
            q.details().put("truncated", true);
        }
        q.details().put("ids", page.items().stream().map(PlateRead::id).toList());
        audit.record(q.action(), q.target(), AuditLog.Outcome.SUCCESS, q.details());
        return new Export(page.items(), truncated, q.investigation());
    }

    /**
     * A query checked and admitted: with a plate, the purpose and case, a place in the volume count and the age
     * tier; without one, the live window. Refusals past the purpose check are audited as denied.
     */
    private record Scoped(ReadQueries.Filter filter, Investigations.Case investigation, long reservation,
                          String action, String target, Map<String, Object> details) {
    }

    private Scoped scoped(UserPrincipal me, SearchRequest request, ReadQueries.Cursor cursor, String searchAction,
                          String listAction, String channel) {
        if (request.plate() == null) {
            Instant start = investigations.now().minus(investigations.settings().liveWindow());
            String why = "without a plate, reads can be listed only for the last " + hours() + " hours (the live view); "
                    + "search by plate with a purpose and case for older reads";
            if (request.from() != null && request.from().isBefore(start)) {
                throw liveOnly("from", why);
            }
            if (request.to() != null && !request.to().isAfter(start)) {
                throw liveOnly("to", why);
            }
            if (cursor != null && cursor.capturedAt().isBefore(start)) {
                throw liveOnly("cursor", why);
            }
            Instant from = request.from() == null ? start : request.from();
            Map<String, Object> details = new LinkedHashMap<>(query(request));
            details.put("channel", channel);
            return new Scoped(filter(request, from), null, 0, listAction, "reads", details);
        }
        Investigations.Case c = investigations.require(request.purpose(), request.caseNumber(), request.reason());
        Map<String, Object> details = new LinkedHashMap<>(c.audit());
        details.putAll(query(request));
        details.put("channel", channel);
        String target = "plate:" + request.plate();
        long reservation = investigations.admit(me);
        Instant reach;
        try {
            reach = investigations.reach(me, request.match() == ReadQueries.PlateMatch.EXACT ? request.plate() : null, c,
                    request.from(), request.to());
        } catch (Refusal refused) {
            audit.record(searchAction, target, AuditLog.Outcome.DENIED, details);
            throw refused;
        }
        return new Scoped(filter(request, reach), c, reservation, searchAction, target, details);
    }

    private static ReadQueries.Filter filter(SearchRequest request, Instant from) {
        return new ReadQueries.Filter(request.plate(), request.match(), from, request.to(), request.site(),
                request.camera(), request.city(), request.make(), request.colour());
    }

    private Refusal liveOnly(String field, String why) {
        return new Refusal(Refusal.Kind.INVALID, "live-window-only", why,
                List.of(FieldProblem.coded(field, "liveWindowOnly", why, hours())));
    }

    private long hours() {
        return investigations.settings().liveWindow().toHours();
    }

    /** The live page's newest reads (after {@code afterId}), within the live window and the scope. */
    List<PlateRead> arrivals(UserPrincipal me, Long site, String city, Long camera, Long afterId, int limit) {
        Instant start = investigations.now().minus(investigations.settings().liveWindow());
        var filter = new ReadQueries.Filter(null, ReadQueries.PlateMatch.EXACT, start, null, site, camera, city);
        List<PlateRead> reads = queries.arrivals(filter, me.scope(), afterId, limit);
        if (afterId == null || !reads.isEmpty()) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("site", site);
            details.put("city", city);
            details.put("camera", camera);
            details.put("results", reads.size());
            details.put("ids", reads.stream().map(PlateRead::id).toList());
            details.values().removeIf(Objects::isNull);
            audit.record("reads.live", "reads", AuditLog.Outcome.SUCCESS, details);
        }
        return reads;
    }

    /** A read and the case it was opened under (null within the live window without one). */
    record View(PlateRead read, Investigations.Case investigation) {
    }

    /**
     * One read in the scope. Within the live window it opens without a purpose; older reads only under a purpose
     * and case, within the age tier. Outside the scope it is "not found", exactly like a missing id.
     */
    View view(UserPrincipal me, long id, String purpose, String caseNumber, String reason, String channel) {
        boolean investigative = purpose != null && !purpose.isBlank() || caseNumber != null && !caseNumber.isBlank();
        Investigations.Case c = investigative ? investigations.require(purpose, caseNumber, reason) : null;
        Map<String, Object> details = new LinkedHashMap<>();
        long reservation = 0;
        if (c != null) {
            details.putAll(c.audit());
            reservation = investigations.admit(me);
        }
        details.put("channel", channel);
        var read = queries.find(id, me.scope());
        if (read.isEmpty()) {
            audit.record("reads.view", "read:" + id, AuditLog.Outcome.FAILURE, details);
            throw Refusal.notFound("no read " + id);
        }
        PlateRead found = read.get();
        if (c == null) {
            Instant start = investigations.now().minus(investigations.settings().liveWindow());
            if (found.capturedAt().isBefore(start)) {
                audit.record("reads.view", "read:" + id, AuditLog.Outcome.DENIED, details);
                throw Refusal.invalid(List.of(FieldProblem.coded("purpose", "required",
                        "is required to open a read older than " + hours() + " hours (with case)")));
            }
        } else {
            try {
                investigations.reach(me, found.plate(), c, found.capturedAt(), found.capturedAt().plusNanos(1000));
            } catch (Refusal refused) {
                audit.record("reads.view", "read:" + id, AuditLog.Outcome.DENIED, details);
                throw refused;
            }
            investigations.count(me, reservation, 1);
        }
        details.put("results", 1);
        details.put("ids", List.of(id));
        audit.record("reads.view", "read:" + id, AuditLog.Outcome.SUCCESS, details);
        return new View(found, c);
    }

    record Journey(String plate, Instant from, Instant to, List<ReadQueries.Sighting> sightings, boolean truncated,
                   Investigations.Case investigation) {
    }

    /** A plate's sightings over {@code [from, to)}: investigative, so purpose, case, age tier and volume apply. */
    Journey journey(UserPrincipal me, String plate, Instant from, Instant to, String purpose, String caseNumber,
                    String reason, String channel) {
        Instant end = to == null ? investigations.now() : to;
        if (from == null) {
            throw Refusal.invalid(List.of(FieldProblem.coded("from", "required", "is required")));
        }
        if (!from.isBefore(end)) {
            throw Refusal.invalid(List.of(FieldProblem.coded("to", "afterFrom", "must be after from")));
        }
        var max = investigations.settings().maxRange();
        if (java.time.Duration.between(from, end).compareTo(max) > 0) {
            throw Refusal.invalid(List.of(FieldProblem.coded("to", "rangeTooLong",
                    "a journey covers at most " + max.toDays() + " days", max.toDays())));
        }
        Investigations.Case c = investigations.require(purpose, caseNumber, reason);
        Map<String, Object> details = new LinkedHashMap<>(c.audit());
        details.put("plate", plate);
        details.put("from", from.toString());
        details.put("to", end.toString());
        details.put("channel", channel);
        long reservation = investigations.admit(me);
        try {
            investigations.reach(me, plate, c, from, end);
        } catch (Refusal refused) {
            audit.record("journeys.view", "plate:" + plate, AuditLog.Outcome.DENIED, details);
            throw refused;
        }
        List<ReadQueries.Sighting> sightings = queries.journey(plate, from, end, me.scope(), JOURNEY_MAX);
        boolean truncated = sightings.size() > JOURNEY_MAX;
        if (truncated) {
            sightings = sightings.subList(0, JOURNEY_MAX);
        }
        investigations.count(me, reservation, sightings.size());
        details.put("results", sightings.size());
        details.put("ids", sightings.stream().map(ReadQueries.Sighting::readId).toList());
        audit.record("journeys.view", "plate:" + plate, AuditLog.Outcome.SUCCESS, details);
        return new Journey(plate, from, end, sightings, truncated, c);
    }

    /** A passage with its reads as the caller may see them; {@code best} is among {@code reads}. */
    record PassageView(Passage passage, PlateRead best, List<PlateRead> reads) {
    }

    /**
     * @param plate normalised plate, or look-alike key with {@code folded}; null for the live listing
     */
    record PassageSearch(String plate, boolean folded, Instant from, Instant to, Long site, int limit, String cursor,
                         String purpose, String caseNumber, String reason) {
    }

    record PassagePage(List<PassageView> items, String nextCursor, Investigations.Case investigation) {
    }

    /**
     * Passages by plate, time and site: with a plate investigative exactly like a plate search of reads (purpose,
     * case, age tier, volume limits), without one the live window only; audited with the passages' and reads' ids.
     */
    PassagePage passages(UserPrincipal me, PassageSearch request, String channel) {
        ReadQueries.Cursor cursor = request.cursor() == null ? null : ReadQueries.Cursor.decode(request.cursor());
        Map<String, Object> details = new LinkedHashMap<>();
        Investigations.Case c = null;
        long reservation = 0;
        Instant from = request.from();
        String action;
        String target;
        if (request.plate() == null) {
            action = "passages.list";
            target = "passages";
            Instant start = investigations.now().minus(investigations.settings().liveWindow());
            String why = "without a plate, passages can be listed only for the last " + hours() + " hours (the live "
                    + "view); search by plate with a purpose and case for older passages";
            if (request.from() != null && request.from().isBefore(start)) {
                throw liveOnly("from", why);
            }
            if (request.to() != null && !request.to().isAfter(start)) {
                throw liveOnly("to", why);
            }
            if (cursor != null && cursor.capturedAt().isBefore(start)) {
                throw liveOnly("cursor", why);
            }
            from = from == null ? start : from;
        } else {
            action = "passages.search";
            target = "plate:" + request.plate();
            c = investigations.require(request.purpose(), request.caseNumber(), request.reason());
            details.putAll(c.audit());
        }
        details.put("plate", request.plate());
        details.put("match", request.plate() == null ? null : request.folded() ? "folded" : "exact");
        details.put("from", request.from() == null ? null : request.from().toString());
        details.put("to", request.to() == null ? null : request.to().toString());
        details.put("site", request.site());
        details.put("limit", request.limit());
        details.put("cursor", request.cursor() != null ? Boolean.TRUE : null);
        details.put("channel", channel);
        details.values().removeIf(Objects::isNull);
        if (c != null) {
            reservation = investigations.admit(me);
            try {
                from = investigations.reach(me, request.folded() ? null : request.plate(), c, request.from(),
                        request.to());
            } catch (Refusal refused) {
                audit.record(action, target, AuditLog.Outcome.DENIED, details);
                throw refused;
            }
        }
        var filter = new Passages.Filter(request.plate(),
                request.folded() ? Passages.PlateMatch.FOLDED : Passages.PlateMatch.EXACT, from, request.to(),
                request.site());
        List<Passage> found = passages.search(filter, me.scope(), request.limit() + 1,
                cursor == null ? null : new Passages.Position(cursor.capturedAt(), cursor.id()));
        String next = null;
        if (found.size() > request.limit()) {
            found = found.subList(0, request.limit());
            next = new ReadQueries.Cursor(found.getLast().firstAt(), found.getLast().id()).encode();
        }
        List<PassageView> views = views(found, me);
        int reads = views.stream().mapToInt(v -> v.reads().size()).sum();
        if (c != null) {
            investigations.count(me, reservation, reads);
        }
        details.put("results", views.size());
        details.put("ids", views.stream().map(v -> v.passage().id()).toList());
        details.put("readIds", views.stream().flatMap(v -> v.reads().stream().map(PlateRead::id)).toList());
        audit.record(action, target, AuditLog.Outcome.SUCCESS, details);
        return new PassagePage(views, next, c);
    }

    /**
     * One passage in the scope, with its reads: like one read, within the live window without a purpose, older
     * only under a purpose and case within the age tier. Outside the scope it is "not found".
     */
    PassageView passage(UserPrincipal me, long id, String purpose, String caseNumber, String reason, String channel) {
        boolean investigative = purpose != null && !purpose.isBlank() || caseNumber != null && !caseNumber.isBlank();
        Investigations.Case c = investigative ? investigations.require(purpose, caseNumber, reason) : null;
        Map<String, Object> details = new LinkedHashMap<>();
        long reservation = 0;
        if (c != null) {
            details.putAll(c.audit());
            reservation = investigations.admit(me);
        }
        details.put("channel", channel);
        String target = "passage:" + id;
        var found = passages.find(id, me.scope());
        if (found.isEmpty()) {
            audit.record("passages.view", target, AuditLog.Outcome.FAILURE, details);
            throw Refusal.notFound("no passage " + id);
        }
        Passage p = found.get();
        if (c == null) {
            Instant start = investigations.now().minus(investigations.settings().liveWindow());
            if (p.firstAt().isBefore(start)) {
                audit.record("passages.view", target, AuditLog.Outcome.DENIED, details);
                throw Refusal.invalid(List.of(FieldProblem.coded("purpose", "required",
                        "is required to open a passage older than " + hours() + " hours (with case)")));
            }
        } else {
            try {
                investigations.reach(me, p.plate(), c, p.firstAt(), p.lastAt().plusNanos(1000));
            } catch (Refusal refused) {
                audit.record("passages.view", target, AuditLog.Outcome.DENIED, details);
                throw refused;
            }
        }
        PassageView view = views(List.of(p), me).getFirst();
        if (c != null) {
            investigations.count(me, reservation, view.reads().size());
        }
        details.put("results", 1);
        details.put("ids", List.of(id));
        details.put("readIds", view.reads().stream().map(PlateRead::id).toList());
        audit.record("passages.view", target, AuditLog.Outcome.SUCCESS, details);
        return view;
    }

    private List<PassageView> views(List<Passage> found, UserPrincipal me) {
        Map<Long, PlateRead> reads = new java.util.HashMap<>();
        for (PlateRead read : queries.findAll(found.stream().flatMap(p -> p.readIds().stream()).toList(), me.scope())) {
            reads.put(read.id(), read);
        }
        return found.stream().map(p -> {
            List<PlateRead> members = p.readIds().stream().map(reads::get).filter(Objects::nonNull).toList();
            return new PassageView(p, reads.get(p.bestReadId()), members);
        }).toList();
    }

    private static Map<String, Object> query(SearchRequest r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("plate", r.plate());
        out.put("match", r.plate() == null ? null : r.match().name().toLowerCase(Locale.ROOT));
        out.put("from", r.from() == null ? null : r.from().toString());
        out.put("to", r.to() == null ? null : r.to().toString());
        out.put("site", r.site());
        out.put("camera", r.camera());
        out.put("city", r.city());
        out.put("limit", r.limit());
        out.put("cursor", r.cursor() != null ? Boolean.TRUE : null);
        out.put("before", r.before() != null ? Boolean.TRUE : null);
        out.put("make", r.make());
        out.put("colour", r.colour());
        out.values().removeIf(Objects::isNull);
        return out;
    }
}
