package dev.plateguard.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Every PlateGuard-specific setting, in one place (environment variable in brackets).
 * Spring's own keys (server.*, spring.datasource.*, spring.servlet.multipart.*) are documented in docs/configuration.md.
 *
 * @param dataDir   root of all local state: embedded database, evidence files, setup token (PLATEGUARD_DATA_DIR)
 * @param keysDir   where keys kept out of the database live (audit chain, notice signing); default
 *                  {@code <data dir>/keys}; all nodes of one installation share it (PLATEGUARD_KEYS_DIR)
 * @param embeddedDb the embedded PostgreSQL used when no SPRING_DATASOURCE_URL is set
 * @param ingest    limits on what devices may send
 * @param auth      login throttling and token lifetimes
 * @param evidence  evidence store housekeeping
 * @param map       background map of the dashboard
 * @param violations violation detection: schedule, deduplication window, review deadline
 * @param registry   vehicle registry: local table or external HTTP service, caching, circuit breaker, CSV import
 *                   limits, re-check backoff (docs/registry.md)
 */
@ConfigurationProperties("plateguard")
public record PlateGuardProperties(
        @DefaultValue("./data") Path dataDir,
        Path keysDir,
        @DefaultValue EmbeddedDb embeddedDb,
        @DefaultValue Ingest ingest,
        @DefaultValue Auth auth,
        @DefaultValue Evidence evidence,
        @DefaultValue MapTiles map,
        @DefaultValue Violations violations,
        @DefaultValue Registry registry) {

    /**
     * @param port TCP port on 127.0.0.1 (PLATEGUARD_EMBEDDED_DB_PORT). A fixed port lets a restart reuse a
     *             postgres child left behind by a killed JVM; when another program holds it, a free one is taken;
     *             0 always picks a free one (tests).
     */
    public record EmbeddedDb(@DefaultValue("15432") int port) {
    }

    /**
     * @param maxParts         most multipart parts in one read, metadata included (PLATEGUARD_INGEST_MAX_PARTS)
     * @param maxImages        most image parts in one read
     * @param maxImageBytes    largest accepted image part
     * @param maxVideoBytes    largest accepted video part
     * @param maxPixels        largest declared width × height of an image; guards against decompression bombs
     * @param maxJsonBytes     largest JSON body (batch, heartbeat, metadata part)
     * @param maxBatchSize     most reads in one batch request
     * @param maxFutureSkew    how far capturedAt may lie in the future of the server clock
     */
    public record Ingest(
            @DefaultValue("10") int maxParts,
            @DefaultValue("8") int maxImages,
            @DefaultValue("16MB") DataSize maxImageBytes,
            @DefaultValue("64MB") DataSize maxVideoBytes,
            @DefaultValue("50000000") long maxPixels,
            @DefaultValue("2MB") DataSize maxJsonBytes,
            @DefaultValue("500") int maxBatchSize,
            @DefaultValue("5m") Duration maxFutureSkew,
            @DefaultValue GroupCommit groupCommit) {

        /**
         * Group commit of single reads (ingest/GroupCommit): one writer puts the evidence of the reads that arrived
         * together in place and inserts their rows in one statement, with one journal commit and one WAL flush.
         *
         * @param enabled  off: every read is written on its own request thread
         * @param maxWait  how long the writer waits for more reads after the first of a group, only while reads
         *                 arrive concurrently (an idle camera's read is never held back)
         * @param maxReads the most reads in one group
         */
        public record GroupCommit(@DefaultValue("true") boolean enabled, @DefaultValue("2ms") Duration maxWait,
                                  @DefaultValue("256") int maxReads) {
        }
    }

    /**
     * @param tokenTtl              lifetime of a personal API token (pgu_)
     * @param maxFailuresPerAccount free failed logins per account; each further attempt waits a doubling delay
     *                              (plateguard.abuse.login-delay-base, -max)
     * @param maxFailuresPerIp      free failed logins per client IP (then delays as per account); bad tokens or
     *                              notice verifications per IP before a block; failures per IP audited one by one
     * @param failureWindow         how long failures are remembered, and how long a bad-token or verification
     *                              block lasts
     */
    public record Auth(
            @DefaultValue("30d") Duration tokenTtl,
            @DefaultValue("5") int maxFailuresPerAccount,
            @DefaultValue("30") int maxFailuresPerIp,
            @DefaultValue("15m") Duration failureWindow) {
    }

    /**
     * @param orphanGrace   how old an unreferenced evidence file must be before the sweeper deletes it;
     *                      longer than any upload can take
     * @param masterKey     the evidence master keys themselves, {@code <id>:<base64 of 32 bytes>}, comma-separated,
     *                      the last one active (PLATEGUARD_EVIDENCE_MASTER_KEY); takes precedence over the file
     * @param masterKeyFile a 0600 file outside the data directory with one {@code <id>:<base64>} master key per line,
     *                      the last one active (PLATEGUARD_EVIDENCE_MASTER_KEY_FILE); default
     *                      {@code <data dir>-keys/evidence-master.key}, created on first start
     */
    public record Evidence(@DefaultValue("1h") Duration orphanGrace, String masterKey, Path masterKeyFile) {
    }

    /**
     * @param tileUrl     XYZ tile URL template, e.g. https://tiles.example.org/{z}/{x}/{y}.png (PLATEGUARD_MAP_TILE_URL).
     *                    Empty by default: no request leaves the operator's browser for a third party, and maps
     *                    draw over built-in borders of Uzbekistan and its neighbours (Natural Earth) instead. Its
     *                    origin is added to the CSP.
     * @param attribution attribution text required by the tile provider
     */
    public record MapTiles(@DefaultValue("") String tileUrl, @DefaultValue("") String attribution) {
    }

    /**
     * @param enabled        whether the scheduled detection runs (PLATEGUARD_VIOLATIONS_ENABLED)
     * @param interval       pause between detection runs (PLATEGUARD_VIOLATIONS_INTERVAL)
     * @param batchSize      reads evaluated per transaction
     * @param dedupWindow    one offence is one violation: the same plate and offence at the same site within this
     *                       window, from any camera of the site, is linked to the first violation as evidence
     * @param reviewDeadline time from the offence to the legal review deadline (KoAO art. 271: 48 hours)
     * @param sectionMaxTravel longest entry-to-exit time an average-speed section pair may span
     * @param sectionSightingRetention section sightings (plate, place, time: movement data) older than this are
     *                       deleted hourly, paired or not
     * @param registryChecks run the registry rules (unregistered, no insurance); off until the registry is loaded
     *                       (PLATEGUARD_VIOLATIONS_REGISTRY_CHECKS)
     * @param registryRecheckInterval pause between re-check runs of the registry queue
     */
    public record Violations(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("500ms") Duration interval,
            @DefaultValue("1000") int batchSize,
            @DefaultValue("60s") Duration dedupWindow,
            @DefaultValue("48h") Duration reviewDeadline,
            @DefaultValue("2h") Duration sectionMaxTravel,
            @DefaultValue("72h") Duration sectionSightingRetention,
            @DefaultValue("false") boolean registryChecks,
            @DefaultValue("10s") Duration registryRecheckInterval) {

        /** The defaults, for code that builds properties by hand (tests). */
        public static Violations defaults() {
            return new Violations(true, Duration.ofMillis(500), 1000, Duration.ofSeconds(60), Duration.ofHours(48),
                    Duration.ofHours(2), Duration.ofHours(72), false, Duration.ofSeconds(10));
        }
    }

    /**
     * @param mode             {@code local} (the vehicle_registry table) or {@code http} (an external registry
     *                         service) (PLATEGUARD_REGISTRY_MODE)
     * @param url              base URL of the external service, e.g. https://registry.example.uz/api; plain http
     *                         only to a loopback address (PLATEGUARD_REGISTRY_URL)
     * @param token            bearer token sent to the external service, empty for none (PLATEGUARD_REGISTRY_TOKEN)
     * @param connectTimeout   TCP/TLS connect timeout towards the external service
     * @param readTimeout      time allowed for the whole answer (headers and body) once a request is sent
     * @param foundTtl         how long a FOUND answer is cached
     * @param notFoundTtl      how long a NOT_FOUND answer is cached (shorter: a new registration must show soon);
     *                         UNAVAILABLE is never cached
     * @param cacheMaxEntries  most answers cached
     * @param countries        countries whose vehicles the registry is authoritative for: NOT_FOUND means
     *                         unregistered only for these (a foreign plate is simply not in a national registry)
     * @param breaker          circuit breaker in front of the external service
     * @param maxImportRows    most data rows in one CSV import (more: 413)
     * @param maxImportBytes   largest CSV import body (more: 413)
     * @param recheckBackoff   wait before the second attempt of a queued re-check; doubles with every attempt
     * @param recheckMaxBackoff longest wait between two attempts of a queued re-check (entries are never dropped)
     */
    public record Registry(
            @DefaultValue("local") Mode mode,
            @DefaultValue("") String url,
            @DefaultValue("") String token,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("3s") Duration readTimeout,
            @DefaultValue("10m") Duration foundTtl,
            @DefaultValue("1m") Duration notFoundTtl,
            @DefaultValue("100000") long cacheMaxEntries,
            @DefaultValue("UZ") List<String> countries,
            @DefaultValue Breaker breaker,
            @DefaultValue("50000") int maxImportRows,
            @DefaultValue("8MB") DataSize maxImportBytes,
            @DefaultValue("30s") Duration recheckBackoff,
            @DefaultValue("1h") Duration recheckMaxBackoff) {

        public enum Mode { LOCAL, HTTP }

        /** The defaults above, for code and tests that build properties by hand. */
        public static Registry defaults() {
            return new Registry(Mode.LOCAL, "", "", Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofMinutes(10),
                    Duration.ofMinutes(1), 100_000, List.of("UZ"), new Breaker(50, 20, 10, Duration.ofSeconds(30), 3),
                    50_000, DataSize.ofMegabytes(8), Duration.ofSeconds(30), Duration.ofHours(1));
        }

        /**
         * @param failureRateThreshold percentage of failed calls (errors, timeouts, 5xx) in the window that opens
         *                             the circuit
         * @param windowSize           calls remembered (count-based sliding window)
         * @param minimumCalls         calls needed in the window before the rate is judged
         * @param openWait             how long the circuit stays open (no request is sent) before a trial call
         * @param halfOpenCalls        trial calls let through when half-open
         */
        public record Breaker(
                @DefaultValue("50") float failureRateThreshold,
                @DefaultValue("20") int windowSize,
                @DefaultValue("10") int minimumCalls,
                @DefaultValue("30s") Duration openWait,
                @DefaultValue("3") int halfOpenCalls) {
        }
    }
}
