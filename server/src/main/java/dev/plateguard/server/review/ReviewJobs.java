package dev.plateguard.server.review;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Scheduled review housekeeping: queue detected violations, expire those past their review deadline. */
@Component
class ReviewJobs {

    private static final Logger log = LoggerFactory.getLogger(ReviewJobs.class);

    private final ReviewWorkflow workflow;
    private final ReviewSettings settings;

    ReviewJobs(ReviewWorkflow workflow, ReviewSettings settings) {
        this.workflow = workflow;
        this.settings = settings;
    }

    @Scheduled(initialDelayString = "${plateguard.review.interval:5s}", fixedDelayString = "${plateguard.review.interval:5s}")
    void run() {
        if (!settings.enabled()) {
            return;
        }
        try {
            int expired = workflow.expireOverdue();
            int queued = workflow.enqueueDetected();
            if (expired > 0 || queued > 0) {
                log.info("Review: {} violation(s) queued, {} expired", queued, expired);
            }
        } catch (RuntimeException e) {
            log.error("Review housekeeping failed; it will run again", e);
        }
    }
}
