package dev.plateguard.server.retention;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.scheduling.support.CronTrigger;

/** Runs the purge on {@code plateguard.retention.cron} in {@code plateguard.retention.zone}, unless disabled. */
@Configuration(proxyBeanMethods = false)
class RetentionSchedule implements SchedulingConfigurer {

    private final RetentionSettings settings;
    private final RetentionPurge purge;

    RetentionSchedule(RetentionSettings settings, RetentionPurge purge) {
        this.settings = settings;
        this.purge = purge;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        if (settings.enabled()) {
            registrar.addTriggerTask(purge::scheduled, new CronTrigger(settings.cron(), settings.zone()));
        }
    }
}
