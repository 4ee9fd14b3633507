package io.poshub.ingest;

import io.poshub.dayclose.SettlementFileException;
import io.poshub.dayclose.TerminalSettlements;
import io.poshub.dayclose.ZReportFileException;
import io.poshub.dayclose.ZReports;
import io.poshub.format.UnreadableFileException;
import io.poshub.mapping.Mapping;
import io.poshub.sale.Reject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A file of Z-reports, or of card terminals' settlements, kept in one transaction with the import's counts and rejected
 * rows. A file whose header is not the layout's, or whose register-day disagrees with itself, is unreadable: FAILED,
 * to error/, nothing kept.
 */
@Component
class ZReportImport {

    private final ZReports zReports;
    private final TerminalSettlements settlements;
    private final ImportFiles importFiles;
    private final TransactionTemplate tx;

    ZReportImport(ZReports zReports, TerminalSettlements settlements, ImportFiles importFiles, TransactionTemplate tx) {
        this.zReports = zReports;
        this.settlements = settlements;
        this.importFiles = importFiles;
        this.tx = tx;
    }

    /** What keeps one kind of day file inside the import's transaction. */
    private interface Loader {
        ZReports.Result load(Reader file, Mapping mapping, long importFileId) throws IOException;
    }

    void load(Exchange exchange) {
        load(exchange, zReports::load, "Z-reports");
    }

    /** A {@code terminal-feed}'s file (contract §22). */
    void loadSettlements(Exchange exchange) {
        load(exchange, settlements::load, "terminal settlements");
    }

    private void load(Exchange exchange, Loader loader, String what) {
        ImportRun run = ImportRun.of(exchange);
        try (Reader csv = new InputStreamReader(exchange.getIn().getBody(InputStream.class), StandardCharsets.UTF_8)) {
            run.tally().set(tx.execute(status -> {
                ZReports.Result result;
                try {
                    result = loader.load(csv, run.mapping(), run.importFileId());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                importFiles.saveRejects(run.importFileId(), result.rejected().stream().map(r -> new Reject(r.line(), r.reason(), r.raw())).toList());
                ImportCounts counts = new ImportCounts(result.rowsAccepted(), result.rejected().size(), 0, 0, 0, 0);
                importFiles.updateCounts(run.importFileId(), counts);
                if (result.firstDay() != null) {
                    importFiles.noteBusinessDates(run.importFileId(), result.firstDay(), result.lastDay());
                }
                return counts;
            }));
        } catch (ZReportFileException | SettlementFileException e) {
            throw new UnreadableFileException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the " + what + " of " + run.feed(), e);
        }
    }
}
