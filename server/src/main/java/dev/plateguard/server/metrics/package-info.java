/**
 * Operational metrics for Prometheus (docs/observability.md): the settings of the scrape and of sampled figures, and
 * {@link dev.plateguard.server.metrics.SampledGauges}, which refreshes every owning module's cheap figure query on a
 * schedule so that a scrape never runs SQL. Each module registers its own figures (queue depths, backlogs, camera
 * freshness); the scrape endpoint itself is guarded by {@code security}. Depends on no other module.
 */
package dev.plateguard.server.metrics;
