package io.poshub.ingest;

import io.poshub.PoshubProperties;
import io.poshub.common.Hashes;
import io.poshub.format.UnreadableFileException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A file arrives at a feed: hashed and recorded as an import (or the import a crash or an outage left unfinished for
 * the same content, so the file resumes rather than starts over), keyed for the file-level idempotent repository;
 * a file seen before is closed as DUPLICATE_FILE.
 */
@Component
class FileReceipt {

    private static final Logger log = LoggerFactory.getLogger(FileReceipt.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS");

    private final ImportFiles importFiles;
    private final Feeds feeds;
    private final FeedMetrics metrics;
    private final PoshubProperties properties;

    FileReceipt(ImportFiles importFiles, Feeds feeds, FeedMetrics metrics, PoshubProperties properties) {
        this.importFiles = importFiles;
        this.feeds = feeds;
        this.metrics = metrics;
        this.properties = properties;
    }

    /** A sales feed's file (or a Z-report feed's: the feed's kind says which). */
    void receiveSales(Exchange exchange) {
        String feed = exchange.getProperty(ImportRun.FEED, String.class);
        receive(exchange, feed, exchange.getProperty(ImportRun.MAPPING, String.class),
                feeds.find(feed).map(Feeds.Feed::kind).orElse(ImportKind.SALES));
    }

    /** A member feed's file: an import of kind MEMBERS. */
    void receiveMembers(Exchange exchange) {
        receive(exchange, exchange.getProperty(ImportRun.FEED, String.class), null, ImportKind.MEMBERS);
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
        ImportRun.received(id, feed, mapping, fileKey).carry(exchange);
        exchange.setProperty(FeedSource.OUTCOME, "archive");
        // The import's id makes the kept name unique: two files of one name done in the same millisecond never meet.
        exchange.setProperty(FeedSource.STORED_NAME, STAMP.format(LocalDateTime.now()) + "-" + id + "-" + name);
        log.info("Feed {}: received {} ({}) as import {}", feed, name, size(size), id);
    }

    /**
     * A file's size for the log: bytes up to 10 MB, then MB to one decimal — eight digits or more would read as a phone
     * or card number to the log's masking ({@code ops.LogMasking}) and be starred out.
     */
    static String size(long bytes) {
        return bytes < 10_000_000 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /** The key of the file-level idempotent repository: feed + SHA-256 of the content. */
    String fileKey(Exchange exchange) {
        return ImportRun.of(exchange).fileKey();
    }

    void markDuplicate(Exchange exchange) {
        ImportRun run = ImportRun.of(exchange);
        importFiles.finish(run.importFileId(), ImportStatus.DUPLICATE_FILE,
                "the same content was already imported by feed " + run.feed(), FeedSource.stored(properties, exchange, run.feed()));
        metrics.finished(run.feed(), ImportStatus.DUPLICATE_FILE, 0, 0, 0, 0, 0, 0);
        log.info("Feed {}: import {} is a duplicate file, nothing booked", run.feed(), run.importFileId());
    }
}
