package dev.plateguard.server.violations;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.HashSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.registry.RegistryAnswer;

/**
 * The detection pipeline. It reads stored reads in id order after a persisted watermark, in small batches, and
 * runs every {@link ViolationRule} on each. Data flows one way: it reads {@code plate_read} and never calls
 * ingest, so a slow or failing rule cannot slow or fail a camera.
 *
 * <p>Each batch is one transaction: the watermark row is locked ({@code FOR UPDATE}, so two runners serialise),
 * violations are written, and the watermark advances, all or nothing. A crash mid-batch leaves the watermark where
 * it was; re-processing the same reads is harmless because each (rule, read) pair is recorded once
 * ({@code violation_read} has a unique key on it) and is skipped when seen again.
 *
 * <p>Reads without a plate (image-only reads not recognised yet) are passed over. When server-side recognition fills
 * a read's plate it also writes the read into {@code detection_requeue}, in the same transaction; each batch takes
 * entries from there and evaluates those reads the watermark has already passed (docs/recognition.md).
 *
 * <p>Identity ids are handed out before commit, so a read with a lower id can become visible after a higher one.
 * A gap in ids just before a read younger than {@code settle} stops the batch there until the gap fills or the
 * read is old enough for the gap to be a burnt id (a rolled-back or duplicate insert).
 */
@Component
public class ViolationDetector {

    private static final Logger log = LoggerFactory.getLogger(ViolationDetector.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final String WATERMARK = "detection";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final CatalogueStore catalogues;
    private final List<ViolationRule> rules;
    private final PlateGuardProperties.Violations settings;
    private final SectionMatcher sections;
    private final Exemptions exemptions;
    private final RegistryRules registry;
    private final RuleSettingsStore ruleSettings;

    ViolationDetector(JdbcClient jdbc, PlatformTransactionManager transactions, CatalogueStore catalogues,
                      List<ViolationRule> rules, PlateGuardProperties properties, SectionMatcher sections,
                      Exemptions exemptions, RegistryRules registry, RuleSettingsStore ruleSettings) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.catalogues = catalogues;
        this.rules = List.copyOf(rules);
        this.settings = properties.violations();
        this.sections = sections;
        this.exemptions = exemptions;
        this.registry = registry;
        this.ruleSettings = ruleSettings;
    }

    @Scheduled(initialDelayString = "${plateguard.violations.interval:500ms}",
            fixedDelayString = "${plateguard.violations.interval:500ms}")
    void scheduled() {
        if (!settings.enabled()) {
            return;
        }
        try {
            processPending();
        } catch (RuntimeException e) {
            log.error("Violation detection failed; it will retry from the same watermark", e);
        }
    }

    /** Processes every read stored so far, batch by batch, waiting for recent id gaps as configured. */
    public int processPending() {
        return processPending(settings.settle());
    }

    /**
     * Processes every read stored so far. With {@code settle} zero, id gaps are never waited for: right for tests
     * and for catching up while no ingest is running.
     *
     * @return the number of reads evaluated
     */
    public int processPending(Duration settle) {
        int total = 0;
        while (true) {
            Map<String, RegistryAnswer> answers = prefetchRegistry();
            Integer done = tx.execute(status -> batch(settle, answers));
            if (done == null || done == 0) {
                return total;
            }
            total += done;
        }
    }

    private record Row(ReadFacts facts, boolean fresh) {
    }

    /**
     * The reads' facts: camera, site, evidence counts; callers add the where clause. Evidence counts come from
     * one grouped join rather than a sub-query per read.
     */
    private static final String READS = """
                select r.id, r.camera_id, r.site_id, r.captured_at, r.plate_normalized, r.plate_country, r.metadata::text,
                       c.kind, c.speed_limit_kmh, s.timezone,
                       coalesce(e.images, 0) as images, coalesce(e.videos, 0) as videos,
                       r.received_at > now() - make_interval(secs => ?) as fresh
                from plate_read r join camera c on c.id = r.camera_id join site s on s.id = r.site_id
                left join lateral (select count(*) filter (where kind = 'image') as images,
                                          count(*) filter (where kind = 'video') as videos
                                   from read_evidence where read_id = r.id) e on true
                """;

