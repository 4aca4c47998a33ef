package dev.plateguard.server.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.plateguard.server.PlateGuardProperties;

/**
 * Recomputes the audit chain from the first entry to the last, in id order and in batches (constant memory
 * whatever the log's size), and compares it with the signed checkpoints. Answers "intact", or the first broken
 * entry and what is wrong with it. Safe while the server writes: entries are appended in id order under the
 * chain lock, so a batch never sees a later entry without every earlier one.
 */
@Component
public class AuditVerifier {

    /** What is wrong with the first broken entry. */
    public enum Reason {
        /** Its content (or stored hash) no longer matches its hash: changed after it was written. */
        EDITED,
        /** Entries before it are gone: it is intact but does not follow the entry before it. */
        MISSING,
        /** Not part of the chain: a forged or replayed entry. */
        INSERTED,
        /** Written before the chain existed and not sealed yet (the server seals them at its next start). */
        UNCHAINED,
        /** The log ends before a checkpoint's head: its newest entries were deleted or rolled back. */
        TRUNCATED,
        /** The entry at a checkpoint's position is not the one the checkpoint recorded: the log was replaced. */
        CHECKPOINT_MISMATCH,
        /** A checkpoint line is malformed or its signature does not hold. */
        BAD_CHECKPOINT;

        /** As the API names it: lower case with hyphens. */
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * The first broken entry. {@code id} is the entry's id (for TRUNCATED: the missing head a checkpoint
     * recorded; for BAD_CHECKPOINT: null); {@code lastIntactId} the last entry that verified before it (or null).
     */
    public record Break(Long id, Reason reason, String detail, Long lastIntactId) {
    }

    /**
     * @param entries            entries verified (up to the break, if any)
     * @param checkpointsChecked checkpoints whose signature held and whose head was found in the chain
     * @param headId             id of the newest verified entry (null for an empty log)
     * @param headHash           its hash, hex
     * @param firstSeq           the chain position the verified log begins at: 1, or after a retention purge of the
     *                           oldest entries the position of the first entry kept (a signed anchor vouches for the
     *                           link to the entries purged); null for an empty log
     */
    public record Verification(boolean intact, long entries, int checkpointsChecked, Long headId, String headHash,
                               Break firstBroken, Instant verifiedAt, Long firstSeq) {
    }

    static final int BATCH = 1000;
    private static final HexFormat HEX = HexFormat.of();

    private final JdbcClient jdbc;
    private final AuditChain chain;
    private final Path checkpointFile;

    @Autowired
    AuditVerifier(JdbcClient jdbc, AuditChain chain, AuditSettings settings, PlateGuardProperties properties) {
        this(jdbc, chain, settings.checkpointFile(properties.dataDir().toAbsolutePath().normalize()));
    }

    AuditVerifier(JdbcClient jdbc, AuditChain chain, Path checkpointFile) {
        this.jdbc = jdbc;
        this.chain = chain;
        this.checkpointFile = checkpointFile;
    }

    /** One stored entry with its chain columns (from audit_event, or from audit_event_seal for pre-chain ones). */
    private record Row(AuditChain.Entry entry, Long seq, byte[] prev, byte[] hash) {
    }

    private record Loaded(List<AuditCheckpoint> checkpoints, Break bad) {
    }

