package io.poshub.loyalty;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.poshub.common.Utc;
import io.poshub.db.Conflicts;
import io.poshub.db.Inserts;
import io.poshub.db.Placeholders;
import io.poshub.mapping.PointsLife;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Date;


import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Points maturing and expiring (contract §18), as of a day: everything due by the end of that day (UTC). Pending lots
 * past their window mature (those waiting for their store day too, once it closed BALANCED); lots past a rolling expiry
 * and all points of members inactive past the program's period expire, each member's in one {@code EXPIRE} entry that
 * takes exactly what was left. In batches of members, each a transaction with the members locked as every booking
 * locks them. Daily on one node — the first to claim the day's row in {@code loyalty_run} — and idempotent: what is
 * done leaves the run's indexes, so a second run finds nothing.
 */
@Service
public class PointsRun {

    private static final Logger log = LoggerFactory.getLogger(PointsRun.class);

    /** A run and what it did. */
    @Schema(name = "LoyaltyRun")
    public record Run(long id, @Schema(description = "the daily run's day; null for a run an admin started") LocalDate day,
                      @Schema(description = "everything due by the end of this day (UTC) was done") LocalDate asOf,
                      String startedBy, Instant startedAt, Instant finishedAt,
                      @Schema(description = "points that became available") long matured,
                      @Schema(description = "points that expired") long expired,
                      @Schema(description = "members whose points expired") int members) {
    }

    private static final RowMapper<Run> RUN = (rs, n) -> new Run(rs.getLong("id"),
            rs.getDate("day") == null ? null : rs.getDate("day").toLocalDate(), rs.getDate("as_of").toLocalDate(),
            rs.getString("started_by"), Utc.instant(rs.getTimestamp("started_at")), Utc.instant(rs.getTimestamp("finished_at")),
            rs.getLong("matured"), rs.getLong("expired"), rs.getInt("members"));

    /** Who starts the daily run, in {@code loyalty_run.started_by}. */
    static final String DAILY = "daily run";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final PointsAccounts accounts;
    private final Programs programs;
    private final ObjectProvider<ClosedDays> closedDays;
    private final PointsRunProperties properties;
    private final Clock clock;
    private final Counter expiredPoints;

    PointsRun(JdbcTemplate jdbc, TransactionTemplate tx, PointsAccounts accounts, Programs programs, ObjectProvider<ClosedDays> closedDays,
              PointsRunProperties properties, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.accounts = accounts;
        this.programs = programs;
        this.closedDays = closedDays;
        this.properties = properties;
        this.clock = clock;
        this.expiredPoints = Counter.builder("poshub.points.expired").description("Points that expired (EXPIRE entries)").register(meters);
    }