    private static ReadFacts facts(java.sql.ResultSet rs) throws java.sql.SQLException {
        return ReadFacts.of(rs.getLong("id"), rs.getLong("camera_id"), rs.getLong("site_id"), rs.getString("kind"),
                (Integer) rs.getObject("speed_limit_kmh"), rs.getString("timezone"),
                rs.getTimestamp("captured_at").toInstant(), rs.getString("plate_normalized"),
                rs.getString("plate_country"), JSON.readTree(rs.getString("metadata")), rs.getInt("images"),
                rs.getInt("videos"));
    }

    /**
     * Registry answers for the plates of the next batch, asked before its transaction opens, so that a slow
     * external registry (up to its connect + read timeout per call until the circuit opens) does not hold the
     * watermark lock. Keyed {@code COUNTRY/PLATE}; a read the batch meets that is not here is looked up inline.
     */
    private Map<String, RegistryAnswer> prefetchRegistry() {
        if (!registry.enabled()) {
            return Map.of();
        }
        Map<String, RegistryAnswer> answers = new HashMap<>();
        jdbc.sql("""
                select plate_normalized, plate_country from plate_read
                where id > (select last_read_id from violation_watermark where name = ?) order by id limit ?""")
                .params(WATERMARK, settings.batchSize())
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list()
                .forEach(key -> {
                    if (registry.covered(key[1], key[0])) {
                        answers.computeIfAbsent(key[1] + "/" + key[0], k -> registry.lookup(key[1], key[0]));
                    }
                });
        return answers;
    }

    /** What one batch knows about every read in it, fetched with one query each instead of one per read. */
    record BatchContext(Catalogue catalogue, Map<String, RegistryAnswer> answers, Set<String> seen,
                        Set<String> exemptPlates, Map<Long, List<SectionMatcher.Section>> sectionsByCamera,
                        List<Pending> pending) {

        boolean seen(String rule, long readId) {
            return seen.contains(rule + "#" + readId);
        }
    }

    private int batch(Duration settle, Map<String, RegistryAnswer> answers) {
        long mark = jdbc.sql("select last_read_id from violation_watermark where name = ? for update")
                .param(WATERMARK).query(Long.class).single();
        List<Row> rows = jdbc.sql(READS + "where r.id > ? order by r.id limit ?")
                .params(settle.toMillis() / 1000.0, mark, settings.batchSize())
                .query((rs, n) -> new Row(facts(rs), rs.getBoolean("fresh")))
                .list();
        if (!rows.isEmpty() && !settle.isZero()) {
            rows = settledRows(rows, mark, settle);
        }
        long last = rows.isEmpty() ? mark : rows.getLast().facts().readId();
        List<ReadFacts> requeued = requeued(rows, last);
        if (rows.isEmpty() && requeued.isEmpty()) {
            return 0;
        }
        List<ReadFacts> reads = new ArrayList<>(rows.size() + requeued.size());
        rows.forEach(row -> reads.add(row.facts()));
        reads.addAll(requeued);
        List<String> plates = reads.stream().map(ReadFacts::plate).filter(Objects::nonNull).distinct().toList();
        Set<String> seen = new HashSet<>();
        if (!rows.isEmpty()) {
            seen.addAll(jdbc.sql("select rule || '#' || read_id from violation_read where read_id between ? and ?")
                    .params(rows.getFirst().facts().readId(), last).query(String.class).list());
        }
        if (!requeued.isEmpty()) {
            seen.addAll(jdbc.sql("select rule || '#' || read_id from violation_read where read_id = any(?)")
                    .param(requeued.stream().map(ReadFacts::readId).toArray(Long[]::new)).query(String.class).list());
        }
        BatchContext context = new BatchContext(catalogues.current(), answers, seen, exemptions.exemptAmong(plates),
                sections.byCamera(), new ArrayList<>());
        Map<Long, RuleSettings> settingsByCamera = ruleSettings.effectiveFor(
                reads.stream().map(ReadFacts::cameraId).distinct().toList());
        for (ReadFacts read : reads) {
            evaluate(read.withSettings(settingsByCamera.get(read.cameraId())), context);
        }
        recordAll(context);
        if (!rows.isEmpty()) {
            jdbc.sql("update violation_watermark set last_read_id = ?, updated_at = now() where name = ?")
                    .params(last, WATERMARK).update();
        }
        return reads.size();
    }

