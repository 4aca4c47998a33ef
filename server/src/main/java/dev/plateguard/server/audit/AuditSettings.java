package dev.plateguard.server.audit;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tamper-evident audit settings ({@code plateguard.audit.*}; docs/security.md, "Tamper-evident audit").
 *
 * @param checkpointInterval how often a signed checkpoint of the chain's head is appended to the checkpoint file
 *                           (and at every clean shutdown); only when the log has grown since the last one
 * @param checkpointFile     the append-only checkpoint file, outside the database; default
 *                           {@code <data dir>/audit-checkpoints.log} (PLATEGUARD_AUDIT_CHECKPOINT_FILE)
 */
@ConfigurationProperties("plateguard.audit")
public record AuditSettings(
        @DefaultValue("5m") Duration checkpointInterval,
        Path checkpointFile) {

    public AuditSettings {
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("plateguard.audit.checkpoint-interval must be positive");
        }
    }

    /** The checkpoint file, resolved against the data directory when not configured. */
    Path checkpointFile(Path dataDir) {
        return (checkpointFile == null ? dataDir.resolve("audit-checkpoints.log") : checkpointFile)
                .toAbsolutePath().normalize();
    }
}
