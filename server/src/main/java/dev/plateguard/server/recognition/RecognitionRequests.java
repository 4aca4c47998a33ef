package dev.plateguard.server.recognition;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Service;

import dev.plateguard.server.identity.Scope;
import dev.plateguard.server.validation.Refusal;

/**
 * A person asks for a read to be recognised again (after a model update, say). The result is a new recognition
 * record; the read itself never changes. Shared by the API and the read page.
 */
@Service
public class RecognitionRequests {

    /** @param recognitionId the id the result will have; it is listed as {@code queued} until then */
    public record Accepted(long readId, long recognitionId, long jobId) {
    }

    /** Recognition cannot take the request now: 503 with Retry-After. Nothing was stored. */
    public static final class Busy extends RuntimeException {
        private final int retryAfterSeconds;
        private final String reason;

        Busy(String reason, String detail, int retryAfterSeconds) {
            super(detail);
            this.reason = reason;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }

        /** {@code queue-full}, {@code no-models} or {@code disabled}. */
        public String reason() {
            return reason;
        }
    }

    private final RecognitionStore store;
    private final RecognitionJobs jobs;
    private final RecognitionDispatcher dispatcher;
    private final PlateReader reader;
    private final RecognitionSettings settings;

    RecognitionRequests(RecognitionStore store, RecognitionJobs jobs, RecognitionDispatcher dispatcher, PlateReader reader,
                        RecognitionSettings settings) {
        this.store = store;
        this.jobs = jobs;
        this.dispatcher = dispatcher;
        this.reader = reader;
        this.settings = settings;
    }

    /**
     * Queues a recognition of the read's first image (or, without one, its clip) for {@code username}.
     *
     * @throws Refusal not found for an unknown read, a conflict for a read without an image
     * @throws Busy       when recognition is switched off, has no models, or its queue is full
     */
    public Accepted request(long readId, String username, Scope scope) {
        if (!store.readExists(readId, scope)) {
            throw Refusal.notFound("no read " + readId);
        }
        if (store.toRecognise(readId).isEmpty()) {
            throw Refusal.conflict("read " + readId + " has no image or video to recognise");
        }
        if (!settings.enabled()) {
            throw new Busy("disabled", "plate recognition is switched off on this server", 3600);
        }
        // A node without the worker only stores the job: the recognition nodes take it (their models, their queue).
        if (dispatcher.workerEnabled() && !reader.state().available()) {
            throw new Busy("no-models", "the recogniser has no models loaded (see GET /api/v1/recognition/status)", 60);
        }
        if (dispatcher.workerEnabled() && !dispatcher.hasRoom()) {
            throw new Busy("queue-full", "the recognition queue is full; try again later", 30);
        }
        RecognitionJobs.Job job = jobs.request(readId, username);
        // Committed: if another request took the last place meanwhile, the poller dispatches it shortly.
        dispatcher.offer(job.id());
        return new Accepted(readId, job.recognitionId(), job.id());
    }

    /** A read's recognitions: those still queued, then those recorded, newest first. */
    public List<RecognitionView> list(long readId) {
        List<RecognitionView> all = new ArrayList<>();
        jobs.pendingFor(readId).reversed().forEach(p -> all.add(RecognitionView.queued(p)));
        all.addAll(store.list(readId));
        return all;
    }
}
