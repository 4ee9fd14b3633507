package io.poshub.ingest;

import io.poshub.PoshubProperties;
import io.poshub.alert.Alert;
import io.poshub.alert.Alerts;
import io.poshub.common.DatabaseAway;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A file that did not make it ({@link FeedErrorPolicy}): one that cannot be read in its layout ends FAILED with an
 * alert; anything else leaves its import open for the next poll.
 */
@Component
class ImportFailures {

    private static final Logger log = LoggerFactory.getLogger(ImportFailures.class);

    private final ImportFiles importFiles;
    private final TransactionTemplate tx;
    private final Alerts alerts;
    private final Clock clock;
    private final FeedMetrics metrics;
    private final PoshubProperties properties;

    ImportFailures(ImportFiles importFiles, TransactionTemplate tx, Alerts alerts, Clock clock, FeedMetrics metrics,
                   PoshubProperties properties) {
        this.importFiles = importFiles;
        this.tx = tx;
        this.alerts = alerts;
        this.clock = clock;
        this.metrics = metrics;
        this.properties = properties;
    }

    /** The file cannot be read in its mapping's layout: FAILED, nothing of it booked, the file goes to error/. */
    void markUnreadable(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause == null ? "unreadable" : cause.getMessage();
        exchange.setProperty(FeedSource.OUTCOME, "error");
        ImportRun run = ImportRun.of(exchange);
        if (run == null) {
            log.warn("Feed file {} could not be read: {}", exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY), reason);
            return;
        }
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        tx.executeWithoutResult(s -> {
            importFiles.finish(run.importFileId(), ImportStatus.FAILED, reason, FeedSource.stored(properties, exchange, run.feed()));
            alerts.raise(Alert.ofFile(run.feed(), name, "import " + run.importFileId() + " of " + name + " FAILED: " + reason,
                    clock.instant()));
        });
        metrics.finished(run.feed(), ImportStatus.FAILED, 0, 0, 0, 0, 0, 0);
        log.warn("Feed {}: import {} FAILED: {}", run.feed(), run.importFileId(), reason);
    }

    /**
     * Anything else (the database gone, a mapping missing) is not the file's fault: the import stays open with the
     * error noted, the file stays where it is, and the next poll resumes it. Said once: a warning when the database was
     * away, an error with its trace otherwise.
     */
    void noteRetry(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ImportRun run = ImportRun.of(exchange);
        String reason = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        Object name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY);
        if (DatabaseAway.is(cause)) {
            log.warn("Feed file {} not finished, will retry on the next poll: {}", name, reason);
        } else {
            log.error("Feed file {} not finished, will retry on the next poll: {}", name, reason, cause);
        }
        if (run != null) {
            try {
                importFiles.noteError(run.importFileId(), reason);
            } catch (RuntimeException e) {
                log.debug("could not note the error on import {}", run.importFileId(), e);
            }
        }
    }
}
