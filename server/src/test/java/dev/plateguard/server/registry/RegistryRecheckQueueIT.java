package dev.plateguard.server.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.plateguard.server.TestClient;
import dev.plateguard.server.ingest.IngestSupport;

/**
 * The re-check queue on the real database, with time passed in by hand: exponential backoff, the cap, leases,
 * corrections, and that nothing is ever dropped. Only this test's reads are looked at, so other tests' entries in
 * the shared database do not matter.
 */
class RegistryRecheckQueueIT extends IngestSupport {

    private static final Duration BASE = Duration.ofSeconds(30);
    private static final Duration CAP = Duration.ofHours(1);

    @Autowired
    RegistryRecheckQueue bean;

    private RegistryRecheckQueue queue;
    private TestClient.Device device;
    /** Far from the real clock, so that entries queued by other tests (at real time) are never due here first. */
    private Instant t0;

    @BeforeEach
    void setUp() {
        queue = new RegistryRecheckQueue(jdbc, BASE, CAP, Clock.systemUTC());
        if (device == null) {
            device = client().device(admin());
        }
        t0 = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(System.nanoTime() % 1_000_000);
    }

    private long read(String plate) {
        return createRead(device, eventId(), aMinuteAgo(), plate);
    }

    private List<RegistryRecheckQueue.Entry> mine(List<RegistryRecheckQueue.Entry> drained, long... ids) {
        Set<Long> wanted = new HashSet<>();
        for (long id : ids) {
            wanted.add(id);
        }
        return drained.stream().filter(e -> wanted.contains(e.readId())).toList();
    }

