package dev.plateguard.server.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import dev.plateguard.server.hotlists.HotlistMatcher;
import dev.plateguard.server.ingest.PlateReadsStored;
import dev.plateguard.server.recognition.PlateRecognised;

/**
 * Matching at ingest: {@link AlertFeed} ({@code alert_job}, written with every read that has a plate, whatever its
 * source) → {@link HotlistMatcher} (the in-memory index) → {@link AlertBook} (group or raise, publish) → the live
 * streams ({@link AlertStream}, woken at once).
 *
 * <p>One thread per node. It is woken after commit by ingest and recognition on this node, and looks anyway every
 * {@code plateguard.alerts.poll-interval} (reads stored by another node, jobs left by a restart). After a round that
 * matched reads it waits {@code plateguard.alerts.gather} before the next, so that under load one transaction takes
 * many reads instead of one each. Each batch is one
 * transaction under the alert lock, so several nodes can run it side by side and a crash gives the jobs back. Data
 * flows one way: it reads {@code plate_read} and never calls ingest.
 */
@Component
class AlertMatcher extends WokenLoop {

    private final AlertFeed feed;
    private final AlertBook book;
    private final HotlistMatcher hotlists;
    private final AlertStream stream;
    private final AlertSettings settings;
    private final TransactionTemplate tx;

    AlertMatcher(AlertFeed feed, AlertBook book, HotlistMatcher hotlists, AlertStream stream, AlertSettings settings,
                 PlatformTransactionManager transactions) {
        super("alert-matcher");
        this.feed = feed;
        this.book = book;
        this.hotlists = hotlists;
        this.stream = stream;
        this.settings = settings;
        this.tx = new TransactionTemplate(transactions);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onReadsStored(PlateReadsStored stored) {
        wake();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onPlateRecognised(PlateRecognised recognised) {
        wake();
    }

    @Override
    Duration interval() {
        return settings.pollInterval();
    }

    @Override
    void round() {
        if (settings.enabled() && processPending() > 0 && !settings.gather().isZero()) {
            try {
                Thread.sleep(settings.gather().toMillis()); // wakes meanwhile make one round after it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Matches every read queued so far, batch by batch.
     *
     * @return the number of jobs taken
     */
    int processPending() {
        hotlists.activeEntries(); // a stale index is rebuilt here, outside the batch and its lock
        int total = 0;
        while (true) {
            int[] done = tx.execute(status -> {
                feed.lock();
                AlertFeed.Taken taken = feed.take(settings.batchSize());
                List<AlertBook.Hit> hits = new ArrayList<>();
                for (AlertFeed.Sighting read : taken.reads()) {
                    hits.addAll(hitsOf(read));
                }
                book.record(hits);
                return new int[] {taken.jobs(), hits.size()};
            });
            if (done[1] > 0) {
                stream.wake();
            }
            total += done[0];
            if (done[0] < settings.batchSize()) {
                return total;
            }
        }
    }

    /** One hit per list: the list's most urgent entry that the read's plate hits. */
    private List<AlertBook.Hit> hitsOf(AlertFeed.Sighting read) {
        List<HotlistMatcher.Hit> entries = hotlists.match(read.plate());
        if (entries.isEmpty()) {
            return List.of();
        }
        Map<Long, HotlistMatcher.Hit> byList = new LinkedHashMap<>();
        entries.stream().sorted(Comparator.comparingInt(HotlistMatcher.Hit::priority)
                        .thenComparingLong(HotlistMatcher.Hit::entryId))
                .forEach(hit -> byList.putIfAbsent(hit.hotlistId(), hit));
        return byList.values().stream().map(hit -> new AlertBook.Hit(read, hit)).toList();
    }
}
