package dev.plateguard.server.metrics;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Metrics ({@code plateguard.metrics.*}, docs/observability.md).
 *
 * @param refreshInterval     how often the figures behind the gauges (queue depths, review backlog, camera freshness)
 *                            are queried; a scrape reads the last values and never runs SQL
 * @param scrapeTokenSha256   SHA-256 (64 hex digits) of each scrape token ({@code pgm_…}) that may read
 *                            {@code /actuator/prometheus} (PLATEGUARD_METRICS_SCRAPE_TOKEN_SHA256, comma-separated; two
 *                            during a rotation). Only the hash is configured, never the token. Empty: nobody may scrape
 */
@ConfigurationProperties("plateguard.metrics")
public record MetricsSettings(
        @DefaultValue("15s") Duration refreshInterval,
        @DefaultValue List<String> scrapeTokenSha256) {

    public MetricsSettings {
        if (refreshInterval.isNegative() || refreshInterval.isZero()) {
            throw new IllegalArgumentException("plateguard.metrics.refresh-interval must be positive");
        }
        scrapeTokenSha256 = scrapeTokenSha256 == null ? List.of()
                : scrapeTokenSha256.stream().map(String::strip).filter(s -> !s.isEmpty()).map(String::toLowerCase).toList();
        for (String hash : scrapeTokenSha256) {
            if (!hash.matches("[0-9a-f]{64}")) {
                // never echo the value: someone may have put the token itself here
                throw new IllegalArgumentException("plateguard.metrics.scrape-token-sha256 must list SHA-256 hashes "
                        + "of scrape tokens (64 hex digits each), not the tokens");
            }
        }
    }

    /** The configured hashes as bytes. */
    public List<byte[]> scrapeTokenHashes() {
        return scrapeTokenSha256.stream().map(HexFormat.of()::parseHex).toList();
    }
}
