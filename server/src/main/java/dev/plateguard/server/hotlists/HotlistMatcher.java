package dev.plateguard.server.hotlists;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Matches plates against every active hotlist entry, from an in-memory {@link HotlistIndex}: what the alerts module
 * asks for each read.
 *
 * <p>The index is rebuilt from the database when the lists change: at once (before the next plate is matched) when
 * the change was made on this node, and within {@code plateguard.hotlists.refresh-interval} when another node made
 * it ({@code hotlist_version} moved on). A rebuild reads the version first and the entries after, so an index is
 * never newer than the version it records, and a change between the two is simply seen again.
 */
@Component
public class HotlistMatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(HotlistMatcher.class);

    /** One entry that a plate hits. {@code match} and {@code reason} are the names of {@link MatchKind}, {@link HotlistReason}. */
    public record Hit(long entryId, long hotlistId, String match, int priority, String reason) {
    }

    private final JdbcClient jdbc;
    private final Clock clock = Clock.systemUTC();
    /** Changes committed on this node so far; an index built before the latest is stale. */
    private final AtomicLong localChanges = new AtomicLong();
    private final ExecutorService rebuilder = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon()
            .name("hotlist-index").factory());
    private volatile HotlistIndex index = HotlistIndex.EMPTY;

    HotlistMatcher(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The entries the normalised {@code plate} hits now, each once; expired and removed entries never. */
    public List<Hit> match(String plate) {
        return current().match(plate, clock.millis()).stream()
                .map(e -> new Hit(e.id(), e.hotlistId(), e.kind().name(), e.priority(), e.reason())).toList();
    }

    /** Active entries in the index now (after rebuilding it if it is stale). */
    public int activeEntries() {
        return current().size();
    }

    private HotlistIndex current() {
        HotlistIndex now = index;
        return now.localChanges == localChanges.get() && now.version >= 0 ? now : rebuild();
    }

    /** A change committed here: the index is stale from now on, and is rebuilt in the background meanwhile. */
    @TransactionalEventListener
    void onChange(HotlistsChanged change) {
        localChanges.incrementAndGet();
        rebuilder.execute(this::current);
    }

    /** Another node's changes: rebuild when the shared version moved on. */
    @Scheduled(initialDelayString = "${plateguard.hotlists.refresh-interval:1s}",
            fixedDelayString = "${plateguard.hotlists.refresh-interval:1s}")
    void refresh() {
        try {
            long version = version();
            if (version != index.version) {
                rebuild();
            }
        } catch (RuntimeException e) {
            log.warn("Could not check the hotlists for changes; the index stays as it is: {}", e.toString());
        }
    }

    private synchronized HotlistIndex rebuild() {
        long changes = localChanges.get();
        HotlistIndex now = index;
        long version = version();
        if (now.localChanges == changes && now.version == version) {
            return now; // another thread rebuilt it while this one waited
        }
        long started = System.nanoTime();
        List<HotlistIndex.Entry> entries = jdbc.sql("""
                        select e.id, e.hotlist_id, e.match, e.pattern, e.priority, e.reason, e.expires_at
                        from hotlist_entry e join hotlist h on h.id = e.hotlist_id
                        where e.removed_at is null and h.removed_at is null and e.expires_at > now()""")
                .query((rs, n) -> {
                    MatchKind kind = MatchKind.valueOf(rs.getString("match"));
                    String pattern = rs.getString("pattern");
                    return new HotlistIndex.Entry(rs.getLong("id"), rs.getLong("hotlist_id"), kind, pattern,
                            kind == MatchKind.LOOKALIKE ? dev.plateguard.plates.PlateText.fold(pattern) : null,
                            rs.getInt("priority"), rs.getString("reason"), rs.getTimestamp("expires_at").getTime());
                }).list();
        HotlistIndex built = HotlistIndex.build(entries, version, changes);
        index = built;
        log.debug("Hotlist index rebuilt: {} active entries (version {}) in {} ms", built.size(), version,
                (System.nanoTime() - started) / 1_000_000);
        return built;
    }

    private long version() {
        return jdbc.sql("select version from hotlist_version").query(Long.class).single();
    }

    @Override
    public void destroy() {
        rebuilder.shutdownNow();
    }
}
