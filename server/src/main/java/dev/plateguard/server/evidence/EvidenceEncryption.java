package dev.plateguard.server.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.plateguard.server.audit.AuditLog;

/**
 * The two background jobs of evidence at rest, each safe to interrupt and resumed by simply running again:
 * <ul>
 *   <li><b>migration</b> encrypts the plain files stored before encryption existed, one by one in place (each is
 *       verified against its name first); it runs at every start until none is left;</li>
 *   <li><b>rotation</b> re-wraps every data key held under an older master key with the active one, in batches,
 *       while the server keeps serving (a data key is readable under its old or its new wrapping at every moment).
 *       It runs at start when such keys exist, and on request after a new master key was added.</li>
 * </ul>
 */
@Component
class EvidenceEncryption implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EvidenceEncryption.class);
    private static final int REWRAP_BATCH = 500;

    /** What an administrator sees of a job. */
    record JobState(String state, long done, long failed, Instant startedAt, Instant finishedAt, String lastError) {
    }

    /** Evidence at rest as an administrator sees it (API and admin page). */
    record Status(String algorithm, String activeMasterKey, java.util.SortedSet<String> masterKeys,
                  Map<String, Long> dataKeysByMasterKey, long dataKeysToRewrap, JobState migration, JobState rotation) {
    }

    private final EvidenceObjects objects;
    private final EncryptedEvidenceStore store;
    private final EvidenceKeys keys;
    private final MasterKeys masterKeys;
    private final AuditLog audit;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "evidence-encryption");
        t.setDaemon(true);
        return t;
    });

    private final Job migration = new Job();
    private final Job rotation = new Job();

    EvidenceEncryption(EvidenceObjects objects, EncryptedEvidenceStore store, EvidenceKeys keys, MasterKeys masterKeys,
                       AuditLog audit) {
        this.objects = objects;
        this.store = store;
        this.keys = keys;
        this.masterKeys = masterKeys;
        this.audit = audit;
    }

    @EventListener(ApplicationReadyEvent.class)
    void resumeAtStart() {
        worker.submit(this::migrate);
        if (keys.countByMasterKey().keySet().stream().anyMatch(id -> !id.equals(masterKeys.activeKeyId()))) {
            startRotation("start");
        }
    }

    /**
     * Reloads the master keys and re-wraps every data key held under another than the active one.
     *
     * @return false when a rotation is already running
     */
    boolean startRotation(String requestedBy) {
        if (!rotation.running.compareAndSet(false, true)) {
            return false;
        }
        masterKeys.reload();
        rotation.begin();
        worker.submit(() -> rotate(requestedBy));
        return true;
    }

    /** Encrypts every plain object; returns how many it encrypted. Runs on the worker (and in tests directly). */
    long migrate() {
        if (!migration.running.compareAndSet(false, true)) {
            return 0;
        }
        migration.begin();
        List<String> plain = new ArrayList<>();
        try {
            objects.forEach(sha -> {
                if (isPlain(sha)) {
                    plain.add(sha);
                }
            });
            for (String sha : plain) {
                try {
                    byte[] bytes;
                    try (InputStream in = objects.open(sha)) {
                        bytes = in.readAllBytes();
                    }
                    if (EvidenceCipher.isEncrypted(bytes) || !ContentHash.of(bytes).equals(sha)) {
                        if (!EvidenceCipher.isEncrypted(bytes)) {
                            // left as it is: VerifiedEvidence refuses and audits it when someone reads it
                            migration.fail(sha + " does not match its name; left unencrypted");
                        }
                        continue;
                    }
                    if (store.encryptInPlace(sha, bytes)) {
                        migration.done.incrementAndGet();
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // deleted meanwhile (retention, a refused read)
                } catch (IOException | RuntimeException e) {
                    migration.fail(sha + ": " + e.getMessage());
                }
            }
        } catch (IOException | RuntimeException e) {
            migration.fail(e.getMessage());
        } finally {
            migration.end();
        }
        if (!plain.isEmpty()) {
            log.info("Encrypted {} evidence files stored before encryption ({} failed)", migration.done.get(),
                    migration.failed.get());
            audit.recordSystem("evidence.encryption.migration", "evidence", migration.failed.get() == 0
                    ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE,
                    Map.of("encrypted", migration.done.get(), "failed", migration.failed.get()));
        }
        return migration.done.get();
    }

    private boolean isPlain(String sha) {
        try (InputStream in = objects.open(sha)) {
            return !EvidenceCipher.isEncrypted(in.readNBytes(EvidenceCipher.HEADER.length));
        } catch (IOException e) {
            return false;
        }
    }

    private void rotate(String requestedBy) {
        String active = masterKeys.activeKeyId();
        try {
            for (int n = keys.rewrapBatch(REWRAP_BATCH); n > 0; n = keys.rewrapBatch(REWRAP_BATCH)) {
                rotation.done.addAndGet(n);
            }
        } catch (RuntimeException e) {
            rotation.fail(e.getMessage());
            log.error("Evidence key rotation to {} stopped: {}", active, e.getMessage());
        } finally {
            rotation.end();
        }
        log.info("Evidence key rotation to master key {}: {} data keys re-wrapped", active, rotation.done.get());
        audit.recordSystem("evidence.key.rotation", "master-key:" + active,
                rotation.failed.get() == 0 ? AuditLog.Outcome.SUCCESS : AuditLog.Outcome.FAILURE,
                Map.of("rewrapped", rotation.done.get(), "requestedBy", requestedBy));
    }

    Status status() {
        Map<String, Long> byKey = keys.countByMasterKey();
        String active = masterKeys.activeKeyId();
        long toRewrap = byKey.entrySet().stream().filter(e -> !e.getKey().equals(active))
                .mapToLong(Map.Entry::getValue).sum();
        return new Status("AES-256-GCM-HKDF streaming, 64 KiB segments, one data key per object", active,
                new java.util.TreeSet<>(masterKeys.keyIds()), byKey, toRewrap, migration.state(), rotation.state());
    }

    JobState migrationState() {
        return migration.state();
    }

    JobState rotationState() {
        return rotation.state();
    }

    /** Waits for queued work (tests). */
    void awaitIdle() throws Exception {
        worker.submit(() -> { }).get();
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }

    private static final class Job {
        final AtomicBoolean running = new AtomicBoolean();
        final AtomicLong done = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<Instant> started = new AtomicReference<>();
        final AtomicReference<Instant> finished = new AtomicReference<>();
        final AtomicReference<String> lastError = new AtomicReference<>();

        void begin() {
            done.set(0);
            failed.set(0);
            lastError.set(null);
            started.set(Instant.now());
            finished.set(null);
        }

        void fail(String error) {
            failed.incrementAndGet();
            lastError.set(error);
            log.warn("Evidence encryption: {}", error);
        }

        void end() {
            finished.set(Instant.now());
            running.set(false);
        }

        JobState state() {
            String state = running.get() ? "running" : started.get() == null ? "idle" : "finished";
            return new JobState(state, done.get(), failed.get(), started.get(), finished.get(), lastError.get());
        }
    }
}
