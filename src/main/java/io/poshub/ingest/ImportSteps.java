package io.poshub.ingest;

import io.poshub.PoshubProperties;
import io.poshub.alert.Alert;
import io.poshub.alert.Alerts;
import io.poshub.common.DatabaseAway;
import io.poshub.common.Hashes;
import io.poshub.dayclose.ZReportFileException;
import io.poshub.dayclose.ZReports;
import io.poshub.format.UnreadableFileException;
import io.poshub.mapping.MappingRepository;
import io.poshub.member.MemberFileException;
import io.poshub.member.MemberImport;
import io.poshub.sale.Reject;
import io.poshub.sale.SaleBooker;
import io.poshub.sale.Ticket;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of the feed routes, as beans the route calls by name: receive a file, read it into chunks of tickets and
 * book each chunk in one transaction (or keep its Z-reports, or load its members), and close the import with counts
 * that add up; a file that fails raises an alert.
 */
@Component("poshubImportSteps")
public class ImportSteps {

    private static final Logger log = LoggerFactory.getLogger(ImportSteps.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS");

    private final ImportFiles importFiles;
    private final MappingRepository mappings;
    private final ImportPipeline pipeline;
    private final TransactionTemplate tx;
    private final PoshubProperties properties;
    private final FeedMetrics metrics;
    private final JdbcMessageIdRepository fileRepository;
    private final MemberImport memberImport;
    private final ZReports zReports;
    private final Alerts alerts;
    private final Clock clock;
    private final LateFeeds lateFeeds;
    private final Feeds feeds;

    ImportSteps(ImportFiles importFiles, MappingRepository mappings, ImportPipeline pipeline, TransactionTemplate tx,
                PoshubProperties properties, FeedMetrics metrics, JdbcMessageIdRepository fileRepository, MemberImport memberImport,
                ZReports zReports, Alerts alerts, Clock clock, LateFeeds lateFeeds, Feeds feeds) {
        this.feeds = feeds;
        this.lateFeeds = lateFeeds;
        this.memberImport = memberImport;
        this.zReports = zReports;
        this.alerts = alerts;
        this.clock = clock;
        this.importFiles = importFiles;
        this.mappings = mappings;
        this.pipeline = pipeline;
        this.tx = tx;
        this.properties = properties;
        this.metrics = metrics;
        this.fileRepository = fileRepository;
    }

    /**
     * Hashes the file's content and opens its {@code import_file} row — or reopens the one a crash or an
     * outage left unfinished for the same feed and content, so the file resumes rather than starts over.
     */
    public void receive(Exchange exchange, String feed, String mapping) {
        receive(exchange, feed, mapping, feeds.find(feed).map(Feeds.Feed::kind).orElse(ImportKind.SALES));
    }

    /** {@link #receive} for a member feed's file: an import of kind MEMBERS. */
    public void receiveMembers(Exchange exchange, String feed) {
        receive(exchange, feed, null, ImportKind.MEMBERS);
    }

    private void receive(Exchange exchange, String feed, String mapping, ImportKind kind) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        metrics.ensure(feed);
        String sha256;
        long size;
        try (InputStream in = exchange.getIn().getBody(InputStream.class)) {
            if (in == null) {
                throw new UnreadableFileException("the file has no content that can be read");
            }
            MessageDigest digest = Hashes.sha256();
            try (DigestInputStream digesting = new DigestInputStream(in, digest)) {
                size = digesting.transferTo(OutputStream.nullOutputStream());
            }
            sha256 = Hashes.hex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + name, e);
        }
        long id = importFiles.findUnfinished(feed, sha256, name)
                .map(resumed -> {
                    log.info("Feed {}: resuming import {} of {} left unfinished", feed, resumed, name);
                    return resumed;
                })
                .orElseGet(() -> importFiles.create(feed, kind, name, sha256, size));
        // A reprocess repeats a file on purpose: its own key lets it past the file-level idempotent check.
        String fileKey = importFiles.reprocessOf(id).map(of -> feed + ":" + sha256 + ":reprocess:" + id).orElse(feed + ":" + sha256);
        exchange.setProperty(ImportRun.PROPERTY, new ImportRun(id, feed, mapping, fileKey));
        exchange.setProperty(FeedSource.OUTCOME, "archive");
        // The import's id makes the kept name unique: two files of one name done in the same millisecond never meet.
        exchange.setProperty(FeedSource.STORED_NAME, STAMP.format(LocalDateTime.now()) + "-" + id + "-" + name);
        log.info("Feed {}: received {} ({} bytes) as import {}", feed, name, size, id);
    }

    /** The key of the file-level idempotent repository: feed + SHA-256 of the content. */
    public String fileKey(Exchange exchange) {
        return run(exchange).fileKey;
    }

    public void markDuplicate(Exchange exchange) {
        ImportRun run = run(exchange);
        importFiles.finish(run.importFileId, ImportStatus.DUPLICATE_FILE,
                "the same content was already imported by feed " + run.feed, stored(exchange));
        metrics.finished(run.feed, ImportStatus.DUPLICATE_FILE.name(), 0, 0, 0, 0, 0, 0);
        log.info("Feed {}: import {} is a duplicate file, nothing booked", run.feed, run.importFileId);
    }

    /** Resolves the mapping (re-read if edited) and marks the import PROCESSING. */
    public void start(Exchange exchange) {
        ImportRun run = run(exchange);
        run.mapping = mappings.get(run.mappingName);
        tx.executeWithoutResult(status -> importFiles.startProcessing(run.importFileId));
    }

    /**
     * Reads the file as a stream of ticket chunks, parsed on a reader thread up to two chunks ahead of the
     * booking (its bytes counted for the import's progress); the splitter closes it when done.
     */
    public Iterator<List<Ticket>> chunks(Exchange exchange) {
        ImportRun run = run(exchange);
        return pipeline.chunks(run.mapping, () -> run.progress.counting(exchange.getIn().getBody(InputStream.class)), run.feed);
    }

    /**
     * Books one chunk: its sales, lines, points entries, rejects, the import's running counts and how far the file has
     * been read (the progress bar) commit together.
     */
    public void book(Exchange exchange) {
        ImportRun run = run(exchange);
        @SuppressWarnings("unchecked")
        List<Ticket> chunk = exchange.getIn().getBody(List.class);
        run.counts = pipeline.book(chunk, new SaleBooker.Source(run.feed, run.mapping, run.importFileId), run.counts,
                outcome -> importFiles.noteBytesRead(run.importFileId, run.progress.bytes()));
    }

    public boolean isZReport(Exchange exchange) {
        return run(exchange).mapping.isZReport();
    }

    /**
     * Keeps a file of Z-reports in one transaction with the import's counts and rejected rows. A file whose header is
     * not the layout's, or whose register-day disagrees with itself, is unreadable: FAILED, to error/, nothing kept.
     */
    public void loadZReport(Exchange exchange) {
        ImportRun run = run(exchange);
        try (Reader csv = new InputStreamReader(exchange.getIn().getBody(InputStream.class), StandardCharsets.UTF_8)) {
            run.counts = tx.execute(status -> {
                ZReports.Result result;
                try {
                    result = zReports.load(csv, run.mapping, run.importFileId);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                importFiles.saveRejects(run.importFileId, result.rejected().stream().map(r -> new Reject(r.line(), r.reason(), r.raw())).toList());
                ImportCounts counts = new ImportCounts(result.rowsAccepted(), result.rejected().size(), 0, 0, 0, 0);
                importFiles.updateCounts(run.importFileId, counts);
                if (result.firstDay() != null) {
                    importFiles.noteBusinessDates(run.importFileId, result.firstDay(), result.lastDay());
                }
                return counts;
            });
        } catch (ZReportFileException e) {
            throw new UnreadableFileException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the Z-reports of " + run.feed, e);
        }
    }

    /**
     * Loads a member feed's file for its merchant, each chunk committing with the import's running counts and its
     * rejected rows. A file whose header cannot be read is unreadable: FAILED, to error/, nothing loaded.
     */
    public void loadMembers(Exchange exchange, String merchant) {
        ImportRun run = run(exchange);
        tx.executeWithoutResult(status -> importFiles.startProcessing(run.importFileId));
        try (Reader csv = new InputStreamReader(run.progress.counting(exchange.getIn().getBody(InputStream.class)), StandardCharsets.UTF_8)) {
            MemberImport.Result result = memberImport.load(merchant, csv, (rows, imported, rejected) -> {
                importFiles.saveRejects(run.importFileId, rejected.stream().map(r -> new Reject(r.line(), r.reason(), r.raw())).toList());
                importFiles.updateCounts(run.importFileId, new ImportCounts(imported, rows - imported, 0, 0, 0, 0));
                importFiles.noteBytesRead(run.importFileId, run.progress.bytes());
            });
            run.counts = new ImportCounts(result.imported(), result.rejected().size(), 0, 0, 0, 0);
        } catch (MemberFileException e) {
            throw new UnreadableFileException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the members of " + run.feed, e);
        }
    }

    public void finish(Exchange exchange) {
        ImportRun run = run(exchange);
        ImportCounts c = run.counts;
        ImportStatus status = c.rowsRejected() > 0 ? ImportStatus.DONE_WITH_REJECTS : ImportStatus.DONE;
        // The file's key is written with DONE in one transaction: a crash before the file has moved leaves a
        // file the next poll recognises as imported (DUPLICATE_FILE), never one it books a second time.
        tx.executeWithoutResult(s -> {
            importFiles.updateCounts(run.importFileId, c);
            importFiles.finish(run.importFileId, status, null, stored(exchange));
            fileRepository.add(run.fileKey);
        });
        metrics.finished(run.feed, status.name(), c.rowsAccepted(), c.rowsRejected(), c.salesBooked(), c.salesDuplicate(),
                c.salesParked(), c.salesAnonymous());
        log.info("Feed {}: import {} {}: rows {} ({} rejected), sales {} = {} booked + {} duplicate + {} parked + {} anonymous",
                run.feed, run.importFileId, status, c.rowsTotal(), c.rowsRejected(), c.salesTotal(), c.salesBooked(),
                c.salesDuplicate(), c.salesParked(), c.salesAnonymous());
        try {
            lateFeeds.check(run.feed);
        } catch (RuntimeException e) {
            log.warn("Feed {}: could not tell whether it is still late: {}", run.feed, e.getMessage());
        }
    }

    /** The file cannot be read in its mapping's layout: FAILED, nothing of it booked, the file goes to error/. */
    public void markUnreadable(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause == null ? "unreadable" : cause.getMessage();
        exchange.setProperty(FeedSource.OUTCOME, "error");
        ImportRun run = exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
        if (run == null) {
            log.warn("Feed file {} could not be read: {}", exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY), reason);
            return;
        }
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        tx.executeWithoutResult(s -> {
            importFiles.finish(run.importFileId, ImportStatus.FAILED, reason, stored(exchange));
            alerts.raise(Alert.ofFile(run.feed, name, "import " + run.importFileId + " of " + name + " FAILED: " + reason, clock.instant()));
        });
        metrics.finished(run.feed, ImportStatus.FAILED.name(), 0, 0, 0, 0, 0, 0);
        log.warn("Feed {}: import {} FAILED: {}", run.feed, run.importFileId, reason);
    }

    /**
     * Anything else (the database gone, a mapping missing) is not the file's fault: the import stays open
     * with the error noted, the file stays where it is, and the next poll resumes it.
     */
    public void noteRetry(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        ImportRun run = exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
        String reason = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (DatabaseAway.is(cause)) {
            log.warn("Feed file {} not finished, will retry on the next poll: {}", exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY), reason);
        } else {
            log.error("Feed file {} not finished, will retry on the next poll: {}", exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY), reason,
                    cause);
        }
        if (run != null) {
            try {
                importFiles.noteError(run.importFileId, reason);
            } catch (RuntimeException e) {
                log.debug("could not note the error on import {}", run.importFileId, e);
            }
        }
    }

    /** Where a folder feed's file will be kept (archive/ or error/); null for SFTP feeds, whose files stay on the server. */
    private String stored(Exchange exchange) {
        if (exchange.getFromEndpoint() == null || !FeedSource.isFolder(exchange.getFromEndpoint().getEndpointUri())) {
            return null;
        }
        return FeedSource.storedPath(properties, exchange.getProperty(FeedSource.OUTCOME, String.class), run(exchange).feed,
                exchange.getProperty(FeedSource.STORED_NAME, String.class));
    }

    private static ImportRun run(Exchange exchange) {
        return exchange.getProperty(ImportRun.PROPERTY, ImportRun.class);
    }

}
