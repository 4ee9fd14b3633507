package io.poshub.ingest;

import io.poshub.dayclose.ZReportFileException;
import io.poshub.dayclose.ZReports;
import io.poshub.format.UnreadableFileException;
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
 * A file of Z-reports, kept in one transaction with the import's counts and rejected rows. A file whose header is
 * not the layout's, or whose register-day disagrees with itself, is unreadable: FAILED, to error/, nothing kept.
 */
@Component
class ZReportImport {

    private final ZReports zReports;
    private final ImportFiles importFiles;
    private final TransactionTemplate tx;

    ZReportImport(ZReports zReports, ImportFiles importFiles, TransactionTemplate tx) {
        this.zReports = zReports;
        this.importFiles = importFiles;
        this.tx = tx;
    }

    void load(Exchange exchange) {
        ImportRun run = ImportRun.of(exchange);
        try (Reader csv = new InputStreamReader(exchange.getIn().getBody(InputStream.class), StandardCharsets.UTF_8)) {
            run.tally().set(tx.execute(status -> {
                ZReports.Result result;
                try {
                    result = zReports.load(csv, run.mapping(), run.importFileId());
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
        } catch (ZReportFileException e) {
            throw new UnreadableFileException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the Z-reports of " + run.feed(), e);
        }
    }
}