    /**
     * Reads whose plate server-side recognition filled in after they were stored (table {@code detection_requeue},
     * written in the same transaction as the plate): taken out of the table, and returned for evaluation when the
     * watermark has passed them without their plate. One the watermark has not reached yet is left to it (it will
     * load the read with its plate); one this batch loaded with its plate is evaluated with the batch already. One
     * this batch loaded while its plate was still being committed is loaded again here, with the plate.
     *
     * @param rows the batch's reads after the watermark; {@code last} is where the watermark moves to
     */
    private List<ReadFacts> requeued(List<Row> rows, long last) {
        List<Long> ids = jdbc.sql("""
                delete from detection_requeue
                where read_id in (select read_id from detection_requeue order by read_id limit ?)
                returning read_id""")
                .param(settings.batchSize()).query(Long.class).list();
        if (ids.isEmpty()) {
            return List.of();
        }
        Set<Long> evaluatedWithPlate = new HashSet<>();
        rows.stream().filter(row -> row.facts().plate() != null).forEach(row -> evaluatedWithPlate.add(row.facts().readId()));
        Long[] todo = ids.stream().filter(id -> id <= last && !evaluatedWithPlate.contains(id)).toArray(Long[]::new);
        if (todo.length == 0) {
            return List.of();
        }
        return jdbc.sql(READS + "where r.id = any(?) and r.plate_normalized is not null order by r.id")
                .params(0.0, todo)
                .query((rs, n) -> facts(rs))
                .list();
    }

    /**
     * The loaded rows that may be evaluated now, with no read missing among them. An id gap before a fresh read may
     * be a read still being committed. Any transaction holding a lower id took it before the read after the gap
     * did, so it started before that read committed, hence before the rows were loaded. When no other transaction
     * that started before then is still open, every holder has committed or rolled back, and loading the same id
     * range again sees every read there will ever be in it (gaps left are burnt ids: rolled-back or duplicate
     * inserts). The first time a gap is met it is remembered with the time it was seen, so that busy ingest (some
     * transaction always open) cannot hold it back for longer than one run. Reads older than {@code settle} are
     * never held back (the fallback when pg_stat_activity is not visible).
     */
    private List<Row> settledRows(List<Row> rows, long mark, Duration settle) {
        int firstGap = nextGap(rows, 0, mark + 1);
        if (firstGap < 0) {
            return rows;
        }
        // The start of a statement after the load: as late as, or later than, the load's snapshot.
        Instant loadedBy = jdbc.sql("select statement_timestamp()").query(Timestamp.class).single().toInstant();
        if (noTransactionOpenSince(loadedBy)) {
            gapSeen = null;
            return load(mark, rows.getLast().facts().readId(), settle);
        }
        long gapBefore = rows.get(firstGap).facts().readId();
        GapSeen earlier = gapSeen;
        if (earlier != null && earlier.readId() == gapBefore && noTransactionOpenSince(earlier.seenAt())) {
            // Ids up to that read are final: load them again, then go on while the rows after it have no gap.
            int nextGap = nextGap(rows, firstGap + 1, gapBefore + 1);
            List<Row> settled = new ArrayList<>(load(mark, gapBefore, settle));
            settled.addAll(rows.subList(firstGap + 1, nextGap < 0 ? rows.size() : nextGap));
            gapSeen = nextGap < 0 ? null : new GapSeen(rows.get(nextGap).facts().readId(), loadedBy);
            return settled;
        }
        if (earlier == null || earlier.readId() != gapBefore) {
            gapSeen = new GapSeen(gapBefore, loadedBy);
        }
        log.debug("Held back at read {}: a transaction that may hold a lower id is still open (gap first seen {})",
                gapBefore, gapSeen.seenAt());
        return rows.subList(0, firstGap);
    }

