package dev.plateguard.server.database;

import javax.sql.DataSource;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Background jobs that must run on one node at a time carry ShedLock's {@code @SchedulerLock}: each turn, the node
 * that takes the job's row in table {@code shedlock} (V34) runs it, the others skip that turn. Lock times are the
 * database's clock, so the nodes' clocks need not agree. A node that dies holding a lock holds it at most
 * {@code lockAtMostFor}. Job queues do not need this: their rows are claimed with {@code FOR UPDATE SKIP LOCKED} or a
 * lease (docs/scaling.md lists every job and how it runs once).
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT10M")
public class SingletonJobs {

    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .withTableName("shedlock")
                .usingDbTime()
                .build());
    }
}
