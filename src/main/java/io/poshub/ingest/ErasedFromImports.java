package io.poshub.ingest;

import io.poshub.PoshubProperties;
import io.poshub.member.MemberErased;
import io.poshub.member.PersonalValues;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An erased member leaves what the imports kept (contract §17): the rejected lines and reasons that name one of its
 * keys, the imports' error messages, and the files kept in {@code archive/} and {@code error/} — each line naming it
 * rewritten with its personal fields blank, so the file still reads as the same rows if it is ever reprocessed. Files
 * not read yet (an inbox, an SFTP server's folder) are new data when they come, and go by the unknown-member policy.
 */
@Component
class ErasedFromImports {

    private static final Logger log = LoggerFactory.getLogger(ErasedFromImports.class);

    private final JdbcTemplate jdbc;
    private final PoshubProperties properties;

    ErasedFromImports(JdbcTemplate jdbc, PoshubProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Runs in the erasure's transaction. The files are rewritten before it commits: if it then fails, the erasure runs
     * again whole, and a file rewritten already has nothing more to give.
     */
    @EventListener
    void blank(MemberErased erased) {
        PersonalValues values = erased.values();
        String keys = values.squeezedPattern();
        if (keys == null) {
            return;
        }
        List<Object[]> rejects = new ArrayList<>();
        // A cheap pass over the table first (each key as a plain substring of the squeezed text), the exact one on what it finds.
        jdbc.query("SELECT id, raw, reason FROM import_reject WHERE " + PersonalValues.squeezedSql("raw") + " REGEXP ? OR "
                + PersonalValues.squeezedSql("reason") + " REGEXP ?", rs -> {
            String raw = rs.getString(2);
            String reason = rs.getString(3);
            String newRaw = raw == null ? null : values.redactFields(raw);
            String newReason = values.redactText(reason);
            if (!Objects.equals(raw, newRaw) || !Objects.equals(reason, newReason)) {
                rejects.add(new Object[] {newRaw, newReason, rs.getLong(1)});
            }
        }, keys, keys);
        jdbc.batchUpdate("UPDATE import_reject SET raw = ?, reason = ? WHERE id = ?", rejects);
        List<Object[]> errors = new ArrayList<>();
        jdbc.query("SELECT id, error FROM import_file WHERE " + PersonalValues.squeezedSql("error") + " REGEXP ?", rs -> {
            String error = rs.getString(2);
            String redacted = values.redactText(error);
            if (!Objects.equals(error, redacted)) {
                errors.add(new Object[] {redacted, rs.getLong(1)});
            }
        }, keys);
        jdbc.batchUpdate("UPDATE import_file SET error = ? WHERE id = ?", errors);
        int files = 0;
        for (String kept : List.of("archive", "error")) {
            files += rewriteUnder(properties.dataDir().resolve(kept), values);
        }
        log.info("Erasure of {} member(s) of {}: {} rejected line(s), {} import error(s), {} kept file(s) blanked",
                erased.memberIds().size(), erased.merchant(), rejects.size(), errors.size(), files);
    }

    private static int rewriteUnder(Path folder, PersonalValues values) {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            int rewritten = 0;
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".erasing")).toList()) {
                if (rewrite(file, values)) {
                    rewritten++;
                }
            }
            return rewritten;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the kept files under " + folder, e);
        }
    }

    /**
     * Rewrites the file with the member's fields blank when a line names it. Read and written byte for byte (ISO-8859-1
     * maps each byte to one character), so a file in any encoding and with any line ends comes back as it was but for
     * the blanked fields.
     */
    static boolean rewrite(Path file, PersonalValues values) throws IOException {
        if (!names(file, values)) {
            return false;
        }
        Path next = file.resolveSibling(file.getFileName() + ".erasing");
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
             BufferedWriter out = Files.newBufferedWriter(next, StandardCharsets.ISO_8859_1)) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    boolean cr = !line.isEmpty() && line.charAt(line.length() - 1) == '\r';
                    String text = cr ? line.substring(0, line.length() - 1) : line.toString();
                    out.write(values.redactFields(text));
                    out.write(cr ? "\r\n" : "\n");
                    line.setLength(0);
                } else {
                    line.append((char) c);
                }
            }
            if (!line.isEmpty()) {
                out.write(values.redactFields(line.toString()));
            }
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

    private static boolean names(Path file, PersonalValues values) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (values.foundIn(line)) {
                    return true;
                }
            }
        }
        return false;
    }
}
