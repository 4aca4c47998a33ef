package dev.plateguard.server.ingest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.plateguard.server.PlateGuardProperties;
import dev.plateguard.server.evidence.EvidenceStore;
import dev.plateguard.server.evidence.StagedEvidence;

/**
 * Group commit of single reads. Request threads do everything that runs well in parallel (parsing, validation,
 * hashing, encryption, writing and fsyncing each evidence file under a temporary name) and hand the read to one
 * writer. The writer takes every read that is waiting (and, while reads arrive concurrently, those that arrive within
 * {@code maxWait}), links all their evidence into place with one directory sync per directory (about one journal
 * commit), inserts all their rows in one statement (one WAL flush), and then acknowledges each request. A read is
 * acknowledged only after both its evidence and its row are durable, exactly as when it is written alone.
 */
@Component
class GroupCommit implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** What a read's commit did: the insert's result and which of its evidence objects were new. */
    record Committed(ReadWriter.Inserted inserted, Set<String> createdEvidence) {
    }

    private record Item(ReadWriter.Pending pending, List<StagedEvidence> staged, CompletableFuture<Committed> done) {
    }

    private final ReadWriter writer;
    private final EvidenceStore store;
    private final PlateGuardProperties.Ingest.GroupCommit settings;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();

    private final AtomicLong groups = new AtomicLong();
    private final AtomicLong groupedReads = new AtomicLong();
    private final AtomicInteger largestGroup = new AtomicInteger();

    private volatile boolean running;
    private Thread thread;

    GroupCommit(ReadWriter writer, EvidenceStore store, PlateGuardProperties properties) {
        this.writer = writer;
        this.store = store;
        this.settings = properties.ingest().groupCommit();
    }

    /**
     * Commits one read whose evidence is staged, in the next group; returns once it is durable. Runs on the caller's
     * thread when group commit is off or the writer is not running (start-up, shut-down).
     */
    Committed commit(ReadWriter.Pending pending, List<StagedEvidence> staged) {
        Item item = new Item(pending, staged, new CompletableFuture<>());
        if (!running) {
            process(List.of(item));
        } else {
            queue.add(item);
            if (!running && queue.remove(item)) {
                process(List.of(item)); // the writer stopped meanwhile and will not see it
            }
        }
        try {
            return item.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the read was committed", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        List<Item> group = new ArrayList<>();
        int lastGroupSize = 0;
        while (running || !queue.isEmpty()) {
            try {
                Item first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, settings.maxReads() - 1);
                if (lastGroupSize > 1 && group.size() < settings.maxReads() && !settings.maxWait().isZero()) {
                    collectFor(settings.maxWait(), group);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false; // the loop drains what is left
                Thread.interrupted(); // file channels close when interrupted: the group must still be written
            }
            if (!group.isEmpty()) {
                lastGroupSize = group.size();
                process(group);
                group = new ArrayList<>();
            }
        }
    }

    private void collectFor(Duration wait, List<Item> group) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (group.size() < settings.maxReads()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Item next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            group.add(next);
            queue.drainTo(group, settings.maxReads() - group.size());
        }
    }

    /** Groups written so far. */
    long groups() {
        return groups.get();
    }

    /** Reads written in groups so far. */
    long groupedReads() {
        return groupedReads.get();
    }

    /** The most reads written in one group so far. */
    int largestGroup() {
        return largestGroup.get();
    }

    /** Reads waiting for the writer. */
    int waiting() {
        return queue.size();
    }

    /** Publishes the group's evidence, then inserts its rows; completes every item, whatever happens. */
    private void process(List<Item> group) {
        groups.incrementAndGet();
        groupedReads.addAndGet(group.size());
        largestGroup.accumulateAndGet(group.size(), Math::max);
        List<StagedEvidence> staged = new ArrayList<>();
        group.forEach(i -> staged.addAll(i.staged()));
        Set<String> created;
        try {
            created = store.publish(staged);
        } catch (IOException | RuntimeException e) {
            store.discard(staged);
            RuntimeException failure = e instanceof IOException io
                    ? new UncheckedIOException("evidence write failed", io) : (RuntimeException) e;
            group.forEach(i -> i.done().completeExceptionally(failure));
            return;
        }
        List<ReadWriter.Inserted> results = null;
        if (group.size() > 1) {
            try {
                results = writer.insertGroup(group.stream().map(i -> i.pending().row()).toList());
            } catch (RuntimeException e) {
                // One read the database refuses must not fail the others: write them one by one.
                log.warn("Group commit of {} reads failed, writing them one by one: {}", group.size(), e.toString());
            }
        }
        for (int k = 0; k < group.size(); k++) {
            Item item = group.get(k);
            try {
                ReadWriter.Inserted inserted = results != null ? results.get(k) : writer.insert(
                        item.pending().device(), item.pending().read(), item.pending().contentHash(),
                        item.pending().evidence());
                Set<String> mine = new HashSet<>();
                item.staged().forEach(s -> {
                    if (created.contains(s.sha256())) {
                        mine.add(s.sha256());
                    }
                });
                item.done().complete(new Committed(inserted, mine));
            } catch (RuntimeException e) {
                item.done().completeExceptionally(e);
            }
        }
    }

    @Override
    public void start() {
        if (!settings.enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("ingest-group-commit").daemon(true).start(this::run);
    }

    @Override
    public void stop() {
        // No interrupt: an interrupted FileChannel.force closes the channel. The writer polls, so it sees the flag
        // within 100 ms and writes what is queued before it ends.
        running = false;
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
