package io.poshub.ingest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Ends the imports that can no longer finish — FAILED with the reason, never RECEIVED for ever: at start-up and every
 * {@code poshub.imports.sweep-interval}. An import whose file still waits in its folder is left to its feed (it is read,
 * or resumed, at the next poll); so is any import that moved within {@code stale-after}.
 */
@Component
class ImportSweep {

    private static final Logger log = LoggerFactory.getLogger(ImportSweep.class);

    private final ImportFiles importFiles;
    private final Feeds feeds;
    private final ImportSweepProperties properties;

    ImportSweep(ImportFiles importFiles, Feeds feeds, ImportSweepProperties properties) {
        this.importFiles = importFiles;
        this.feeds = feeds;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        sweep();
    }

    @Scheduled(fixedDelayString = "${poshub.imports.sweep-interval:5m}", initialDelayString = "${poshub.imports.sweep-interval:5m}")
    void periodically() {
        sweep();
    }

    /** Looks at every quiet unfinished import once; answers how many it ended. */
    int sweep() {
        int failed = 0;
        List<ImportFiles.Unfinished> rows = importFiles.unfinishedQuietFor(properties.staleAfter());
        Map<String, Feeds.Feed> byName = rows.isEmpty() ? Map.of()
                : feeds.all().stream().collect(Collectors.toMap(Feeds.Feed::name, f -> f, (a, b) -> a));
        for (ImportFiles.Unfinished row : rows) {
            Optional<Feeds.Feed> feed = Optional.ofNullable(byName.get(row.feed()));
            Optional<String> reason = feed.isEmpty()
                    ? Optional.of("feed " + row.feed() + " no longer exists: its file was never read to the end")
                    : whyItCannotFinish(feed.get(), row);
            if (reason.isPresent()) {
                var quiet = feed.isPresent() && feed.get().folder().isEmpty() ? properties.remoteStaleAfter() : properties.staleAfter();
                if (importFiles.failQuiet(row.id(), quiet, reason.get())) {
                    failed++;
                    log.warn("Import {} of feed {} ended FAILED: {}", row.id(), row.feed(), reason.get());
                }
            }
        }
        return failed;
    }

    private Optional<String> whyItCannotFinish(Feeds.Feed feed, ImportFiles.Unfinished row) {
        Optional<Path> folder = feed.folder();
        if (folder.isEmpty()) {
            return Optional.of("not finished within " + properties.remoteStaleAfter() + " of its last progress; if its file is "
                    + "still on the SFTP server it is read again as a new import (sales already booked count as duplicates)");
        }
        String name = row.inboxName();
        String lower = name.toLowerCase(Locale.ROOT);
        if (FeedSource.TEMPORARY_SUFFIXES.stream().anyMatch(lower::endsWith)) {
            return Optional.of("the upload never reached the feed's folder (the hub stopped while it was written): upload it again");
        }
        if (!Files.exists(folder.get().resolve(name))) {
            return Optional.of("its file " + name + " is no longer in the feed's folder " + folder.get()
                    + ", so it cannot be read to the end: drop or upload it again");
        }
        return Optional.empty();
    }
}
