package io.poshub.ingest;

import io.poshub.format.UnreadableFileException;
import io.poshub.mapping.MappingRepository;
import io.poshub.sale.SaleBooker;
import io.poshub.sale.Ticket;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
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

    SalesImport(MappingRepository mappings, ImportFiles importFiles, ImportPipeline pipeline, TransactionTemplate tx, Feeds feeds,
                HubStopping stopping) {
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
     * bytes counted for the import's progress); the splitter closes it when done.
     */
    Iterator<List<Ticket>> chunks(Exchange exchange) {
        ImportRun run = ImportRun.of(exchange);
        return pipeline.chunks(run.mapping(), () -> run.progress().counting(exchange.getIn().getBody(InputStream.class)), run.feed());
    }

    /**
     * Books one chunk: its sales, lines, points entries, rejects, the import's running counts and how far the file has
     * been read (the progress bar) commit together. A hub that is stopping books no further chunk ({@link HubStopping}).
     */
    void book(Exchange exchange) {
        ImportRun run = ImportRun.of(exchange);
        stopping.goOn("Feed " + run.feed() + ": import " + run.importFileId());
        @SuppressWarnings("unchecked")
        List<Ticket> chunk = exchange.getIn().getBody(List.class);
        run.tally().set(pipeline.book(chunk, new SaleBooker.Source(run.feed(), run.mapping(), run.importFileId()),
                run.tally().get(), outcome -> importFiles.noteBytesRead(run.importFileId(), run.progress().bytes())));
    }
}
