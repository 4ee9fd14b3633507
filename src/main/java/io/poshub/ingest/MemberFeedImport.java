package io.poshub.ingest;

import io.poshub.format.UnreadableFileException;
import io.poshub.member.MemberFileException;
import io.poshub.member.MemberImport;
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
 * A member feed's file loaded for its merchant, each chunk committing with the import's running counts and its
 * rejected rows. A file whose header cannot be read is unreadable: FAILED, to error/, nothing loaded.
 */
@Component
class MemberFeedImport {

    private final MemberImport memberImport;
    private final ImportFiles importFiles;
    private final TransactionTemplate tx;

    MemberFeedImport(MemberImport memberImport, ImportFiles importFiles, TransactionTemplate tx) {
        this.memberImport = memberImport;
        this.importFiles = importFiles;
        this.tx = tx;
    }

    void load(Exchange exchange) {
        ImportRun run = ImportRun.of(exchange);
        String merchant = exchange.getProperty(ImportRun.MERCHANT, String.class);
        tx.executeWithoutResult(status -> importFiles.startProcessing(run.importFileId()));
        try (Reader csv = new InputStreamReader(run.progress().counting(exchange.getIn().getBody(InputStream.class)), StandardCharsets.UTF_8)) {
            MemberImport.Result result = memberImport.load(merchant, csv, (rows, imported, rejected) -> {
                importFiles.saveRejects(run.importFileId(), rejected.stream().map(r -> new Reject(r.line(), r.reason(), r.raw())).toList());
                importFiles.updateCounts(run.importFileId(), new ImportCounts(imported, rows - imported, 0, 0, 0, 0));
                importFiles.noteBytesRead(run.importFileId(), run.progress().bytes());
            });
            run.tally().set(new ImportCounts(result.imported(), result.rejected().size(), 0, 0, 0, 0));
        } catch (MemberFileException e) {
            throw new UnreadableFileException(e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the members of " + run.feed(), e);
        }
    }
}