    public Verification verify() {
        Instant started = Instant.now();
        Loaded loaded = checkpoints();
        List<AuditCheckpoint> checkpoints = loaded.checkpoints();
        int nextCheckpoint = 0;
        int checked = 0;
        byte[] expectedPrev = AuditChain.GENESIS;
        long expectedSeq = 1;
        Long lastIntact = null;
        long entries = 0;
        Break broken = null;
        // A checkpoint of the empty log holds whatever follows.
        while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).count() == 0) {
            nextCheckpoint++;
            checked++;
        }
        Long firstSeq = null;
        boolean anchors = jdbc.sql("select to_regclass('audit_purge_anchor') is not null").query(Boolean.class).single();
        Rows rows = new Rows();
        for (Row row = rows.next(); row != null && broken == null; row = rows.next()) {
            long id = row.entry().id();
            if (row.seq() != null && row.seq() > expectedSeq && row.prev() != null && anchors && anchored(row)) {
                // The entries before this one were purged by retention, and a signed anchor says this entry follows
                // the last of them. The chain (and the checkpoints still to check) resume here. Seen mid-way only
                // when a purge ran during this verification.
                expectedSeq = row.seq();
                expectedPrev = row.prev();
                firstSeq = row.seq();
                while (nextCheckpoint < checkpoints.size() && checkpoints.get(nextCheckpoint).count() < row.seq()) {
                    nextCheckpoint++;
                }
            }
            if (firstSeq == null) {
                firstSeq = expectedSeq;
            }
            if (row.hash() == null || row.seq() == null || row.prev() == null) {
                broken = expectedSeq == 1
                        ? new Break(id, Reason.UNCHAINED, "written before the chain existed and not sealed yet; "
                                + "the server seals such entries when it starts", lastIntact)
                        : new Break(id, Reason.INSERTED, "it carries no chain hash", lastIntact);
                break;
            }
            boolean selfOk = AuditChain.same(chain.hash(row.seq(), row.entry(), row.prev()), row.hash());
            boolean linked = row.seq() == expectedSeq && AuditChain.same(row.prev(), expectedPrev);
            if (!selfOk) {
                Row after = rows.peek();
                boolean skippedOver = after != null && after.seq() != null && after.seq() == expectedSeq
                        && AuditChain.same(after.prev(), expectedPrev);
                broken = skippedOver
                        ? new Break(id, Reason.INSERTED, "not part of the chain: the entry after it follows the one before it",
                                lastIntact)
                        : new Break(id, Reason.EDITED, "its stored content no longer matches its hash", lastIntact);
                break;
            }
            if (!linked) {
                broken = row.seq() > expectedSeq
                        ? new Break(id, Reason.MISSING, (row.seq() - expectedSeq) + " entries before it are missing"
                                + (lastIntact == null ? " (from the start of the log)" : " (after id " + lastIntact + ")"),
                                lastIntact)
                        : row.seq() < expectedSeq
                        ? new Break(id, Reason.INSERTED, "it repeats position " + row.seq() + " of the chain", lastIntact)
                        : new Break(id, Reason.MISSING, "it does not follow the entry before it", lastIntact);
                break;
            }
            while (broken == null && nextCheckpoint < checkpoints.size()
                    && checkpoints.get(nextCheckpoint).count() == row.seq()) {
                AuditCheckpoint checkpoint = checkpoints.get(nextCheckpoint++);
                if (checkpoint.headId() != id || !AuditChain.same(checkpoint.headHash(), row.hash())) {
                    broken = new Break(id, Reason.CHECKPOINT_MISMATCH, "the checkpoint of " + checkpoint.time()
                            + " recorded entry " + checkpoint.headId() + " at this position, with another hash: the log "
                            + "was replaced or rolled back up to here", lastIntact);
                } else {
                    checked++;
                }
            }
            if (broken != null) {
                break;
            }
            expectedPrev = row.hash();
            expectedSeq++;
            lastIntact = id;
            entries++;
        }
        if (broken == null && nextCheckpoint < checkpoints.size()) {
            AuditCheckpoint checkpoint = checkpoints.get(nextCheckpoint);
            broken = new Break(checkpoint.headId(), Reason.TRUNCATED, "the checkpoint of " + checkpoint.time()
                    + " recorded " + checkpoint.count() + " entries up to id " + checkpoint.headId() + "; the log ends after "
                    + entries + (lastIntact == null ? " entries" : " entries at id " + lastIntact), lastIntact);
        }
        if (broken == null) {
            broken = loaded.bad();
        }
        return new Verification(broken == null, entries, checked, lastIntact,
                lastIntact == null ? null : HEX.formatHex(expectedPrev), broken, started, firstSeq);
    }

    /**
     * Whether a purge anchor whose signature holds says that {@code row} is the first entry kept after the entries
     * before its position were purged (the anchor records its id and the hash of the entry before it).
     */
    private boolean anchored(Row row) {
        return jdbc.sql("select first_id, prev_hash, mac from audit_purge_anchor where first_seq = ?")
                .param(row.seq())
                .query((rs, n) -> rs.getLong("first_id") == row.entry().id()
                        && AuditChain.same(rs.getBytes("prev_hash"), row.prev())
                        && AuditChain.same(chain.signAnchor(row.seq(), row.entry().id(), rs.getBytes("prev_hash")),
                                rs.getBytes("mac")))
                .optional().orElse(false);
    }

    Path checkpointFile() {
        return checkpointFile;
    }

    private Loaded checkpoints() {
        List<AuditCheckpoint> out = new ArrayList<>();
        Break bad = null;
        try (BufferedReader in = Files.newBufferedReader(checkpointFile, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(AuditCheckpoint.parse(line, chain));
                } catch (AuditCheckpoint.BadCheckpoint e) {
                    if (bad == null) {
                        bad = new Break(null, Reason.BAD_CHECKPOINT, "line " + number + " of " + checkpointFile + ": "
                                + e.getMessage(), null);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // no checkpoint written yet (or the file is kept elsewhere): the chain alone is checked
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the audit checkpoints in " + checkpointFile, e);
        }
        out.sort(Comparator.comparingLong(AuditCheckpoint::count));
        return new Loaded(out, bad);
    }

    /** The log in id order, fetched a batch at a time, with one entry of look-ahead. */
    private final class Rows {

        private final Deque<Row> buffer = new ArrayDeque<>();
        private long after = Long.MIN_VALUE;
        private boolean exhausted;

        Row next() {
            fill();
            return buffer.pollFirst();
        }

        Row peek() {
            fill();
            return buffer.peekFirst();
        }

        private void fill() {
            if (!buffer.isEmpty() || exhausted) {
                return;
            }
            List<Row> batch = jdbc.sql("""
                    select e.id, e.occurred_at, e.actor_type, e.actor, e.action, e.target, e.outcome, e.client_ip,
                           e.details::text as details,
                           coalesce(e.chain_seq, s.chain_seq) as chain_seq, coalesce(e.prev_hash, s.prev_hash) as prev_hash,
                           coalesce(e.chain_hash, s.chain_hash) as chain_hash
                    from audit_event e left join audit_event_seal s on s.event_id = e.id
                    where e.id > ? order by e.id limit ?""")
                    .params(after, BATCH)
                    .query((rs, n) -> row(rs)).list();
            buffer.addAll(batch);
            if (batch.size() < BATCH) {
                exhausted = true;
            }
            if (!batch.isEmpty()) {
                after = batch.getLast().entry().id();
            }
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        long seq = rs.getLong("chain_seq");
        Long position = rs.wasNull() ? null : seq;
        return new Row(AuditChainWriter.entry(rs), position, rs.getBytes("prev_hash"), rs.getBytes("chain_hash"));
    }
}
