package dev.plateguard.server.evidence;

import java.io.IOException;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.plateguard.server.PlateGuardProperties;

/**
 * Evidence is written before its read row commits (so a 2xx always means both are durable). If the process
 * dies in between, or a rare race leaves a file nobody references, this removes it once it is older than the
 * grace period.
 */
@Component
class OrphanSweeper {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweeper.class);

    private final EvidenceStore store;
    private final JdbcClient jdbc;
    private final PlateGuardProperties properties;

    OrphanSweeper(EvidenceStore store, JdbcClient jdbc, PlateGuardProperties properties) {
        this.store = store;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @SchedulerLock(name = "evidence-orphan-sweep", lockAtMostFor = "PT1H")
    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "PT1H")
    void sweep() throws IOException {
        int deleted = store.sweep(properties.evidence().orphanGrace(), sha -> jdbc
                .sql("select exists (select 1 from evidence_file where sha256 = ?)").param(sha)
                .query(Boolean.class).single());
        if (deleted > 0) {
            log.warn("Removed {} unreferenced evidence files older than {}", deleted, properties.evidence().orphanGrace());
        }
    }
}
