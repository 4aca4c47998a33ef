package dev.plateguard.server.hotlists;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Hotlists ({@code plateguard.hotlists.*}, docs/alerts.md).
 *
 * @param minFixed        fixed characters a WILDCARD pattern needs at least, and characters a LOOKALIKE one needs:
 *                        broader patterns would match most plates
 * @param defaultValidity how long an entry stays active when it is added without {@code expiresAt}
 * @param maxValidity     the furthest an entry's {@code expiresAt} may lie in the future
 * @param maxImportRows   most data rows in one CSV import (more: 413)
 * @param maxImportBytes  largest CSV import body (more: 413)
 * @param refreshInterval how often each server node checks whether the lists changed on another node, and then
 *                        rebuilds its in-memory index (changes made on the node itself apply at once)
 */
@ConfigurationProperties("plateguard.hotlists")
public record HotlistSettings(
        @DefaultValue("4") int minFixed,
        @DefaultValue("365d") Duration defaultValidity,
        @DefaultValue("1826d") Duration maxValidity,
        @DefaultValue("200000") int maxImportRows,
        @DefaultValue("16MB") DataSize maxImportBytes,
        @DefaultValue("1s") Duration refreshInterval) {

    public HotlistSettings {
        if (minFixed < 1 || minFixed > 16) {
            throw new IllegalArgumentException("plateguard.hotlists.min-fixed must be 1-16");
        }
        if (maxImportRows < 1) {
            throw new IllegalArgumentException("plateguard.hotlists.max-import-rows must be at least 1");
        }
        for (Duration d : new Duration[] {defaultValidity, maxValidity, refreshInterval}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("plateguard.hotlists durations must be positive");
            }
        }
        if (defaultValidity.compareTo(maxValidity) > 0) {
            throw new IllegalArgumentException("plateguard.hotlists.default-validity must not exceed max-validity");
        }
    }
}
