package dev.plateguard.server.recognition;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.plateguard.server.ingest.ImageOnlyReadStored;

/**
 * The bounded, in-memory side of recognition: {@code threads} workers behind a queue of {@code queue-capacity}
 * job ids. It only dispatches; the jobs themselves are rows of {@code recognition_job} ({@link RecognitionJobs}).
 *
 * <ul>
 *   <li>When ingest has stored an image-only read (and its job), the job id is offered here once the read is
 *       committed. Offering never blocks: when the queue is full the job simply stays in the table.</li>
 *   <li>Every {@code poll-interval} the poller fills the queue's free room with due jobs from the table: those a
 *       full queue turned away, retries, jobs left by a restart or a crashed server, jobs that waited for models.</li>
 * </ul>
 *
 * So a full queue slows recognition down but loses nothing, and ingest never waits for it. A node whose worker is
 * off ({@link RecognitionWorkerSettings}) dispatches nothing: its jobs wait in the table for the nodes that recognise.
 */
@Component
public class RecognitionDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RecognitionDispatcher.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    /**
     * @param queued     job ids waiting in the in-memory queue or running
     * @param capacity   the in-memory queue's capacity (besides those running)
     * @param turnedAway offers refused since start because the queue was full (those jobs waited in the table)
     * @param completed  jobs run to a recorded result since start
     */
    public record Stats(int queued, int capacity, int threads, long turnedAway, long completed) {
    }

    private final RecognitionSettings settings;
    private final boolean workerEnabled;
    private final RecognitionWorker worker;
    private final RecognitionJobs jobs;
    private final PlateReader reader;
    private final ThreadPoolExecutor executor;
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    private final LongAdder turnedAway = new LongAdder();
    private final LongAdder completed = new LongAdder();

    public RecognitionDispatcher(RecognitionSettings settings, RecognitionWorker worker, RecognitionJobs jobs,
                                 PlateReader reader) {
        this(settings, new RecognitionWorkerSettings(true), worker, jobs, reader);
    }

    @Autowired
    public RecognitionDispatcher(RecognitionSettings settings, RecognitionWorkerSettings workerSettings,
                                 RecognitionWorker worker, RecognitionJobs jobs, PlateReader reader) {
        this.settings = settings;
        this.workerEnabled = workerSettings.enabled();
        this.worker = worker;
        this.jobs = jobs;
        this.reader = reader;
        int pool = POOLS.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread t = new Thread(task, "recognition-" + (pool == 1 ? "" : pool + "-") + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.executor = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queueCapacity()), threads, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Ingest stored an image-only read: dispatch its job now, after commit (or at once outside a transaction). Runs
     * on the ingest thread, so it only offers (without models, the worker leaves the job in the table).
     */
    @TransactionalEventListener(fallbackExecution = true)
    void onImageOnlyRead(ImageOnlyReadStored stored) {
        if (settings.enabled() && workerEnabled) {
            offer(stored.jobId());
        }
    }

    /**
     * Puts a job in the in-memory queue, without waiting.
     *
     * @return false when the queue is full or this node runs no worker (the job stays in the table for a poller)
     */
    public boolean offer(long jobId) {
        if (!workerEnabled) {
            return false;
        }
        if (!queued.add(jobId)) {
            return true; // already queued or running here
        }
        try {
            executor.execute(() -> {
                try {
                    if (worker.run(jobId).isPresent()) {
                        completed.increment();
                    }
                } catch (RuntimeException e) {
                    log.error("Recognition job {} failed; it stays queued in the database", jobId, e);
                } finally {
                    queued.remove(jobId);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            queued.remove(jobId);
            turnedAway.increment();
            log.debug("Recognition queue full; job {} waits in the database", jobId);
            return false;
        }
    }

    /** Whether the in-memory queue has room for another job now. */
    public boolean hasRoom() {
        return executor.getQueue().remainingCapacity() > 0 && !executor.isShutdown();
    }

    @Scheduled(initialDelayString = "${plateguard.recognition.poll-interval:5s}",
            fixedDelayString = "${plateguard.recognition.poll-interval:5s}")
    void scheduled() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.error("Dispatching recognition jobs failed; they stay queued in the database", e);
        }
    }

    /**
     * Fills the in-memory queue's free room with due jobs from the table.
     *
     * @return how many jobs were dispatched
     */
    public int poll() {
        if (!settings.enabled() || !workerEnabled || executor.isShutdown() || !reader.state().available()) {
            return 0;
        }
        int room = executor.getQueue().remainingCapacity();
        if (room == 0) {
            return 0;
        }
        List<Long> due = jobs.due(room, Set.copyOf(queued));
        int dispatched = 0;
        for (long id : due) {
            if (!offer(id)) {
                break;
            }
            dispatched++;
        }
        return dispatched;
    }

    /** Whether this node runs recognitions (plateguard.recognition.worker.enabled). */
    public boolean workerEnabled() {
        return workerEnabled;
    }

    public Stats stats() {
        return new Stats(queued.size(), settings.queueCapacity(), settings.threads(), turnedAway.sum(), completed.sum());
    }

    /** Stops taking work; running recognitions get a few seconds to finish (a job cut off is retried after its lease). */
    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        executor.getQueue().clear(); // never claimed: they stay due in the table
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
