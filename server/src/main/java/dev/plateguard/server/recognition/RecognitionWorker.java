package dev.plateguard.server.recognition;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.plateguard.anpr.Recognition;
import dev.plateguard.plates.Country;
import dev.plateguard.plates.PlateText;
import dev.plateguard.server.evidence.EvidenceIntegrityFailure;
import dev.plateguard.server.evidence.VerifiedEvidence;

/**
 * Runs one recognition job: claim it, read the read's first image from the evidence store (re-hashed, as every
 * time evidence is served), or its clip when it has no image, run the {@link PlateReader} (a clip: frames fused per
 * plate), record the result ({@link RecognitionStore#record}).
 *
 * <p>Without models the job is given back untouched and waits. A failure that may pass (an unreadable evidence
 * file, a model run that throws) is retried after {@code retry-backoff}, doubling, and recorded as {@code failed}
 * after {@code max-attempts}; one that cannot pass (no image, bytes that are no image, a file that does not match
 * its hash) is recorded as {@code failed} at once.
 */
@Component
public class RecognitionWorker {

    private static final Logger log = LoggerFactory.getLogger(RecognitionWorker.class);

    private final RecognitionJobs jobs;
    private final RecognitionStore store;
    private final VerifiedEvidence evidence;
    private final PlateReader reader;
    private final RecognitionSettings settings;
    private final ApplicationEventPublisher events;

    public RecognitionWorker(RecognitionJobs jobs, RecognitionStore store, VerifiedEvidence evidence, PlateReader reader,
                             RecognitionSettings settings, ApplicationEventPublisher events) {
        this.events = events;
        this.jobs = jobs;
        this.store = store;
        this.evidence = evidence;
        this.reader = reader;
        this.settings = settings;
    }

    /**
     * Runs the job if it is still there, due, and nobody else holds it.
     *
     * @return what was recorded, or empty when nothing was (job gone or held elsewhere, no models, retry later)
     */
    public Optional<RecognitionStore.Recorded> run(long jobId) {
        PlateReader.State state = reader.state();
        if (!state.available()) {
            return Optional.empty();
        }
        Optional<RecognitionJobs.Job> claimed = jobs.claim(jobId, settings.lease());
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        RecognitionJobs.Job job = claimed.get();
        try {
            return run(job, state);
        } catch (RuntimeException e) {
            // E.g. the database went away while recording: the job stays, claimed until its lease passes.
            log.error("Recognition job {} (read {}) failed", job.id(), job.readId(), e);
            try {
                retryOrFail(job, state, null, "internal error: " + e.getClass().getSimpleName());
            } catch (RuntimeException again) {
                log.error("Recognition job {} could not be rescheduled; it is retried when its lease passes", job.id(), again);
            }
            return Optional.empty();
        }
    }

    private Optional<RecognitionStore.Recorded> run(RecognitionJobs.Job job, PlateReader.State state) {
        Optional<RecognitionStore.Source> source = store.toRecognise(job.readId());
        if (source.isEmpty()) {
            return Optional.of(record(job, RecognitionStore.Outcome.failed(reader.name(), state.modelVersion(), null,
                    "the read has no image or video")));
        }
        String sha = source.get().sha256();
        boolean clip = source.get().video();
        byte[] bytes;
        try {
            bytes = evidence.read(sha, java.util.Map.of("readId", job.readId(), "during", "recognition"));
        } catch (EvidenceIntegrityFailure e) {
            return Optional.of(record(job, RecognitionStore.Outcome.failed(reader.name(), state.modelVersion(), sha,
                    "the evidence file is " + (e.reason().equals("file missing") ? "missing" : "not what was stored: its "
                            + "content does not match its SHA-256"))));
        } catch (IOException e) {
            return retryOrFail(job, state, sha, "evidence file " + sha + " could not be read: " + e.getMessage());
        }
        Recognition recognition;
        try {
            Country hint = source.get().plateCountry();
            recognition = clip ? reader.recogniseClip(bytes, hint) : reader.recognise(bytes, hint);
        } catch (PlateReader.Unavailable e) {
            jobs.release(job.id());
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(record(job, RecognitionStore.Outcome.failed(reader.name(), state.modelVersion(), sha,
                    (clip ? "not a readable clip: " : "not a readable image: ") + e.getMessage())));
        } catch (RuntimeException e) {
            log.warn("Recogniser failed on read {} (attempt {}): {}", job.readId(), job.attempts() + 1, e.toString());
            return retryOrFail(job, state, sha, "the recogniser failed: " + e.getMessage());
        }
        return Optional.of(record(job, RecognitionStore.Outcome.of(reader.name(), sha, recognition)));
    }

    private RecognitionStore.Recorded record(RecognitionJobs.Job job, RecognitionStore.Outcome outcome) {
        RecognitionStore.Recorded recorded = store.record(job, outcome);
        if (recorded.applied()) {
            events.publishEvent(new PlateRecognised(job.readId()));
        }
        if (log.isDebugEnabled()) {
            log.debug("Read {} recognised ({}): {} {} with models {}{}", job.readId(),
                    job.automatic() ? "automatic" : "requested", recorded.status(), PlateText.mask(recorded.plate()),
                    outcome.modelVersion(), recorded.applied() ? ", plate filled in" : "");
        }
        if (outcome.error() != null) {
            log.warn("Recognition {} of read {} failed: {}", job.recognitionId(), job.readId(), outcome.error());
        }
        return recorded;
    }

    private Optional<RecognitionStore.Recorded> retryOrFail(RecognitionJobs.Job job, PlateReader.State state, String sha,
                                                            String error) {
        if (job.attempts() + 1 >= settings.maxAttempts()) {
            return Optional.of(record(job, RecognitionStore.Outcome.failed(reader.name(), state.modelVersion(), sha,
                    error + " (after " + (job.attempts() + 1) + " attempts)")));
        }
        Duration delay = settings.retryBackoff().multipliedBy(1L << Math.min(job.attempts(), 20));
        jobs.retryLater(job.id(), error, delay);
        return Optional.empty();
    }
}
