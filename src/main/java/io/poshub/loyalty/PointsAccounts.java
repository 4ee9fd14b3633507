package io.poshub.loyalty;

import io.poshub.common.Utc;
import io.poshub.db.BulkLoad;
import io.poshub.db.Placeholders;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Members' points accounts ({@code points_account}) and the lots of their ledger ({@code points_entry}) as
 * {@link PointsAccount}s: read under lock, written back with the new entries. The member's row is locked before
 * (every writer of a member's points locks it first), so these locking reads only make sure each read sees the
 * latest commit.
 */
@Component
class PointsAccounts {

    /** An entry to write; {@code lot} is the lot a positive entry is (its remaining points are read when written). */
    record NewEntry(long memberId, Long saleId, String ticket, long delta, String reason, String reference, String store,
                    LocalDate businessDate, Long refundOf, PointsAccount.Lot lot, boolean awaitsClose) {

        static NewEntry taking(long memberId, long delta, String reason, String reference, String store, Long refundOf) {
            return new NewEntry(memberId, null, null, delta, reason, reference, store, null, refundOf, null, false);
        }
    }

    private static final List<String> COLUMNS = List.of("member_id", "sale_id", "ticket", "delta", "reason", "reference", "store",
            "business_date", "refund_of", "available_at", "expires_at", "remaining", "pending", "awaits_close");

    private final JdbcTemplate jdbc;

    PointsAccounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The members' accounts, with their unspent lots for those in {@code withLots}; a member without one has an empty account. */
    @Transactional(propagation = Propagation.MANDATORY)
    Map<Long, PointsAccount> lock(Collection<Long> memberIds, Set<Long> withLots) {
        Map<Long, List<PointsAccount.Lot>> lots = new HashMap<>();
        if (!withLots.isEmpty()) {
            List<Long> lotIds = new ArrayList<>(new TreeSet<>(withLots));
            lots = lots(BY_MEMBER, "member_id IN (" + Placeholders.list(lotIds.size()) + ") AND remaining > 0", lotIds.toArray());
        }
        return accounts(memberIds, lots, withLots);
    }

    /**
     * Lots are read along the members' index or by their ids, never along the run's indexes: a locking read locks every
     * row it passes, and a range of {@code lapse_at} passes every other member's lots that are due too.
     */
    static final String BY_MEMBER = "ix_points_entry_member";
    static final String BY_ID = "PRIMARY";

    /**
     * The members' accounts with only some of their lots — those {@code where} picks, read along {@code index} — for a
     * step that needs no others (maturing: the lots due, by id; a rolling expiry: the members' lots past it).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Map<Long, PointsAccount> lockWithLots(Collection<Long> memberIds, String index, String where, Object... args) {
        return accounts(memberIds, lots(index, where, args), Set.of());
    }

    private Map<Long, List<PointsAccount.Lot>> lots(String index, String where, Object... args) {
        Map<Long, List<PointsAccount.Lot>> lots = new HashMap<>();
        jdbc.query("SELECT id, member_id, delta, remaining, pending, available_at, expires_at, sale_id FROM points_entry FORCE INDEX ("
                        + index + ") WHERE " + where + " ORDER BY id FOR UPDATE",
                rs -> {
                    long id = rs.getLong(1);
                    lots.computeIfAbsent(rs.getLong(2), m -> new ArrayList<>()).add(new PointsAccount.Lot(id, id, rs.getLong(3),
                            rs.getLong(4), rs.getBoolean(5), Utc.instant(rs.getObject(6, LocalDateTime.class)),
                            Utc.instant(rs.getObject(7, LocalDateTime.class)),
                            rs.getObject(8, Long.class)));
                }, args);
        return lots;
    }

    private Map<Long, PointsAccount> accounts(Collection<Long> memberIds, Map<Long, List<PointsAccount.Lot>> lots, Set<Long> withLots) {
        Map<Long, PointsAccount> accounts = new HashMap<>();
        if (memberIds.isEmpty()) {
            return accounts;
        }
        List<Long> ids = new ArrayList<>(new TreeSet<>(memberIds));
        jdbc.query("SELECT member_id, balance, pending, last_activity_at FROM points_account WHERE member_id IN ("
                + Placeholders.list(ids.size()) + ") ORDER BY member_id FOR UPDATE", rs -> {
                    long id = rs.getLong(1);
                    accounts.put(id, new PointsAccount(id, rs.getLong(2), rs.getLong(3), Utc.instant(rs.getObject(4, LocalDateTime.class)),
                            lots.getOrDefault(id, List.of()), withLots.contains(id)));
                }, ids.toArray());
        for (Long id : ids) {
            accounts.computeIfAbsent(id, m -> new PointsAccount(m, 0, 0, null, lots.getOrDefault(m, List.of()), withLots.contains(m)));
        }
        return accounts;
    }

    /** Locks the members' rows, in id order, as every booking of their points does first. */
    @Transactional(propagation = Propagation.MANDATORY)
    void lockMembers(Collection<Long> memberIds) {
        if (!memberIds.isEmpty()) {
            List<Long> ids = new ArrayList<>(new TreeSet<>(memberIds));
            jdbc.queryForList("SELECT id FROM member WHERE id IN (" + Placeholders.list(ids.size()) + ") ORDER BY id FOR UPDATE", Long.class,
                    ids.toArray());
        }
    }

    /** The merchant of each member's account. */
    Map<Long, String> merchants(Collection<Long> memberIds) {
        Map<Long, String> merchants = new HashMap<>();
        if (!memberIds.isEmpty()) {
            jdbc.query("SELECT member_id, merchant FROM points_account WHERE member_id IN (" + Placeholders.list(memberIds.size()) + ")",
                    rs -> {
                        merchants.put(rs.getLong(1), rs.getString(2));
                    }, memberIds.toArray());
        }
        return merchants;
    }

    /**
     * Why members' pending points still wait ({@code waiting}); for the members in {@code matured} that wait for
     * nothing more, no reason.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void pendingReasons(Map<Long, String> waiting, Set<Long> matured) {
        if (!waiting.isEmpty()) {
            jdbc.batchUpdate("UPDATE points_account SET pending_reason = ? WHERE member_id = ?",
                    waiting.entrySet().stream().map(e -> new Object[] {e.getValue(), e.getKey()}).toList());
        }
        List<Long> cleared = matured.stream().filter(id -> !waiting.containsKey(id)).toList();
        if (!cleared.isEmpty()) {
            jdbc.update("UPDATE points_account SET pending_reason = NULL WHERE member_id IN (" + Placeholders.list(cleared.size())
                    + ") AND pending_reason IS NOT NULL", cleared.toArray());
        }
    }

    /** Writes the new entries, what changed of the lots read, and the accounts. */
    @Transactional(propagation = Propagation.MANDATORY)
    void save(String merchant, Collection<PointsAccount> accounts, List<NewEntry> entries) {
        BulkLoad.load(jdbc, "points_entry", COLUMNS, entries.stream().map(PointsAccounts::row).toList());
        saveAccounts(merchant, accounts);
    }

    /** Writes one entry and the account, and answers the entry's id. */
    @Transactional(propagation = Propagation.MANDATORY)
    long saveOne(String merchant, PointsAccount account, NewEntry entry) {
        jdbc.update("INSERT INTO points_entry (" + String.join(", ", COLUMNS) + ") VALUES (" + Placeholders.list(COLUMNS.size()) + ")",
                row(entry));
        long id = jdbc.queryForObject("SELECT LAST_INSERT_ID()", Long.class);
        if (entry.lot() != null) {
            entry.lot().id = id;
        }
        saveAccounts(merchant, List.of(account));
        return id;
    }

    private void saveAccounts(String merchant, Collection<PointsAccount> accounts) {
        // Lots changed alike (a run empties or matures thousands the same way) are written by one statement for each
        // change; the lots changed each their own way (returns take back different amounts) by one statement together.
        Map<List<Object>, List<PointsAccount.Lot>> changed = new HashMap<>();
        for (PointsAccount account : accounts) {
            for (PointsAccount.Lot lot : account.lots()) {
                if (lot.id != null && lot.changed) {
                    changed.computeIfAbsent(List.of(lot.remaining, lot.pending), k -> new ArrayList<>()).add(lot);
                    lot.changed = false;
                }
            }
        }
        List<PointsAccount.Lot> ownWay = new ArrayList<>();
        changed.forEach((values, lots) -> {
            if (lots.size() == 1) {
                ownWay.add(lots.get(0));
                return;
            }
            for (int from = 0; from < lots.size(); from += 1000) {
                List<PointsAccount.Lot> part = lots.subList(from, Math.min(lots.size(), from + 1000));
                List<Object> args = new ArrayList<>(values);
                part.forEach(lot -> args.add(lot.id));
                jdbc.update("UPDATE points_entry SET remaining = ?, pending = ? WHERE id IN (" + Placeholders.list(part.size()) + ")",
                        args.toArray());
            }
        });
        for (int from = 0; from < ownWay.size(); from += 1000) {
            List<PointsAccount.Lot> part = ownWay.subList(from, Math.min(ownWay.size(), from + 1000));
            List<Object> args = new ArrayList<>(3 * part.size());
            for (PointsAccount.Lot lot : part) {
                args.add(lot.id);
                args.add(lot.remaining);
                args.add(lot.pending);
            }
            jdbc.update("UPDATE points_entry e JOIN (" + Placeholders.rows(part.size(), "id", "remaining", "pending")
                    + ") v ON e.id = v.id SET e.remaining = v.remaining, e.pending = v.pending", args.toArray());
        }
        if (accounts.isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>(accounts.size() * 5);
        for (PointsAccount a : accounts) {
            args.add(a.memberId);
            args.add(merchant == null ? "" : merchant);
            args.add(a.balance);
            args.add(a.pending);
            args.add(timestamp(a.lastActivity));
        }
        // An account read for an expiry or maturing run exists already; the merchant only fills NOT NULL there.
        jdbc.update("INSERT INTO points_account (member_id, merchant, balance, pending, last_activity_at) VALUES "
                + Placeholders.tuples(accounts.size(), 5) + " ON DUPLICATE KEY UPDATE balance = VALUES(balance),"
                + " pending = VALUES(pending), last_activity_at = VALUES(last_activity_at)", args.toArray());
    }

    private static Object[] row(NewEntry e) {
        PointsAccount.Lot lot = e.lot();
        return new Object[] {e.memberId(), e.saleId(), e.ticket(), e.delta(), e.reason(), e.reference(), e.store(), e.businessDate(),
                e.refundOf(), lot == null ? null : timestamp(lot.availableAt), lot == null ? null : timestamp(lot.expiresAt),
                lot == null ? 0 : lot.remaining, lot != null && lot.pending, e.awaitsClose()};
    }

    /**
     * A UTC DATETIME value as the driver writes it cheaply: a {@link Timestamp} parameter costs it a new
     * {@code SimpleDateFormat} per value (a twelfth of the booking thread on a big file), a {@link LocalDateTime} none.
     */
    private static LocalDateTime timestamp(Instant at) {
        return at == null ? null : LocalDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