    /** Index of the first row from {@code from} on that follows an id gap and is fresh; -1 when there is none. */
    private static int nextGap(List<Row> rows, int from, long expected) {
        for (int i = from; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.facts().readId() != expected && row.fresh()) {
                return i;
            }
            expected = row.facts().readId() + 1;
        }
        return -1;
    }

    private List<Row> load(long after, long upTo, Duration settle) {
        return jdbc.sql(READS + "where r.id > ? and r.id <= ? order by r.id")
                .params(settle.toMillis() / 1000.0, after, upTo)
                .query((rs, n) -> new Row(facts(rs), rs.getBoolean("fresh")))
                .list();
    }

    private record GapSeen(long readId, Instant seenAt) {
    }

    private volatile GapSeen gapSeen;

    /** True when no other session of this database has a transaction open that started before {@code since}. */
    private boolean noTransactionOpenSince(Instant since) {
        jdbc.sql("select pg_stat_clear_snapshot()").query().singleRow(); // activity is otherwise cached per transaction
        return jdbc.sql("""
                select not exists (select 1 from pg_stat_activity
                                   where datname = current_database() and pid <> pg_backend_pid()
                                     and xact_start is not null and xact_start < ?)""")
                .param(Timestamp.from(since)).query(Boolean.class).single();
    }

    /** One read's facts by id, for re-checks; empty when the read is gone. */
    Optional<ReadFacts> read(long readId) {
        return jdbc.sql(READS + "where r.id = ?")
                .params(0.0, readId)
                .query((rs, n) -> facts(rs))
                .optional()
                .map(read -> read.withSettings(ruleSettings.effectiveFor(List.of(read.cameraId())).get(read.cameraId())));
    }

    private void evaluate(ReadFacts read, BatchContext context) {
        if (read.plate() == null) {
            return; // image-only read: recognition has not given it a plate (yet)
        }
        Catalogue catalogue = context.catalogue();
        for (ViolationRule rule : rules) {
            if (!read.settings().enabled(rule.name()) || context.seen(rule.name(), read.readId())) {
                continue;
            }
            rule.evaluate(read, catalogue).ifPresent(f -> context.pending().add(new Pending(rule.name(), read, f)));
        }
        // Average speed: pairs this read with a stored sighting at the other end of a section (either order).
        List<SectionMatcher.Section> atCamera = context.sectionsByCamera().getOrDefault(read.cameraId(), List.of());
        if (!atCamera.isEmpty() && read.settings().enabled(SectionMatcher.RULE)) {
            for (SectionMatcher.Match match : sections.onRead(read, atCamera, catalogue)) {
                if (match.finding().isPresent()) {
                    Long id = record(SectionMatcher.RULE, SectionMatcher.linkRule(match.sectionId()), match.exit(),
                            match.finding().get(), catalogue, false, context.exemptPlates());
                    if (id != null) {
                        sections.attach(match, id);
                    }
                }
            }
        }
        // Registry: unregistered / no insurance; UNAVAILABLE queues the read for a re-check and flags nothing.
        if (registry.applies(read)) {
            String country = read.plateCountry();
            RegistryAnswer answer = context.answers().get(country + "/" + read.plate());
            if (answer == null) {
                answer = registry.lookup(country, read.plate());
            }
            if (answer.definitive()) {
                judgeRegistry(read, country, read.plate(), answer, catalogue, context);
            } else {
                registry.queue().enqueue(read.readId(), country, read.plate());
            }
        }
    }

    /**
     * Records what a definitive registry answer for {@code plate} means for a read ({@code plate} is the read's
     * own or an operator's correction). Each (rule, read, plate) is recorded once; exemptions and deduplication
     * apply as for every rule. Runs in the caller's transaction.
     */
    void judgeRegistry(ReadFacts original, String country, String plate, RegistryAnswer answer, Catalogue catalogue) {
        judgeRegistry(original, country, plate, answer, catalogue, null);
    }

    private void judgeRegistry(ReadFacts original, String country, String plate, RegistryAnswer answer,
                               Catalogue catalogue, BatchContext context) {
        ReadFacts read = plate.equals(original.plate()) && country.equals(original.plateCountry())
                ? original : original.withPlate(plate, country);
        for (RegistryRules.Judged judged : RegistryRules.judge(read, answer, catalogue)) {
            String link = RegistryRules.linkRule(judged.rule(), original, plate);
            boolean seen = context != null ? context.seen(link, read.readId())
                    : jdbc.sql("select exists (select 1 from violation_read where rule = ? and read_id = ?)")
                            .params(link, read.readId()).query(Boolean.class).single();
            if (!seen) {
                record(judged.rule(), link, read, judged.finding(), catalogue, true,
                        context == null ? null : context.exemptPlates());
            }
        }
    }

    /** A rule's finding, recorded with the rest of its batch by {@link #recordAll}. */
    record Pending(String rule, ReadFacts read, Finding finding) {
    }

    private record Known(long id, String plate, String offenceType, long siteId, Instant at) {
    }

    /**
     * Records the batch's rule findings set-wise, with the same outcome as recording them one by one in read
     * order: exemptions, deduplication against stored violations and those earlier in the batch, the repeat rule
     * and the fine, then three multi-row inserts (violations, their read links, their first state events) instead
     * of several round trips per finding. Violation ids are drawn up front so that duplicates can point at
     * violations of the same batch.
     */
    private void recordAll(BatchContext context) {
        List<Pending> pending = context.pending();
        if (pending.isEmpty()) {
            return;
        }
        Catalogue catalogue = context.catalogue();
        Duration window = settings.dedupWindow();
        Instant first = pending.stream().map(p -> p.read().capturedAt()).min(Instant::compareTo).orElseThrow();
        Instant last = pending.stream().map(p -> p.read().capturedAt()).max(Instant::compareTo).orElseThrow();
        String[] plates = pending.stream().map(p -> p.read().plate()).distinct().toArray(String[]::new);
        RowMapper<Known> known = (rs, n) -> new Known(rs.getLong("id"), rs.getString("plate"), rs.getString("offence_type"),
                rs.getLong("site_id"), rs.getTimestamp("occurred_at").toInstant());
        // Stored violations these findings may duplicate, by plate / offence / site.
        Map<String, List<Known>> nearby = new HashMap<>();
        jdbc.sql("""
                select id, plate, offence_type, site_id, occurred_at from violation
                where plate = any(?) and occurred_at between ? and ?""")
                .params(plates, Timestamp.from(first.minus(window)), Timestamp.from(last.plus(window)))
                .query(known).list()
                .forEach(k -> nearby.computeIfAbsent(k.plate() + "|" + k.offenceType() + "|" + k.siteId(),
                        x -> new ArrayList<>()).add(k));
        // Unreviewed violations within a year before: the repeat rule (red light).
        Map<String, List<Known>> earlier = new HashMap<>();
        String[] repeatable = pending.stream().filter(p -> p.finding().repeatable()).map(p -> p.finding().offenceType())
                .distinct().toArray(String[]::new);
        if (repeatable.length > 0) {
            jdbc.sql("""
                    select id, plate, offence_type, site_id, occurred_at from violation
                    where plate = any(?) and offence_type = any(?) and state in ('detected', 'pending_review')
                      and occurred_at >= ? and occurred_at < ?""")
                    .params(plates, repeatable, Timestamp.from(first.minus(Duration.ofDays(367))), Timestamp.from(last))
                    .query(known).list()
                    .forEach(k -> earlier.computeIfAbsent(k.plate() + "|" + k.offenceType(), x -> new ArrayList<>()).add(k));
        }
        java.util.ArrayDeque<Long> ids = new java.util.ArrayDeque<>(jdbc.sql(
                        "select nextval(pg_get_serial_sequence('violation', 'id')) from generate_series(1, ?)")
                .param(pending.size()).query(Long.class).list());
        NewRows rows = new NewRows();
        for (Pending p : pending) {
            ReadFacts read = p.read();
            Finding finding = p.finding();
            if (context.exemptPlates().contains(read.plate()) && exemptions.skip(p.rule(), read, finding)) {
                continue;
            }
            Instant at = read.capturedAt();
            String dedupKey = read.plate() + "|" + finding.offenceType() + "|" + read.siteId();
            Optional<Known> same = nearby.getOrDefault(dedupKey, List.of()).stream()
                    .filter(k -> !k.at().isBefore(at.minus(window)) && !k.at().isAfter(at.plus(window)))
                    .min(java.util.Comparator.<Known>comparingLong(k -> Math.abs(Duration.between(k.at(), at).toNanos()))
                            .thenComparingLong(Known::id));
            if (same.isPresent()) {
                rows.link(same.get().id(), read.readId(), p.rule(), "duplicate");
                continue;
            }
            LocalDate day = at.atZone(read.siteZone()).toLocalDate();
            Optional<Long> brv = catalogue.brvOn(day);
            if (brv.isEmpty()) {
                log.warn("Read {}: no BRV in catalogue {} for {}; {} not recorded", read.readId(), catalogue.version(),
                        day, finding.offenceType());
                continue;
            }
            BigDecimal fineBrv = finding.fineBrv();
            Long repeatOf = null;
            Map<String, Object> measured = new LinkedHashMap<>(finding.measured());
            if (finding.repeatable()) {
                Optional<BigDecimal> higher = catalogue.offence(finding.offenceType()).map(Catalogue.Offence::repeatFineBrv);
                if (higher.isPresent()) {
                    Instant yearBefore = at.atZone(read.siteZone()).minusYears(1).toInstant();
                    Optional<Known> before = earlier.getOrDefault(read.plate() + "|" + finding.offenceType(), List.of())
                            .stream().filter(k -> !k.at().isBefore(yearBefore) && k.at().isBefore(at))
                            .max(java.util.Comparator.comparing(Known::at).thenComparingLong(Known::id));
                    if (before.isPresent()) {
                        repeatOf = before.get().id();
                        fineBrv = higher.get();
                        measured.put("repeatOf", repeatOf);
                    }
                }
            }
            long id = ids.removeFirst();
            Known created = new Known(id, read.plate(), finding.offenceType(), read.siteId(), at);
            nearby.computeIfAbsent(dedupKey, x -> new ArrayList<>()).add(created);
            if (finding.state() == ViolationState.DETECTED) {
                earlier.computeIfAbsent(read.plate() + "|" + finding.offenceType(), x -> new ArrayList<>()).add(created);
            }
            rows.violation(id, p.rule(), read, finding, measured, fineBrv, brv.get(), repeatOf, catalogue.version(),
                    at.plus(settings.reviewDeadline()));
            rows.link(id, read.readId(), p.rule(), "primary");
            rows.event(id, finding.state().code(), "detected by rule " + p.rule(),
                    JSON.writeValueAsString(Map.of("catalogueVersion", catalogue.version(), "readId", read.readId())));
        }
        rows.insert(jdbc);
    }

    /** Column arrays for the multi-row inserts of {@link #recordAll} (text arrays, cast by PostgreSQL). */
    private static final class NewRows {
        final List<String[]> violations = new ArrayList<>();
        final List<String[]> links = new ArrayList<>();
        final List<String[]> events = new ArrayList<>();

        void violation(long id, String rule, ReadFacts read, Finding finding, Map<String, Object> measured,
                       BigDecimal fineBrv, long brvSom, Long repeatOf, int catalogueVersion, Instant deadline) {
            violations.add(new String[] {Long.toString(id), finding.offenceType(), rule, Long.toString(read.readId()),
                    read.plate(), read.plateCountry(), Long.toString(read.siteId()), Long.toString(read.cameraId()),
                    read.capturedAt().toString(), JSON.writeValueAsString(measured), finding.article(),
                    fineBrv.toPlainString(), Long.toString(brvSom), Long.toString(Catalogue.fineSom(fineBrv, brvSom)),
                    Integer.toString(catalogueVersion), repeatOf == null ? null : repeatOf.toString(),
                    finding.state().code(), deadline.toString()});
        }

        void link(long violationId, long readId, String rule, String role) {
            links.add(new String[] {Long.toString(violationId), Long.toString(readId), rule, role});
        }

        void event(long violationId, String state, String reason, String details) {
            events.add(new String[] {Long.toString(violationId), state, reason, details});
        }

        private static Object[] columns(List<String[]> rows, int width) {
            Object[] columns = new Object[width];
            for (int c = 0; c < width; c++) {
                String[] column = new String[rows.size()];
                for (int r = 0; r < rows.size(); r++) {
                    column[r] = rows.get(r)[c];
                }
                columns[c] = column;
            }
            return columns;
        }

        void insert(JdbcClient jdbc) {
            if (!violations.isEmpty()) {
                jdbc.sql("""
                        insert into violation (id, offence_type, rule, read_id, plate, plate_country, site_id, camera_id,
                                               occurred_at, measured, article, fine_brv, brv_som, fine_som,
                                               catalogue_version, repeat_of, state, review_deadline)
                        overriding system value
                        select id::bigint, offence_type, rule, read_id::bigint, plate, plate_country, site_id::bigint,
                               camera_id::bigint, occurred_at::timestamptz, measured::jsonb, article, fine_brv::numeric,
                               brv_som::bigint, fine_som::bigint, catalogue_version::integer, repeat_of::bigint, state,
                               review_deadline::timestamptz
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::text[], ?::text[])
                             as v(id, offence_type, rule, read_id, plate, plate_country, site_id, camera_id, occurred_at,
                                  measured, article, fine_brv, brv_som, fine_som, catalogue_version, repeat_of, state,
                                  review_deadline)
                        order by id::bigint""")
                        .params(columns(violations, 18)).update();
            }
            if (!links.isEmpty()) {
                jdbc.sql("""
                        insert into violation_read (violation_id, read_id, rule, role)
                        select violation_id::bigint, read_id::bigint, rule, role
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as l(violation_id, read_id, rule, role)""")
                        .params(columns(links, 4)).update();
            }
            if (!events.isEmpty()) {
                jdbc.sql("""
                        insert into violation_event (violation_id, from_state, to_state, actor, reason, details)
                        select violation_id::bigint, null, to_state, 'system', reason, details::jsonb
                        from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as e(violation_id, to_state, reason, details)""")
                        .params(columns(events, 4)).update();
            }
        }
    }

    /**
     * Records one finding; {@code linkRule} is the (rule, read) idempotency key in {@code violation_read} (the
     * rule's name, or per section for average speed). Answers the new violation's id, or null when nothing new was
     * recorded (exempt plate, duplicate, no BRV).
     */
    private Long record(String ruleName, String linkRule, ReadFacts read, Finding finding, Catalogue catalogue,
                        boolean dedup, Set<String> exemptPlates) {
        // exemptPlates: the batch's plates with an exemption; a plate not among them needs no look-up
        if ((exemptPlates == null || exemptPlates.contains(read.plate())) && exemptions.skip(linkRule, read, finding)) {
            return null; // the one exemption check, for every rule
        }
        Instant at = read.capturedAt();
        Duration window = settings.dedupWindow();
        Optional<Long> same = !dedup ? Optional.empty() : jdbc.sql("""
                select id from violation
                where plate = ? and offence_type = ? and site_id = ? and occurred_at between ? and ?
                order by abs(extract(epoch from occurred_at - ?)), id limit 1""")
                .params(read.plate(), finding.offenceType(), read.siteId(), Timestamp.from(at.minus(window)),
                        Timestamp.from(at.plus(window)), Timestamp.from(at))
                .query(Long.class).optional();
        if (same.isPresent()) {
            jdbc.sql("insert into violation_read (violation_id, read_id, rule, role) values (?, ?, ?, 'duplicate')")
                    .params(same.get(), read.readId(), linkRule).update();
            return null;
        }
        LocalDate day = at.atZone(read.siteZone()).toLocalDate();
        Optional<Long> brv = catalogue.brvOn(day);
        if (brv.isEmpty()) {
            log.warn("Read {}: no BRV in catalogue {} for {}; {} not recorded", read.readId(), catalogue.version(), day,
                    finding.offenceType());
            return null;
        }
        BigDecimal fineBrv = finding.fineBrv();
        Long repeatOf = null;
        Map<String, Object> measured = new LinkedHashMap<>(finding.measured());
        if (finding.repeatable()) {
            Optional<BigDecimal> higher = catalogue.offence(finding.offenceType()).map(Catalogue.Offence::repeatFineBrv);
            if (higher.isPresent()) {
                Instant yearBefore = at.atZone(read.siteZone()).minusYears(1).toInstant();
                repeatOf = jdbc.sql("""
                        select id from violation
                        where plate = ? and offence_type = ? and state in ('detected', 'pending_review')
                          and occurred_at >= ? and occurred_at < ?
                        order by occurred_at desc, id desc limit 1""")
                        .params(read.plate(), finding.offenceType(), Timestamp.from(yearBefore), Timestamp.from(at))
                        .query(Long.class).optional().orElse(null);
                if (repeatOf != null) {
                    fineBrv = higher.get();
                    measured.put("repeatOf", repeatOf);
                }
            }
        }
        long fineSom = Catalogue.fineSom(fineBrv, brv.get());
        // The violation, its primary read link and its first state event: one statement, one round trip.
        return jdbc.sql("""
                with v as (
                    insert into violation (offence_type, rule, read_id, plate, plate_country, site_id, camera_id,
                                           occurred_at, measured, article, fine_brv, brv_som, fine_som,
                                           catalogue_version, repeat_of, state, review_deadline)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?) returning id),
                link as (
                    insert into violation_read (violation_id, read_id, rule, role)
                    select id, ?, ?, 'primary' from v),
                event as (
                    insert into violation_event (violation_id, from_state, to_state, actor, reason, details)
                    select id, null, ?, 'system', ?, ?::jsonb from v)
                select id from v""")
                .params(finding.offenceType(), ruleName, read.readId(), read.plate(), read.plateCountry(),
                        read.siteId(), read.cameraId(), Timestamp.from(at), JSON.writeValueAsString(measured),
                        finding.article(), fineBrv, brv.get(), fineSom, catalogue.version(), repeatOf,
                        finding.state().code(), Timestamp.from(at.plus(settings.reviewDeadline())),
                        read.readId(), linkRule,
                        finding.state().code(), "detected by rule " + ruleName,
                        JSON.writeValueAsString(Map.of("catalogueVersion", catalogue.version(), "readId", read.readId())))
                .query(Long.class).single();
    }
}