    @Test
    void backoffDoublesPerAttemptUpToTheCap() {
        assertThat(queue.backoff(0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(queue.backoff(1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(queue.backoff(2)).isEqualTo(Duration.ofSeconds(120));
        assertThat(queue.backoff(6)).isEqualTo(Duration.ofSeconds(1920));
        assertThat(queue.backoff(7)).isEqualTo(CAP);
        assertThat(queue.backoff(1000)).isEqualTo(CAP);
        assertThatThrownBy(() -> new RegistryRecheckQueue(jdbc, Duration.ZERO, CAP, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new RegistryRecheckQueue(jdbc, CAP, BASE, Clock.systemUTC()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void entriesComeDueWithExponentialBackoffAndAreNeverDropped() {
        String plate = uniquePlate();
        long id = read(plate);
        assertThat(queue.enqueue(id, "UZ", plate, t0)).isTrue();
        var entry = queue.find(id).orElseThrow();
        assertThat(entry.attempts()).isZero();
        assertThat(entry.nextAttemptAt()).isEqualTo(t0.plus(BASE));

        // Not due before the first backoff.
        assertThat(mine(queue.drainDue(1000, t0.plusSeconds(29)), id)).isEmpty();

        Instant now = t0.plus(BASE);
        Duration expectedWait = BASE;
        for (int attempt = 1; attempt <= 12; attempt++) {
            var claimed = mine(queue.drainDue(1000, now), id);
            assertThat(claimed).as("attempt " + attempt).singleElement().satisfies(e -> {
                assertThat(e.country()).isEqualTo("UZ");
                assertThat(e.plate()).isEqualTo(plate);
            });
            int attempts = claimed.getFirst().attempts();
            assertThat(attempts).isEqualTo(attempt);
            expectedWait = expectedWait.multipliedBy(2).compareTo(CAP) > 0 ? CAP : expectedWait.multipliedBy(2);
            assertThat(claimed.getFirst().nextAttemptAt()).as("attempt " + attempt).isEqualTo(now.plus(expectedWait));
            // The claim is a lease: the entry is not handed out again before its backoff is over...
            assertThat(mine(queue.drainDue(1000, now.plus(expectedWait).minusMillis(1)), id)).isEmpty();
            queue.failed(id, "HTTP 503 (attempt " + attempt + ")");
            // ...and then it is, even if nobody reported back.
            now = now.plus(expectedWait);
        }
        assertThat(expectedWait).isEqualTo(CAP);
        var after = queue.find(id).orElseThrow();
        assertThat(after.attempts()).isEqualTo(12);
        assertThat(after.lastError()).isEqualTo("HTTP 503 (attempt 12)");

        // A definitive answer takes it off the queue.
        assertThat(queue.complete(id)).isTrue();
        assertThat(queue.find(id)).isEmpty();
        assertThat(queue.complete(id)).isFalse();
    }

    @Test
    void drainReturnsAtMostMaxOldestDueFirst() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String plate = uniquePlate();
            long id = read(plate);
            ids.add(id);
            queue.enqueue(id, "UZ", plate, t0.plusSeconds(i));
        }
        long[] all = ids.stream().mapToLong(Long::longValue).toArray();
        // Only this test's entries are due this early in 2020.
        var first = mine(queue.drainDue(2, t0.plus(BASE).plusSeconds(10)), all);
        assertThat(first).extracting(RegistryRecheckQueue.Entry::readId).containsExactly(ids.get(0), ids.get(1));
        var rest = mine(queue.drainDue(10, t0.plus(BASE).plusSeconds(10)), all);
        assertThat(rest).extracting(RegistryRecheckQueue.Entry::readId).containsExactly(ids.get(2), ids.get(3));
        assertThat(mine(queue.drainDue(10, t0.plus(BASE).plusSeconds(10)), all)).isEmpty();
        ids.forEach(queue::complete);
        assertThatThrownBy(() -> queue.drainDue(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentDrainsNeverShareAnEntry() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String plate = uniquePlate();
            long id = read(plate);
            ids.add(id);
            queue.enqueue(id, "UZ", plate, t0);
        }
        long[] all = ids.stream().mapToLong(Long::longValue).toArray();
        Instant due = t0.plus(BASE);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<RegistryRecheckQueue.Entry>>> drains = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                drains.add(() -> mine(queue.drainDue(3, due), all));
            }
            List<Long> claimed = new ArrayList<>();
            for (Future<List<RegistryRecheckQueue.Entry>> f : pool.invokeAll(drains)) {
                f.get().forEach(e -> claimed.add(e.readId()));
            }
            assertThat(claimed).doesNotHaveDuplicates();
            assertThat(claimed).hasSizeLessThanOrEqualTo(20);
            // Whatever was not claimed is still there and due; nothing was lost.
            claimed.addAll(mine(queue.drainDue(100, due), all).stream().map(RegistryRecheckQueue.Entry::readId).toList());
            assertThat(claimed).containsExactlyInAnyOrderElementsOf(ids);
        } finally {
            pool.shutdownNow();
            ids.forEach(queue::complete);
        }
    }

    @Test
    void enqueueIsIdempotentAndACorrectedPlateReplacesTheEntry() {
        String plate = uniquePlate();
        long id = read(plate);
        assertThat(queue.enqueue(id, "UZ", plate, t0)).isTrue();
        mine(queue.drainDue(10, t0.plus(BASE)), id);
        queue.failed(id, "timeout");
        // The same read again: nothing changes (attempts and backoff are kept).
        assertThat(queue.enqueue(id, "UZ", plate, t0.plusSeconds(40))).isFalse();
        assertThat(queue.find(id).orElseThrow().attempts()).isEqualTo(1);
        assertThat(queue.find(id).orElseThrow().lastError()).isEqualTo("timeout");

        // An operator corrected the plate: the new plate is checked at once, from scratch.
        String corrected = uniquePlate();
        Instant at = t0.plusSeconds(50);
        assertThat(queue.enqueue(id, "UZ", corrected, at)).isTrue();
        var entry = queue.find(id).orElseThrow();
        assertThat(entry.plate()).isEqualTo(corrected);
        assertThat(entry.attempts()).isZero();
        assertThat(entry.lastError()).isNull();
        assertThat(entry.nextAttemptAt()).isEqualTo(at);
        assertThat(mine(queue.drainDue(10, at), id)).singleElement()
                .satisfies(e -> assertThat(e.plate()).isEqualTo(corrected));
        queue.complete(id);
    }

    @Test
    void badKeysAreRefused() {
        long id = read(uniquePlate());
        assertThatThrownBy(() -> queue.enqueue(id, "UZ", "01 a 123")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.enqueue(id, "UNKNOWN", "01A123BC")).isInstanceOf(IllegalArgumentException.class);
        assertThat(queue.find(id)).isEmpty();
    }

    @Test
    void theSpringBeanUsesTheConfiguredBackoff() {
        String plate = uniquePlate();
        long id = read(plate);
        Instant before = Instant.now();
        assertThat(bean.enqueue(id, "UZ", plate)).isTrue();
        var entry = bean.find(id).orElseThrow();
        // plateguard.registry.recheck-backoff defaults to 30 s.
        assertThat(Duration.between(before, entry.nextAttemptAt()).toSeconds()).isBetween(29L, 31L);
        assertThat(bean.pending()).isGreaterThanOrEqualTo(1);
        assertThat(bean.backoff(1)).isEqualTo(Duration.ofSeconds(60));
        assertThat(bean.complete(id)).isTrue();
    }

    @Test
    void entriesGoWithTheirRead() {
        String plate = uniquePlate();
        long id = read(plate);
        queue.enqueue(id, "UZ", plate, t0);
        assertThatThrownBy(() -> queue.enqueue(Long.MAX_VALUE, "UZ", plate, t0))
                .as("only existing reads can be queued")
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
        queue.complete(id);
    }
}
