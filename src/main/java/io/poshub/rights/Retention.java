package io.poshub.rights;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poshub.audit.HubAudit;
import io.poshub.common.Utc;
import io.poshub.ingest.ImportRetention;
import io.poshub.sale.ParkedRetention;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The retention sweep (contract §17): raw reject lines, kept files and unassigned parked sales past their periods are
 * removed by the modules that keep them, in batches; the counts and reasons stay. Daily on one node (the first to claim
 * the day's row in {@code retention_run}); an admin may run it any time — it is idempotent, a second run finds nothing
 * more. Each run is kept with what it removed, counted in {@code poshub_retention_removed_total{kind}} and written to
 * the audit trail.
 */
@Component
class Retention {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private static final RowMapper<Run> RUN = (rs, n) -> new Run(rs.getLong("id"),
            rs.getDate("day") == null ? null : rs.getDate("day").toLocalDate(), rs.getString("started_by"),
            Utc.instant(rs.getTimestamp("started_at")), Utc.instant(rs.getTimestamp("finished_at")), rs.getInt("reject_lines"),
            rs.getInt("files"), rs.getInt("parked_sales"));

    /** A run and what it removed. */
    @Schema(name = "RetentionRun")
    record Run(long id, @Schema(description = "the daily run's day; null for a run an admin started") LocalDate day,
               String startedBy, Instant startedAt, Instant finishedAt,
               @Schema(description = "rejected lines whose raw text was removed") int rejectLines,
               @Schema(description = "files deleted from archive/ and error/") int files,
               @Schema(description = "parked sales no member came for, forgotten") int parkedSales) {
    }

    private final JdbcTemplate jdbc;
    private final ImportRetention imports;
    private final ParkedRetention parked;
    private final HubAudit audit;
    private final RetentionProperties properties;
    private final Clock clock;
    private final Map<String, Counter> removed = new LinkedHashMap<>();

    Retention(JdbcTemplate jdbc, ImportRetention imports, ParkedRetention parked, HubAudit audit, RetentionProperties properties,
              Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.imports = imports;
        this.parked = parked;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
        for (String kind : List.of("rejects", "files", "parked")) {
            removed.put(kind, Counter.builder("poshub.retention.removed").tag("kind", kind)
                    .description("Raw data removed by the retention sweep: reject lines, kept files, parked sales").register(meters));
        }
    }

    @Scheduled(cron = "${poshub.retention.cron:0 30 3 * * *}", zone = "UTC")
    void daily() {
        daily(clock.instant());
    }

    /** The day's run as of {@code now}, unless a node ran it already that day. */
    Optional<Run> daily(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        long id;
        try {
            id = open(day, HubAudit.ACTOR, now);
        } catch (DuplicateKeyException | PessimisticLockingFailureException ranElsewhere) {
            return Optional.empty();
        }
        Run run = sweep(id, now);
        audit.record("retentionSweep", "/api/retention/runs/" + id, Map.of("rejectLines", run.rejectLines(),
                "files", run.files(), "parkedSales", run.parkedSales()));
        return Optional.of(run);
    }

    /** A run an admin started, as of {@code now}. */
    Run now(String startedBy, Instant now) {
        return sweep(open(null, startedBy, now), now);
    }

    Run now(String startedBy) {
        return now(startedBy, clock.instant());
    }

    /** The latest runs, newest first. */
    List<Run> latest(int limit) {
        return jdbc.query("SELECT * FROM retention_run ORDER BY started_at DESC, id DESC LIMIT ?", RUN, limit);
    }


    private long open(LocalDate day, String startedBy, Instant now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement insert = con.prepareStatement("INSERT INTO retention_run (day, started_by, started_at) VALUES (?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
            insert.setDate(1, day == null ? null : Date.valueOf(day));
            insert.setString(2, startedBy);
            insert.setTimestamp(3, Utc.timestamp(now));
            return insert;
        }, key);
        return key.getKey().longValue();
    }

    private Run sweep(long id, Instant now) {
        int rejectLines = imports.forgetRejectLines(now.minus(properties.rejects()), properties.batch());
        int files = imports.deleteKeptFiles(now.minus(properties.archive()), properties.batch());
        int parkedSales = parked.forgetUnassigned(now.minus(properties.parked()), properties.batch());
        removed.get("rejects").increment(rejectLines);
        removed.get("files").increment(files);
        removed.get("parked").increment(parkedSales);
        jdbc.update("UPDATE retention_run SET finished_at = ?, reject_lines = ?, files = ?, parked_sales = ? WHERE id = ?",
                Utc.timestamp(clock.instant()), rejectLines, files, parkedSales, id);
        log.info("Retention sweep {}: {} reject line(s), {} kept file(s), {} parked sale(s) removed", id, rejectLines, files, parkedSales);
        return jdbc.queryForObject("SELECT * FROM retention_run WHERE id = ?", RUN, id);
    }
}
