package io.poshub.ingest;

import io.poshub.common.Utc;
import io.poshub.csv.Values;
import io.poshub.sale.Reject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code import_file} and {@code import_reject} tables. */
@Repository
public class ImportFiles {

    /** Raw text kept per reject; longer lines are cut (the file itself is archived whole). */
    private static final int RAW_LIMIT = 2000;

    private final JdbcTemplate jdbc;

    public ImportFiles(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** An import as the API shows it. */
    public record ImportFile(long id, String feed, ImportKind kind, String name, String sha256, long sizeBytes, long bytesRead,
                             ImportStatus status,
                             int rowsTotal, int rowsAccepted, int rowsRejected, int salesTotal, int salesBooked,
                             int salesDuplicate, int salesParked, int salesAnonymous, Instant receivedAt,
                             Instant finishedAt, String error) {
    }

    /** Opens an import of a file read under {@code name} (its name in the feed's folder too). */
    public long create(String feed, ImportKind kind, String name, String sha256, long size) {
        return create(feed, kind, name, name, sha256, size);
    }

    /** Opens an import of a file the user named {@code name} that waits in the feed's folder as {@code inboxName}. */
    long create(String feed, ImportKind kind, String name, String inboxName, String sha256, long size) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("""
                    INSERT INTO import_file (feed, kind, name, inbox_name, sha256, size_bytes, status, received_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'RECEIVED', UTC_TIMESTAMP(3))
                    """, Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, feed);
            ps.setString(2, kind.name());
            ps.setString(3, name);
            ps.setString(4, inboxName);
            ps.setString(5, sha256);
            ps.setLong(6, size);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    /** Names the file an upload's import waits for in the feed's folder, once its id (part of the name) is known. */
    void noteInboxName(long id, String inboxName) {
        jdbc.update("UPDATE import_file SET inbox_name = ? WHERE id = ?", inboxName, id);
    }

    /**
     * The import a crash or an outage left unfinished for this very file (same content, same name in the folder), to be
     * resumed. An upload waiting under a name of its own is never taken over by another file of the same content.
     */
    Optional<Long> findUnfinished(String feed, String sha256, String inboxName) {
        return jdbc.queryForList("""
                SELECT id FROM import_file WHERE feed = ? AND sha256 = ? AND status IN ('RECEIVED', 'PROCESSING')
                   AND (inbox_name = ? OR inbox_name IS NULL)
                ORDER BY id DESC LIMIT 1
                """, Long.class, feed, sha256, inboxName).stream().findFirst();
    }

    /** An import not finished, with the name its file has in the feed's folder. */
    record Unfinished(long id, String feed, String inboxName) {
    }

    /** Imports still RECEIVED or PROCESSING whose row has not changed for {@code quiet} (by the database's clock). */
    List<Unfinished> unfinishedQuietFor(Duration quiet) {
        return jdbc.query("""
                SELECT id, feed, COALESCE(inbox_name, name) FROM import_file
                 WHERE status IN ('RECEIVED', 'PROCESSING') AND touched_at < TIMESTAMPADD(MICROSECOND, -?, CURRENT_TIMESTAMP(3))
                """, (rs, n) -> new Unfinished(rs.getLong(1), rs.getString(2), rs.getString(3)), micros(quiet));
    }

    /** Ends an import that can no longer finish as FAILED, unless it moved (or ended) since it was looked at. */
    boolean failQuiet(long id, Duration quiet, String reason) {
        return jdbc.update("""
                UPDATE import_file SET status = 'FAILED', error = ?, finished_at = UTC_TIMESTAMP(3)
                 WHERE id = ? AND status IN ('RECEIVED', 'PROCESSING')
                   AND touched_at < TIMESTAMPADD(MICROSECOND, -?, CURRENT_TIMESTAMP(3))
                """, Values.truncate(reason, 4000), id, micros(quiet)) == 1;
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1000;
    }

    /** Starts (or restarts) processing: the rejects of an earlier, cut-short attempt are read again. */
    void startProcessing(long id) {
        jdbc.update("DELETE FROM import_reject WHERE import_file_id = ?", id);
        jdbc.update("""
                UPDATE import_file SET status = 'PROCESSING', error = NULL, rows_total = 0, rows_accepted = 0,
                    rows_rejected = 0, sales_total = 0, sales_booked = 0, sales_duplicate = 0, sales_parked = 0,
                    sales_anonymous = 0, bytes_read = 0 WHERE id = ?
                """, id);
    }

    void saveRejects(long id, List<Reject> rejects) {
        if (rejects.isEmpty()) {
            return;
        }
        List<Object[]> args = new ArrayList<>(rejects.size());
        for (Reject r : rejects) {
            args.add(new Object[] {id, r.lineNo(), Values.truncate(r.reason(), 500), Values.truncate(r.raw(), RAW_LIMIT)});
        }
        jdbc.batchUpdate("INSERT INTO import_reject (import_file_id, line_no, reason, raw) VALUES (?, ?, ?, ?)", args);
    }

    void updateCounts(long id, ImportCounts c) {
        jdbc.update("""
                UPDATE import_file SET rows_total = ?, rows_accepted = ?, rows_rejected = ?, sales_total = ?,
                    sales_booked = ?, sales_duplicate = ?, sales_parked = ?, sales_anonymous = ? WHERE id = ?
                """, c.rowsTotal(), c.rowsAccepted(), c.rowsRejected(), c.salesTotal(), c.salesBooked(),
                c.salesDuplicate(), c.salesParked(), c.salesAnonymous(), id);
    }

    /** How many bytes of the file have been read so far: progress only, never less than noted before. */
    void noteBytesRead(long id, long bytes) {
        jdbc.update("UPDATE import_file SET bytes_read = GREATEST(bytes_read, LEAST(?, size_bytes)) WHERE id = ?", bytes, id);
    }

    /** Widens the business days the import's rows name (a file of several days, read chunk by chunk). */
    void noteBusinessDates(long id, LocalDate first, LocalDate last) {
        jdbc.update("""
                UPDATE import_file SET first_business_date = LEAST(COALESCE(first_business_date, ?), ?),
                    last_business_date = GREATEST(COALESCE(last_business_date, ?), ?) WHERE id = ?
                """, first, first, last, last, id);
    }

    void finish(long id, ImportStatus status, String error, String storedPath) {
        jdbc.update("UPDATE import_file SET status = ?, error = ?, stored_path = ?, finished_at = UTC_TIMESTAMP(3), "
                + "bytes_read = IF(? IN ('DONE', 'DONE_WITH_REJECTS'), size_bytes, bytes_read) WHERE id = ?",
                status.name(), Values.truncate(error, 4000), storedPath, status.name(), id);
    }

    /** A new import that repeats an earlier one's file past the file-level check. */
    long createReprocess(ImportFile of, String inboxName) {
        long id = create(of.feed(), of.kind(), of.name(), inboxName, of.sha256(), of.sizeBytes());
        jdbc.update("UPDATE import_file SET reprocess_of = ? WHERE id = ?", of.id(), id);
        return id;
    }

    /** The earlier import a reprocess repeats, if this one is a reprocess. */
    Optional<Long> reprocessOf(long id) {
        return jdbc.queryForList("SELECT reprocess_of FROM import_file WHERE id = ? AND reprocess_of IS NOT NULL", Long.class, id)
                .stream().findFirst();
    }

    public Optional<String> storedPath(long id) {
        return jdbc.queryForList("SELECT stored_path FROM import_file WHERE id = ? AND stored_path IS NOT NULL", String.class, id)
                .stream().findFirst();
    }

    /** Notes why the last attempt stopped, leaving the import open so the next poll resumes it. */
    void noteError(long id, String error) {
        jdbc.update("UPDATE import_file SET error = ? WHERE id = ?", Values.truncate(error, 4000), id);
    }

    public Optional<ImportFile> findById(long id) {
        return jdbc.query("SELECT * FROM import_file WHERE id = ?", ImportFiles::importFile, id).stream().findFirst();
    }

    /** Newest first; feed and status are optional filters. */
    public List<ImportFile> find(String feed, ImportStatus status, int limit) {
        return find(feed, status, null, limit);
    }

    /** Newest first; feed, status and the UTC day received are optional filters. */
    public List<ImportFile> find(String feed, ImportStatus status, LocalDate receivedOn, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM import_file WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (receivedOn != null) {
            sql.append(" AND received_at >= ? AND received_at < ?");
            args.add(receivedOn.atStartOfDay());
            args.add(receivedOn.plusDays(1).atStartOfDay());
        }
        if (feed != null) {
            sql.append(" AND feed = ?");
            args.add(feed);
        }
        if (status != null) {
            sql.append(" AND status = ?");
            args.add(status.name());
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), ImportFiles::importFile, args.toArray());
    }

