package io.poshub.ingest;

import io.poshub.PoshubProperties;
import io.poshub.common.Utc;
import io.poshub.db.Placeholders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the imports keep, kept no longer than the retention periods (contract §17): the raw text of rejected lines goes
 * (the line number and the reason stay, and so do the import's counts), and so do the files in {@code archive/} and
 * {@code error/} — an import whose file is gone can no longer be reprocessed, and says so. A batch to a transaction: the
 * till's calls and the imports never wait long behind it.
 */
@NamedInterface("api")
@Component
public class ImportRetention {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final PoshubProperties properties;

    ImportRetention(JdbcTemplate jdbc, TransactionTemplate tx, PoshubProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties;
    }

    /**
     * Blanks the raw text of lines rejected by imports received before {@code before}; answers how many. Import by import,
     * along its rejects' (import, line) index a batch at a time — never a scan of the whole table, never a batch that
     * sorts what is left — and the import is then marked, so later sweeps pass it by.
     */
    public int forgetRejectLines(Instant before, int batch) {
        int forgotten = 0;
        List<Long> files = jdbc.queryForList("SELECT id FROM import_file WHERE received_at < ? AND rejects_forgotten_at IS NULL"
                + " ORDER BY id", Long.class, Utc.timestamp(before));
        for (long file : files) {
            int line = -1;
            while (true) {
                List<Integer> lines = jdbc.queryForList("SELECT line_no FROM import_reject WHERE import_file_id = ? AND line_no > ?"
                        + " ORDER BY line_no LIMIT ?", Integer.class, file, line, batch);
                if (lines.isEmpty()) {
                    break;
                }
                int from = line;
                line = lines.get(lines.size() - 1);
                int to = line;
                Integer done = tx.execute(status -> jdbc.update("UPDATE import_reject SET raw = NULL WHERE import_file_id = ?"
                        + " AND line_no > ? AND line_no <= ? AND raw IS NOT NULL", file, from, to));
                forgotten += done == null ? 0 : done;
            }
            jdbc.update("UPDATE import_file SET rejects_forgotten_at = UTC_TIMESTAMP(3) WHERE id = ?", file);
        }
        return forgotten;
    }

    /** Deletes the files kept in archive/ and error/ last written before {@code before}; answers how many. */
    public int deleteKeptFiles(Instant before, int batch) {
        List<String> deleted = new ArrayList<>();
        Path data = properties.dataDir().toAbsolutePath().normalize();
        for (String kept : List.of("archive", "error")) {
            Path folder = data.resolve(kept);
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(before) && Files.deleteIfExists(file)) {
                        deleted.add(file.toString());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not sweep " + folder, e);
            }
        }
        for (int from = 0; from < deleted.size(); from += batch) {
            List<String> part = deleted.subList(from, Math.min(deleted.size(), from + batch));
            tx.executeWithoutResult(status -> jdbc.update("UPDATE import_file SET stored_path = NULL WHERE stored_path IN ("
                    + Placeholders.list(part.size()) + ")", part.toArray()));
        }
        return deleted.size();
    }
}
