package io.poshub.ingest;

import io.poshub.PoshubProperties;
import org.apache.camel.Exchange;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** A file read to its end: the import closes with counts that add up, the file's key kept, the feed no longer late. */
@Component
class ImportClosing {

    private static final Logger log = LoggerFactory.getLogger(ImportClosing.class);

    private final ImportFiles importFiles;
    private final TransactionTemplate tx;
    private final JdbcMessageIdRepository fileRepository;
    private final FeedMetrics metrics;
    private final LateFeeds lateFeeds;
    private final PoshubProperties properties;

    ImportClosing(ImportFiles importFiles, TransactionTemplate tx, JdbcMessageIdRepository fileRepository, FeedMetrics metrics,
                  LateFeeds lateFeeds, PoshubProperties properties) {
        this.importFiles = importFiles;
        this.tx = tx;
        this.fileRepository = fileRepository;
        this.metrics = metrics;
        this.lateFeeds = lateFeeds;
        this.properties = properties;
    }

    void finish(Exchange exchange) {
        ImportRun run = ImportRun.of(exchange);
        ImportCounts c = run.tally().get();
        ImportStatus status = c.rowsRejected() > 0 ? ImportStatus.DONE_WITH_REJECTS : ImportStatus.DONE;
        // The file's key is written with DONE in one transaction: a crash before the file has moved leaves a
        // file the next poll recognises as imported (DUPLICATE_FILE), never one it books a second time.
        tx.executeWithoutResult(s -> {
            importFiles.updateCounts(run.importFileId(), c);
            importFiles.finish(run.importFileId(), status, null, FeedSource.stored(properties, exchange, run.feed()));
            fileRepository.add(run.fileKey());
        });
        metrics.finished(run.feed(), status, c.rowsAccepted(), c.rowsRejected(), c.salesBooked(), c.salesDuplicate(),
                c.salesParked(), c.salesAnonymous());
        log.info("Feed {}: import {} {}: rows {} ({} rejected), sales {} = {} booked + {} duplicate + {} parked + {} anonymous",
                run.feed(), run.importFileId(), status, c.rowsTotal(), c.rowsRejected(), c.salesTotal(), c.salesBooked(),
                c.salesDuplicate(), c.salesParked(), c.salesAnonymous());
        try {
            lateFeeds.check(run.feed());
        } catch (RuntimeException e) {
            log.warn("Feed {}: could not tell whether it is still late: {}", run.feed(), e.getMessage());
        }
    }
}
