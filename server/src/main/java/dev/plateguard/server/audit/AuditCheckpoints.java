package dev.plateguard.server.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.plateguard.server.DataDirectory;
import dev.plateguard.server.PlateGuardProperties;

/**
 * Signed checkpoints of the audit chain, outside the database: every {@code plateguard.audit.checkpoint-interval}
 * and at a clean shutdown, one line (head id, head hash, entry count, time, HMAC) is appended to the checkpoint
 * file (0600, fsynced) and logged by the logger {@code plateguard.audit.checkpoint}, which operators can route to
 * syslog. A rollback of the log's tail, or its replacement, no longer matches the last checkpoint.
 *
 * <p>Also seals, once at start-up, the entries written before the chain existed.
 */
@Component
class AuditCheckpoints implements SmartInitializingSingleton, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);
    /** A logger of its own, so that checkpoints can be shipped to syslog without the rest of the log. */
    static final Logger CHECKPOINT_LOG = LoggerFactory.getLogger("plateguard.audit.checkpoint");

    private final AuditChainWriter writer;
    private final AuditChain chain;
    private final Path file;
    private final Path dataDir;
    private final Clock clock;
    private AuditChainWriter.Head lastWritten;
    private volatile boolean running;

    @Autowired
    AuditCheckpoints(AuditChainWriter writer, AuditChain chain, AuditSettings settings, PlateGuardProperties properties) {
        this(writer, chain, settings.checkpointFile(properties.dataDir().toAbsolutePath().normalize()),
                properties.dataDir().toAbsolutePath().normalize(), Clock.systemUTC());
    }

    AuditCheckpoints(AuditChainWriter writer, AuditChain chain, Path file, Path dataDir, Clock clock) {
        this.writer = writer;
        this.chain = chain;
        this.file = file;
        this.dataDir = dataDir;
        this.clock = clock;
    }

    /** Seals pre-chain entries before the server serves anyone; a failure is logged, never fatal to the start. */
    @Override
    public void afterSingletonsInstantiated() {
        try {
            writer.sealLegacyEntries();
        } catch (RuntimeException e) {
            log.error("Audit chain: could not seal the entries written before the chain existed; the next audit "
                    + "entry tries again", e);
        }
    }

    @SchedulerLock(name = "audit-checkpoint")
    @Scheduled(initialDelayString = "${plateguard.audit.checkpoint-interval:5m}",
            fixedDelayString = "${plateguard.audit.checkpoint-interval:5m}")
    void scheduled() {
        try {
            checkpoint(false);
        } catch (IOException | RuntimeException e) {
            log.error("Audit chain: could not write a checkpoint to {}", file, e);
        }
    }

    /**
     * The shutdown checkpoint, after the web server has stopped taking requests. Written from the newest entry this
     * process saw committed, without the database: the embedded PostgreSQL stops in a shutdown hook of its own, in
     * parallel with this one (and Ctrl-C reaches it directly).
     */
    @Override
    public void stop() {
        running = false;
        try {
            AuditChainWriter.Head head = writer.lastCommitted();
            if (head != null) {
                write(head, false);
            }
        } catch (IOException | RuntimeException e) {
            log.error("Audit chain: could not write the shutdown checkpoint to {}", file, e);
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Below the web server's phases, so stopped after it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 4096;
    }

    Path file() {
        return file;
    }

    /**
     * Appends a checkpoint of the current head, unless the log has not grown since the last one this process wrote
     * (or {@code force}). Answers the checkpoint written, if any.
     */
    Optional<AuditCheckpoint> checkpoint(boolean force) throws IOException {
        return write(writer.head(), force);
    }

    private synchronized Optional<AuditCheckpoint> write(AuditChainWriter.Head head, boolean force) throws IOException {
        // Never older than the last one written: checkpoints only move forward.
        if (!force && lastWritten != null && (lastWritten.seq() > head.seq()
                || lastWritten.seq() == head.seq() && AuditChain.same(lastWritten.hash(), head.hash()))) {
            return Optional.empty();
        }
        AuditCheckpoint checkpoint = new AuditCheckpoint(Instant.now(clock).truncatedTo(ChronoUnit.MICROS), head.id(),
                head.seq(), head.hash());
        String line = checkpoint.line(chain);
        append(line + "\n");
        lastWritten = head;
        CHECKPOINT_LOG.info("{}", line);
        return Optional.of(checkpoint);
    }

    private void append(String line) throws IOException {
        Path parent = file.getParent();
        if (parent.startsWith(dataDir)) {
            DataDirectory.createPrivate(dataDir, parent);
        } else {
            Files.createDirectories(parent);
        }
        // One write with O_APPEND, then fsync: a line is on disk whole before the checkpoint counts as written.
        try (FileChannel out = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), DataDirectory.ownerOnlyFile())) {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
    }
}
