package io.poshub.ingest;

import io.poshub.format.UnreadableFileException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.stereotype.Component;

/**
 * The one error policy of every feed. A file that cannot be read in its layout ends FAILED and moves to
 * error/. Anything else (database down, mapping missing) is retried in place three times with back-off;
 * then the file stays where it is and its import open, and the next poll resumes it, so nothing is lost. Row-level problems never get here: they are rejects.
 */
@Component
class FeedErrorPolicy extends RouteConfigurationBuilder {

    static final String ID = "poshub-feed-errors";

    private final ImportFailures failures;

    FeedErrorPolicy(ImportFailures failures) {
        this.failures = failures;
    }

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(UnreadableFileException.class)
                    .handled(true)
                    .process(failures::markUnreadable)
                .end()
                // The hub is stopping (said by HubStopping): no retry, the file stays with its import open for the next leader.
                .onException(HubStopping.Stopped.class)
                    .maximumRedeliveries(0)
                    .logExhausted(false)
                    .handled(false)
                .end()
                .onException(Exception.class)
                    // A chunk that failed rolled back whole; trying the same step again is safe.
                    .maximumRedeliveries(3)
                    .redeliveryDelay(500)
                    .useExponentialBackOff()
                    .backOffMultiplier(2)
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .logRetryStackTrace(false)
                    // noteRetry says it once: a warning when the database was away, an error with its trace otherwise.
                    .logExhausted(false)
                    .handled(false)
                    .process(failures::noteRetry)
                .end();
    }
}
