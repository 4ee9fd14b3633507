package io.poshub.db;

import io.poshub.common.DatabaseAway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A periodic job that could not reach the database runs again on its next turn: a warning; any other failure an error. */
@Configuration(proxyBeanMethods = false)
class ScheduledJobFailures {

    private static final Logger log = LoggerFactory.getLogger(ScheduledJobFailures.class);

    @Bean
    ThreadPoolTaskSchedulerCustomizer databaseAwayInScheduledJobs() {
        return scheduler -> scheduler.setErrorHandler(failure -> {
            if (DatabaseAway.is(failure)) {
                log.warn("A periodic job could not reach the database and runs again on its next turn: {}", failure.getMessage());
            } else {
                log.error("A periodic job failed", failure);
            }
        });
    }
}
