package io.poshub.ingest;

import io.poshub.mapping.Mapping;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;

/**
 * One attempt at one file, as the feed route carries it from step to step (an exchange property): what it is, never
 * changed once received — the mapping is added by the start of a sales import, as a new run. Two instruments ride
 * along and move as the file is read: {@code progress} counts the bytes read (the progress bar), {@code tally} holds
 * the import's totals so far, each booked chunk replacing them with the new ones. They are shared, not copied, so a
 * chunk booked on the splitter's copy of the exchange counts for the whole file.
 *
 * @param mappingName the feed's mapping, or null for a member feed
 * @param mapping     the mapping as read at the start of a sales import, or null before it and for a member feed
 * @param inFlight    a sales import's chunks booked two at a time, or null when they are booked one after another
 */
record ImportRun(long importFileId, String feed, String mappingName, String fileKey, ReadProgress progress, Tally tally,
                 Mapping mapping, ChunksInFlight inFlight) {

    private static final String PROPERTY = "poshubImportRun";
    /** The template parameters the route hands its steps: the feed, and its mapping or merchant. */
    static final String FEED = "poshubFeed";
    static final String MAPPING = "poshubMapping";
    static final String MERCHANT = "poshubMerchant";

    static ImportRun received(long importFileId, String feed, String mappingName, String fileKey) {
        return new ImportRun(importFileId, feed, mappingName, fileKey, new ReadProgress(), new Tally(), null, null);
    }

    ImportRun withMapping(Mapping read) {
        return new ImportRun(importFileId, feed, mappingName, fileKey, progress, tally, read, inFlight);
    }

    /** The run with its chunks booked two at a time by {@code booking}. */
    ImportRun withChunksInFlight(ChunksInFlight booking) {
        return new ImportRun(importFileId, feed, mappingName, fileKey, progress, tally, mapping, booking);
    }

    /** This exchange's run, or null before its file was received. */
    static ImportRun of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, ImportRun.class);
    }

    void carry(Exchange exchange) {
        exchange.setProperty(PROPERTY, this);
    }

    /** The import's totals so far. */
    static final class Tally {

        private final AtomicReference<ImportCounts> counts = new AtomicReference<>(ImportCounts.ZERO);

        ImportCounts get() {
            return counts.get();
        }

        void set(ImportCounts totals) {
            counts.set(totals);
        }
    }
}
