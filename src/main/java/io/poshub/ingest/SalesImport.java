package io.poshub.ingest;

import io.poshub.PoshubProperties;
import io.poshub.common.ReadAhead;
import io.poshub.format.UnreadableFileException;
import io.poshub.mapping.MappingRepository;
import io.poshub.sale.BookingOutcome;
import io.poshub.sale.SaleBooker;
import io.poshub.sale.Ticket;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A sales feed's file read as a stream of ticket chunks, each booked in one transaction with the import's running
 * counts; a mapping of {@code format: zreport} makes it a file of Z-reports instead ({@link ZReportImport}).
 */
@Component
class SalesImport {

    private final MappingRepository mappings;
    private final ImportFiles importFiles;
    private final ImportPipeline pipeline;
    private final TransactionTemplate tx;
    private final Feeds feeds;
    private final HubStopping stopping;
    private final PoshubProperties properties;

    SalesImport(MappingRepository mappings, ImportFiles importFiles, ImportPipeline pipeline, TransactionTemplate tx, Feeds feeds,
                HubStopping stopping, PoshubProperties properties) {
        this.properties = properties;
        this.stopping = stopping;
        this.feeds = feeds;
        this.mappings = mappings;
        this.importFiles = importFiles;
        this.pipeline = pipeline;
        this.tx = tx;
    }

    /** Resolves the mapping (re-read if edited) and marks the import PROCESSING. */
    void start(Exchange exchange) {
        ImportRun run = ImportRun.of(exchange);
        run.withMapping(mappings.get(run.mappingName())).carry(exchange);
        tx.executeWithoutResult(status -> importFiles.startProcessing(run.importFileId()));
    }

    /**
     * A feed with a {@code maxRejects} reads the file once without booking: over the limit, it fails whole (FAILED,
     * to error/, the reason on the import row) before a single sale is booked. Costs a second read of such feeds' files.
     */
    void screen(Exchange exchange) {
        ImportRun run = ImportRun.of(exchange);
        RejectLimit limit = feeds.find(run.feed()).map(Feeds.Feed::maxRejects).map(RejectLimit::parse).orElse(null);
        if (limit == null) {
            return;
        }
        ImportCounts counts = pipeline.foretell(run.mapping(), () -> exchange.getIn().getBody(InputStream.class), run.feed());
        if (limit.exceededBy(counts.rowsRejected(), counts.rowsTotal())) {
            throw new UnreadableFileException(counts.rowsRejected() + " of " + counts.rowsTotal() + " rows would be rejected, over the feed's "
                    + "maxRejects " + limit + ": nothing of the file is booked — correct the export and drop it again");
        }
    }

    boolean isZReport(Exchange exchange) {
        return ImportRun.of(exchange).mapping().isZReport();
    }

    /**
     * Reads the file as a stream of ticket chunks, parsed on a reader thread up to two chunks ahead of the booking (its
     * bytes counted for the import's progress); the splitter closes it when done. Unless the mapping's chunks must be
     * booked one after another ({@code poshub.ingest.chunks-in-flight} 1, {@link SaleBooker#canBookAhead}), they are
     * booked two at a time ({@link ChunksInFlight}), the next one parsed while they book.
     */
    Iterator<List<Ticket>> chunks(Exchange exchange) {
        ImportRun read = ImportRun.of(exchange);
        if (properties.ingest().chunksInFlight() == 1 || !SaleBooker.canBookAhead(read.mapping())) {
            return pipeline.chunks(read.mapping(), () -> read.progress().counting(exchange.getIn().getBody(InputStream.class)),
                    read.feed());
        }
        ImportRun run = read.withChunksInFlight(new ChunksInFlight(pipeline, source(read), read.tally().get(), read.feed(), noteRead(read)));
        run.carry(exchange);
        return new Abandoning(pipeline.chunks(run.mapping(), () -> run.progress().counting(exchange.getIn().getBody(InputStream.class)),
                run.feed(), 0), run.inFlight());
    }

    /** The chunks, read on: a file that cannot be read on leaves no chunk committing behind the step that marks it failed. */
    private record Abandoning(ReadAhead<List<Ticket>> chunks, ChunksInFlight inFlight) implements Iterator<List<Ticket>>, Closeable {

        @Override
        public boolean hasNext() {
            return orAbandon(chunks::hasNext);
        }

        @Override
        public List<Ticket> next() {
            return orAbandon(chunks::next);
        }

        private <T> T orAbandon(Supplier<T> read) {
            try {
                return read.get();
            } catch (RuntimeException e) {
                inFlight.abandon();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            chunks.close();
        }
    }

    /**
     * Books one chunk: its sales, lines, points entries, rejects, the import's running counts and how far the file has
     * been read (the progress bar) commit together. A hub that is stopping books no further chunk ({@link HubStopping}).
     */
    void book(Exchange exchange) {
        ImportRun run = ImportRun.of(exchange);
        try {
            stopping.goOn("Feed " + run.feed() + ": import " + run.importFileId());
        } catch (HubStopping.Stopped stopped) {
            if (run.inFlight() != null) {
                run.inFlight().abandon();
            }
            throw stopped;
        }
        @SuppressWarnings("unchecked")
        List<Ticket> chunk = exchange.getIn().getBody(List.class);
        if (run.inFlight() != null) {
            run.tally().set(run.inFlight().book(chunk));
        } else {
            run.tally().set(pipeline.book(chunk, source(run), run.tally().get(), noteRead(run)));
        }
    }

    /**
     * Once the file is read: the chunks still in flight committed (those that could not be booked ahead booked the
     * plain way), and the import's totals with them.
     */
    void settle(Exchange exchange) {
        ImportRun run = ImportRun.of(exchange);
        if (run.inFlight() != null) {
            run.tally().set(run.inFlight().finish());
        }
    }

    private static SaleBooker.Source source(ImportRun run) {
        return new SaleBooker.Source(run.feed(), run.mapping(), run.importFileId());
    }

    /** How far the file has been read, written with each chunk (the progress bar). */
    private Consumer<BookingOutcome> noteRead(ImportRun run) {
        return outcome -> importFiles.noteBytesRead(run.importFileId(), run.progress().bytes());
    }
}