    /** Sales booked per day (UTC, by when their file finished) and feed, for the days since {@code from}. */
    public record Daily(LocalDate day, String feed, long salesBooked, long files) {
    }

    public List<Daily> daily(LocalDate from) {
        return jdbc.query("""
                SELECT DATE(finished_at), feed, SUM(sales_booked), COUNT(*) FROM import_file
                 WHERE finished_at >= ? AND kind = 'SALES' GROUP BY DATE(finished_at), feed ORDER BY 1, 2
                """, (rs, n) -> new Daily(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getLong(3), rs.getLong(4)),
                from.atStartOfDay());
    }

    public List<Reject> rejects(long id) {
        return jdbc.query("SELECT line_no, reason, raw FROM import_reject WHERE import_file_id = ? ORDER BY line_no, id",
                (rs, n) -> new Reject(rs.getInt(1), rs.getString(2), rs.getString(3)), id);
    }

    private static ImportFile importFile(ResultSet rs, int row) throws SQLException {
        return new ImportFile(rs.getLong("id"), rs.getString("feed"), ImportKind.valueOf(rs.getString("kind")), rs.getString("name"), rs.getString("sha256"),
                rs.getLong("size_bytes"), rs.getLong("bytes_read"), ImportStatus.valueOf(rs.getString("status")), rs.getInt("rows_total"),
                rs.getInt("rows_accepted"), rs.getInt("rows_rejected"), rs.getInt("sales_total"),
                rs.getInt("sales_booked"), rs.getInt("sales_duplicate"), rs.getInt("sales_parked"),
                rs.getInt("sales_anonymous"), Utc.instant(rs.getTimestamp("received_at")),
                Utc.instant(rs.getTimestamp("finished_at")), rs.getString("error"));
    }


}
