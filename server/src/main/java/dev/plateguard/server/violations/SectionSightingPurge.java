package dev.plateguard.server.violations;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.plateguard.server.PlateGuardProperties;

/**
 * Section sightings are plate + place + time: movement data, kept only while they can still pair. A sighting
 * older than {@code plateguard.violations.section-sighting-retention} (default 72 h: the longest store-and-forward
 * delay a camera is expected to catch up after) is deleted, paired or not. What a pair proved stays in
 * {@code section_pair} and, for an offence, in the violation.
 */
@Component
class SectionSightingPurge {

    private static final Logger log = LoggerFactory.getLogger(SectionSightingPurge.class);

    private final JdbcClient jdbc;
    private final Duration retention;

    SectionSightingPurge(JdbcClient jdbc, PlateGuardProperties properties) {
        this.jdbc = jdbc;
        this.retention = properties.violations().sectionSightingRetention();
    }

    @SchedulerLock(name = "section-sighting-purge")
    @Scheduled(initialDelayString = "PT2M", fixedDelayString = "PT1H")
    void scheduled() {
        try {
            purge(Instant.now());
        } catch (RuntimeException e) {
            log.error("Purging old section sightings failed; it will retry in an hour", e);
        }
    }

    /** Deletes sightings captured before {@code now} minus the retention; answers how many. */
    int purge(Instant now) {
        int deleted = jdbc.sql("delete from section_sighting where captured_at < ?")
                .param(Timestamp.from(now.minus(retention))).update();
        if (deleted > 0) {
            log.info("Deleted {} section sightings older than {}", deleted, retention);
        }
        return deleted;
    }
}
