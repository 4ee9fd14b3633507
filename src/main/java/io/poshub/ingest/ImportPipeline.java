package io.poshub.ingest;

import java.io.UncheckedIOException;
import java.io.IOException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poshub.common.ReadAhead;
import io.poshub.PoshubProperties;
import io.poshub.csv.ByteSource;
import io.poshub.format.PosFormats;
import io.poshub.mapping.Mapping;
import io.poshub.sale.BookingOutcome;
import io.poshub.sale.SaleBooker;
import io.poshub.sale.Ticket;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What happens to a file's content, for a feed's file and a preview alike: read in the mapping's layout as ticket
 * chunks (parsed on a reader thread up to two chunks ahead), and each chunk booked in one transaction with its
 * rejects and the import's running counts.
 */
@Component
class ImportPipeline {

    private final PosFormats formats;
    private final SaleBooker booker;
    private final ImportFiles importFiles;
    private final TransactionTemplate tx;
    private final PoshubProperties properties;
    private final TransactionTemplate readCommitted;
    private final Counter bookedAgain;

    ImportPipeline(PosFormats formats, SaleBooker booker, ImportFiles importFiles, TransactionTemplate tx,
                   PoshubProperties properties, MeterRegistry meters) {
        this.bookedAgain = Counter.builder("poshub.chunks.booked.again")
                .description("Chunks booked ahead that were booked again one after another (the chunk before failed, a member moved)")
                .register(meters);
        this.formats = formats;
        this.booker = booker;
        this.importFiles = importFiles;
        this.tx = tx;
        this.properties = properties;
        this.readCommitted = new TransactionTemplate(tx.getTransactionManager());
        readCommitted.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
    }

    /**
     * The file as chunks of {@code poshub.ingest.chunk-size} tickets; the caller closes it.
     *
     * @throws io.poshub.format.UnreadableFileException when the file is not of the mapping's layout at all
     */
    ReadAhead<List<Ticket>> chunks(Mapping mapping, ByteSource content, String feed) {
        return chunks(mapping, content, feed, 1);
    }

    /**
     * As {@link #chunks(Mapping, ByteSource, String)}, {@code depth} chunks read ahead of the one handed out (0 when two
     * are booked at once: the next is parsed while they book, and handed over when asked for).
     */
    ReadAhead<List<Ticket>> chunks(Mapping mapping, ByteSource content, String feed, int depth) {
        var rows = formats.forMapping(mapping).open(content, mapping);
        return new ReadAhead<>(new TicketChunks(rows, properties.ingest().chunkSize()), depth, "poshub-read-" + feed);
    }

    /**
     * What the file would do, read-only ({@link SaleBooker#foretell}): its counts, before anything of it is booked.
     */
    ImportCounts foretell(Mapping mapping, ByteSource content, String feed) {
        SaleBooker.Forecast forecast = new SaleBooker.Forecast();
        ImportCounts counts = ImportCounts.ZERO;
        try (ReadAhead<List<Ticket>> chunks = chunks(mapping, content, feed)) {
            while (chunks.hasNext()) {
                counts = counts.plus(booker.foretell(chunks.next(), mapping, forecast));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counts;
    }

    /**
     * Books one chunk: its sales, lines, points entries, rejects and the import's running counts commit together
     * (inside the caller's transaction when there is one).
     *
     * @param also sees the chunk's outcome before it commits, and may write in its transaction
     * @return the import's counts with this chunk
     */
    ImportCounts book(List<Ticket> chunk, SaleBooker.Source source, ImportCounts before, Consumer<BookingOutcome> also) {
        return tx.execute(status -> counted(booker.book(chunk, source, before.salesDuplicate() > 0), source, before, also));
    }

    /** {@link #book}, for a chunk whose booking ahead did not commit. */
    ImportCounts bookAgain(List<Ticket> chunk, SaleBooker.Source source, ImportCounts before, Consumer<BookingOutcome> also) {
        bookedAgain.increment();
        return book(chunk, source, before, also);
    }

    /**
     * Books one chunk while the chunk before it is still committing on another connection ({@link SaleBooker#bookAhead}),
     * in a transaction that reads what others committed; its counts are those the chunk before committed plus its own.
     *
     * @param resendsExpected look the sales up first (the import has met sales received before)
     * @param committedBefore the import's counts once the chunk before has committed; throws when it did not
     */
    ImportCounts bookAhead(List<Ticket> chunk, SaleBooker.Source source, boolean resendsExpected, SaleBooker.ChunkBefore before,
                           Consumer<SaleBooker.ChunkBefore> written, Supplier<ImportCounts> committedBefore,
                           Consumer<BookingOutcome> also) {
        return readCommitted.execute(status -> {
            AtomicReference<ImportCounts> counts = new AtomicReference<>();
            BookingOutcome outcome = booker.bookAhead(chunk, source, resendsExpected, new SaleBooker.Ahead() {
                @Override
                public SaleBooker.ChunkBefore before() {
                    return before;
                }

                @Override
                public void written(SaleBooker.ChunkBefore leaves) {
                    written.accept(leaves);
                }

                @Override
                public void awaitBefore() {
                    counts.set(committedBefore.get());
                }
            });
            return counted(outcome, source, counts.get(), also);
        });
    }

    /** The chunk's rejects, the import's counts with it and the business days it covers, in the chunk's transaction. */
    private ImportCounts counted(BookingOutcome outcome, SaleBooker.Source source, ImportCounts before, Consumer<BookingOutcome> also) {
        importFiles.saveRejects(source.importFileId(), outcome.rejects());
        ImportCounts counts = before.plus(outcome);
        importFiles.updateCounts(source.importFileId(), counts);
        List<LocalDate> days = outcome.businessDates();
        if (!days.isEmpty()) {
            importFiles.noteBusinessDates(source.importFileId(), days.get(0), days.get(days.size() - 1));
        }
        also.accept(outcome);
        return counts;
    }
}
