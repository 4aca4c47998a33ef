package dev.plateguard.server.review;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Scheduled review housekeeping: queue detected violations, expire those past their review deadline. */
@Component
class ReviewJobs {

    private static final Logger log = LoggerFactory.getLogger(ReviewJobs.class);

    private final ReviewQueue queue;
    private final ReviewSettings settings;

    ReviewJobs(ReviewQueue queue, ReviewSettings settings) {
        this.queue = queue;
        this.settings = settings;
    }

    @SchedulerLock(name = "review-housekeeping")
    @Scheduled(initialDelayString = "${plateguard.review.interval:5s}", fixedDelayString = "${plateguard.review.interval:5s}")
    void run() {
        if (!settings.enabled()) {
            return;
        }
        try {
            int expired = queue.expireOverdue();
            int queued = queue.enqueueDetected();
            if (expired > 0 || queued > 0) {
                log.info("Review: {} violation(s) queued, {} expired", queued, expired);
            }
        } catch (RuntimeException e) {
            log.error("Review housekeeping failed; it will run again", e);
        }
    }
}