    @Scheduled(cron = "${poshub.loyalty.run.cron:0 15 0 * * *}", zone = "UTC")
    void daily() {
        daily(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1));
    }

    /** The daily run as of {@code asOf}, unless a node ran it already. */
    Optional<Run> daily(LocalDate asOf) {
        long id;
        try {
            id = open(asOf, asOf, DAILY);
        } catch (DuplicateKeyException | PessimisticLockingFailureException ranElsewhere) {
            return Optional.empty();
        }
        return Optional.of(run(id, asOf));
    }

    /** A run an admin started: as of {@code asOf} (by default yesterday, as the daily run). */
    public Run now(LocalDate asOf, String startedBy) {
        return run(open(null, asOf, startedBy), asOf);
    }

    /** The accounts held against their ledgers: how many members were checked, and the first that disagree. */
    @Schema(name = "PointsCheck")
    public record Check(@Schema(example = "1000000") long members, @Schema(example = "[]") List<Long> disagreeing,
                        @Schema(example = "12.4") double seconds) {
    }

    /**
     * Holds every member's account against its ledger, 10 000 member ids at a time: balance + pending is the sum of its
     * entries, pending what its pending lots hold, the balance what its available lots hold less what it owes (and it
     * owes only when they hold nothing), and no lot holds less than 0 or more than it earned.
     */
    public Check check() {
        long started = System.nanoTime();
        Long last = jdbc.queryForObject("SELECT MAX(member_id) FROM points_entry", Long.class);
        long members = 0;
        List<Long> disagreeing = new ArrayList<>();
        for (long from = 0; last != null && from <= last; from += 10_000) {
            members += jdbc.queryForObject("SELECT COUNT(*) FROM points_account WHERE member_id BETWEEN ? AND ?", Long.class, from,
                    from + 9_999);
            disagreeing.addAll(jdbc.queryForList("""
                    SELECT e.member_id FROM (
                        SELECT member_id, SUM(delta) AS total, SUM(IF(pending, remaining, 0)) AS pending_left,
                               SUM(IF(pending, 0, remaining)) AS available_left, SUM(remaining < 0 OR remaining > GREATEST(delta, 0)) AS bad
                          FROM points_entry WHERE member_id BETWEEN ? AND ? GROUP BY member_id) e
                      LEFT JOIN points_account a ON a.member_id = e.member_id
                     WHERE a.member_id IS NULL OR a.balance + a.pending <> e.total OR a.pending <> e.pending_left
                        OR e.available_left - a.balance < 0 OR (e.available_left - a.balance > 0 AND e.available_left > 0) OR e.bad > 0
                     ORDER BY e.member_id LIMIT 100
                    """, Long.class, from, from + 9_999));
            if (disagreeing.size() >= 100) {
                break;
            }
        }
        return new Check(members, disagreeing.subList(0, Math.min(100, disagreeing.size())), (System.nanoTime() - started) / 1e9);
    }

    /** The latest runs, newest first. */
    public List<Run> latest(int limit) {
        return jdbc.query("SELECT * FROM loyalty_run ORDER BY started_at DESC, id DESC LIMIT ?", RUN, limit);
    }

    private long open(LocalDate day, LocalDate asOf, String startedBy) {
        return Inserts.returningKey(jdbc, "INSERT INTO loyalty_run (day, as_of, started_by, started_at) VALUES (?, ?, ?, ?)",
                day == null ? null : Date.valueOf(day), Date.valueOf(asOf), startedBy, Utc.timestamp(clock.instant()));
    }

    private Run run(long id, LocalDate asOf) {
        Instant cutoff = asOf.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long matured = mature(cutoff);
        Expired expired = expireRolling(cutoff);
        for (Map.Entry<String, PointsLife> program : programs.lives().entrySet()) {
            PointsLife life = program.getValue();
            if (life.expiry() == PointsLife.Expiry.INACTIVITY) {
                Instant quietSince = cutoff.atZone(ZoneOffset.UTC).minus(life.expiryPeriod()).toInstant();
                expired = expired.plus(expireInactive(program.getKey(), quietSince));
            }
        }
        expiredPoints.increment(expired.points());
        jdbc.update("UPDATE loyalty_run SET finished_at = ?, matured = ?, expired = ?, members = ? WHERE id = ?",
                Utc.timestamp(clock.instant()), matured, expired.points(), expired.members(), id);
        log.info("Loyalty run {} as of {}: {} point(s) matured, {} point(s) of {} member(s) expired", id, asOf, matured, expired.points(),
                expired.members());
        return jdbc.queryForObject("SELECT * FROM loyalty_run WHERE id = ?", RUN, id);
    }

    private static Object[] append(Set<Long> ids, Object last) {
        List<Object> args = new ArrayList<>(ids);
        args.add(last);
        return args.toArray();
    }

    private record Expired(long points, int members) {
        Expired plus(Expired other) {
            return new Expired(points + other.points, members + other.members);
        }
    }

    private record Due(long lotId, long memberId, Timestamp dueAt, boolean awaitsClose, ClosedDays.StoreDay day) {
    }

    /** Pending lots due by {@code cutoff} mature; those waiting for a store day that did not close BALANCED stay, with why. */
    private long mature(Instant cutoff) {
        long matured = 0;
        Timestamp lastDue = new Timestamp(0);
        long lastId = 0;
        Map<ClosedDays.StoreDay, Optional<String>> verdicts = new HashMap<>();
        while (true) {
            // Along the index of what is due alone: joined to the accounts, the optimizer may read every account instead.
            List<Object[]> listed = jdbc.query("""
                    SELECT id, member_id, due_at, awaits_close, store, business_date FROM points_entry FORCE INDEX (ix_points_entry_due)
                     WHERE due_at <= ? AND (due_at > ? OR (due_at = ? AND id > ?))
                     ORDER BY due_at, id LIMIT ?
                    """, (rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getTimestamp(3), rs.getBoolean(4), rs.getString(5),
                    rs.getDate(6) == null ? null : rs.getDate(6).toLocalDate()},
                    Utc.timestamp(cutoff), lastDue, lastDue, lastId, properties.batch());
            if (listed.isEmpty()) {
                return matured;
            }
            Set<Long> closing = new TreeSet<>();
            listed.stream().filter(row -> (Boolean) row[3]).forEach(row -> closing.add((Long) row[1]));
            Map<Long, String> merchants = accounts.merchants(closing);
            List<Due> due = listed.stream().map(row -> new Due((Long) row[0], (Long) row[1], (Timestamp) row[2], (Boolean) row[3],
                    (Boolean) row[3] ? new ClosedDays.StoreDay(merchants.get((Long) row[1]), (String) row[4], (LocalDate) row[5]) : null))
                    .toList();
            Set<ClosedDays.StoreDay> unknown = new HashSet<>();
            due.stream().filter(Due::awaitsClose).map(Due::day).filter(d -> !verdicts.containsKey(d)).forEach(unknown::add);
            if (!unknown.isEmpty()) {
                Map<ClosedDays.StoreDay, String> waiting = closedDays.getIfAvailable(() -> days -> Map.of()).notBalanced(unknown);
                unknown.forEach(d -> verdicts.put(d, Optional.ofNullable(waiting.get(d))));
            }
            Map<Long, Set<Long>> maturing = new LinkedHashMap<>();
            Map<Long, String> waitingWhy = new HashMap<>();
            for (Due d : due) {
                Optional<String> why = d.awaitsClose() ? verdicts.get(d.day()) : Optional.empty();
                if (why.isPresent()) {
                    waitingWhy.put(d.memberId(), why.get());
                } else {
                    maturing.computeIfAbsent(d.memberId(), m -> new HashSet<>()).add(d.lotId());
                }
            }
            matured += Conflicts.retry(() -> tx.execute(status -> {
                Set<Long> members = new TreeSet<>(maturing.keySet());
                members.addAll(waitingWhy.keySet());
                accounts.lockMembers(members);
                List<Long> lotIds = maturing.values().stream().flatMap(Set::stream).sorted().toList();
                Map<Long, PointsAccount> locked = lotIds.isEmpty() ? Map.of()
                        : accounts.lockWithLots(maturing.keySet(), PointsAccounts.BY_ID, "id IN (" + Placeholders.list(lotIds.size()) + ")", lotIds.toArray());
                long points = 0;
                for (PointsAccount account : locked.values()) {
                    Set<Long> lots = maturing.get(account.memberId);
                    for (PointsAccount.Lot lot : account.pendingLots()) {
                        if (lots.contains(lot.id)) {
                            points += lot.remaining;
                            account.mature(lot);
                        }
                    }
                }
                accounts.save(null, locked.values(), List.of());
                accounts.pendingReasons(waitingWhy, maturing.keySet());
                return points;
            }));
            Due last = due.get(due.size() - 1);
            lastDue = last.dueAt();
            lastId = last.lotId();
        }
    }

    /** Lots past their rolling expiry: what is left of them expires. */
    private Expired expireRolling(Instant cutoff) {
        Expired total = new Expired(0, 0);
        Timestamp lastLapse = new Timestamp(0);
        long lastId = 0;
        while (true) {
            List<Object[]> lapsed = jdbc.query("""
                    SELECT id, member_id, lapse_at FROM points_entry FORCE INDEX (ix_points_entry_lapse)
                     WHERE lapse_at <= ? AND (lapse_at > ? OR (lapse_at = ? AND id > ?))
                     ORDER BY lapse_at, id LIMIT ?
                    """, (rs, n) -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getTimestamp(3)},
                    Utc.timestamp(cutoff), lastLapse, lastLapse, lastId, properties.batch());
            if (lapsed.isEmpty()) {
                return total;
            }
            Set<Long> members = new TreeSet<>();
            lapsed.forEach(row -> members.add((Long) row[1]));
            total = total.plus(expire(members, cutoff, null, "expired " + LocalDate.ofInstant(cutoff.minusMillis(1), ZoneOffset.UTC)));
            Object[] last = lapsed.get(lapsed.size() - 1);
            lastLapse = (Timestamp) last[2];
            lastId = (Long) last[0];
        }
    }

    /** A merchant's members with no earn or redemption since {@code quietSince}: all their points expire. */
    private Expired expireInactive(String merchant, Instant quietSince) {
        Expired total = new Expired(0, 0);
        Timestamp lastActivity = new Timestamp(0);
        long lastId = 0;
        while (true) {
            List<Object[]> quiet = jdbc.query("""
                    SELECT member_id, last_activity_at FROM points_account FORCE INDEX (ix_points_account_activity)
                     WHERE merchant = ? AND last_activity_at <= ? AND (last_activity_at > ? OR (last_activity_at = ? AND member_id > ?))
                       AND (balance > 0 OR pending > 0)
                     ORDER BY last_activity_at, member_id LIMIT ?
                    """, (rs, n) -> new Object[] {rs.getLong(1), rs.getTimestamp(2)},
                    merchant, Utc.timestamp(quietSince), lastActivity, lastActivity, lastId, properties.batch());
            if (quiet.isEmpty()) {
                return total;
            }
            Set<Long> members = new TreeSet<>();
            quiet.forEach(row -> members.add((Long) row[0]));
            total = total.plus(expire(members, null, quietSince, "inactive since " + LocalDate.ofInstant(quietSince, ZoneOffset.UTC)));
            Object[] last = quiet.get(quiet.size() - 1);
            lastActivity = (Timestamp) last[1];
            lastId = (Long) last[0];
        }
    }

    /**
     * In one transaction: each member's lots expiring by {@code cutoff} — or, with {@code quietSince}, all its points if
     * it has still been quiet since then — go, in one EXPIRE entry.
     */
    private Expired expire(Set<Long> members, Instant cutoff, Instant quietSince, String reference) {
        return Conflicts.retry(() -> tx.execute(status -> {
            accounts.lockMembers(members);
            String in = "member_id IN (" + Placeholders.list(members.size()) + ")";
            Map<Long, PointsAccount> locked = quietSince != null ? accounts.lock(members, members)
                    : accounts.lockWithLots(members, PointsAccounts.BY_MEMBER, in + " AND remaining > 0 AND expires_at <= ?",
                    append(members, Utc.timestamp(cutoff)));
            List<PointsAccounts.NewEntry> entries = new ArrayList<>();
            List<PointsAccount> changed = new ArrayList<>();
            for (PointsAccount account : locked.values()) {
                boolean everything = quietSince != null;
                if (everything && (account.lastActivity == null || account.lastActivity.isAfter(quietSince))) {
                    continue;
                }
                long points = account.expire(cutoff, everything);
                if (points > 0) {
                    entries.add(PointsAccounts.NewEntry.taking(account.memberId, -points, "EXPIRE", reference, null, null));
                    changed.add(account);
                }
            }
            accounts.save(null, changed, entries);
            return new Expired(entries.stream().mapToLong(e -> -e.delta()).sum(), entries.size());
        }));
    }
}
