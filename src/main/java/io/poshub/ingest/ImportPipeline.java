package io.poshub.ingest;

import java.io.UncheckedIOException;
import java.io.IOException;
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
import java.util.function.Consumer;
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

    ImportPipeline(PosFormats formats, SaleBooker booker, ImportFiles importFiles, TransactionTemplate tx,
                   PoshubProperties properties) {
        this.formats = formats;
        this.booker = booker;
        this.importFiles = importFiles;
        this.tx = tx;
        this.properties = properties;
    }

    /**
     * The file as chunks of {@code poshub.ingest.chunk-size} tickets; the caller closes it.
     *
     * @throws io.poshub.format.UnreadableFileException when the file is not of the mapping's layout at all
     */
    ReadAhead<List<Ticket>> chunks(Mapping mapping, ByteSource content, String feed) {
        var rows = formats.forMapping(mapping).open(content, mapping);
        return new ReadAhead<>(new TicketChunks(rows, properties.ingest().chunkSize()), 1, "poshub-read-" + feed);
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
        return tx.execute(status -> {
            BookingOutcome outcome = booker.book(chunk, source, before.salesDuplicate() > 0);
            importFiles.saveRejects(source.importFileId(), outcome.rejects());
            ImportCounts counts = before.plus(outcome);
            importFiles.updateCounts(source.importFileId(), counts);
            List<LocalDate> days = outcome.businessDates();
            if (!days.isEmpty()) {
                importFiles.noteBusinessDates(source.importFileId(), days.get(0), days.get(days.size() - 1));
            }
            also.accept(outcome);
            return counts;
        });
    }
}
