package io.poshub.loyalty;

import io.poshub.common.Utc;
import io.poshub.db.Placeholders;
import io.poshub.loyalty.EarnProgram.SaleKind;
import io.poshub.mapping.PointsLife;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The points ledger of members: earning and taking back points for sales, in the caller's transaction,
 * with the members' rows locked so concurrent bookings and redemptions see one another. After each booking
 * the lifetime earned points and the tier move on (a sale that crosses a threshold earns at the old
 * multiplier, the next at the new): {@link #lock}, {@link MemberState#earn}, {@link #recordAll}.
 */
@NamedInterface("api")
@Component
public class Ledger {

    private final JdbcTemplate jdbc;
    private final PointsAccounts accounts;
    private final Programs programs;
    private final Clock clock;

    Ledger(JdbcTemplate jdbc, PointsAccounts accounts, Programs programs, Clock clock) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.programs = programs;
        this.clock = clock;
    }

    /**
     * What a sale earns: the points and the multiplier they were computed at, and the member as it was
     * before the sale, which {@link MemberState#after} moves on from.
     */
    @NamedInterface("api")
    public record Earning(long points, BigDecimal multiplier, SaleKind kind, MemberState before) {
    }

    /** A member's tier, assigned tier and lifetime earned points, as its locked row holds them. */
    @NamedInterface("api")
    public record MemberState(String tier, String assignedTier, long lifetime) {

        /**
         * What a sale earns at this member's tier — or, for a return linked to its original sale, at the
         * multiplier the original earned at, so a return takes back what was given.
         */
        public Earning earn(SaleKind kind, BigDecimal eligible, EarnProgram program, BigDecimal originalMultiplier) {
            BigDecimal multiplier = kind == SaleKind.RETURN && originalMultiplier != null
                    ? originalMultiplier : program.multiplier(tier);
            return new Earning(program.points(kind, eligible, multiplier), multiplier, kind, this);
        }

        /** The member after an earning: lifetime earned points (never below 0) and the tier they reach. */
        public MemberState after(Earning earning, EarnProgram program) {
            long moved = Math.max(0, lifetime + earning.points());
            return new MemberState(program.tierFor(assignedTier, moved), assignedTier, moved);
        }
    }

    /**
     * A points entry for a sale: when it was sold, at which store and store day (for when its points mature), and for
     * a return the sale it returns, whose pending points it cancels first.
     */
    @NamedInterface("api")
    public record Entry(long memberId, long saleId, String ticket, Earning earning, Instant soldAt, String store, LocalDate businessDate,
                        Long originalSaleId) {
    }

    /**
     * Locks the members' rows (in id order, so two chunks never wait on each other in a circle) and returns
     * them as they are.
     *
     * @throws MemberChangedWhileBooking when one was merged or erased since the sales were matched to it (read without a
     *         lock): the booking's transaction rolls back and its sales are matched again
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Map<Long, MemberState> lock(Collection<Long> memberIds) {
        Map<Long, MemberState> states = new HashMap<>();
        if (memberIds.isEmpty()) {
            return states;
        }
        List<Long> ids = new ArrayList<>(new TreeSet<>(memberIds));
        jdbc.query("SELECT id, tier, assigned_tier, lifetime_earned, status FROM member WHERE id IN (" + Placeholders.list(ids.size())
                        + ") ORDER BY id FOR UPDATE",
                rs -> {
                    String status = rs.getString(5);
                    if ("MERGED".equals(status) || "ERASED".equals(status)) {
                        throw new MemberChangedWhileBooking(rs.getLong(1), status);
                    }
                    states.put(rs.getLong(1), new MemberState(rs.getString(2), rs.getString(3), rs.getLong(4)));
                }, ids.toArray());
        return states;
    }

    /** The members as their rows stand now, read without a lock: for a forecast that writes nothing. */
    public Map<Long, MemberState> read(Collection<Long> memberIds) {
        Map<Long, MemberState> states = new HashMap<>();
        if (memberIds.isEmpty()) {
            return states;
        }
        List<Long> ids = new ArrayList<>(memberIds);
        jdbc.query("SELECT id, tier, assigned_tier, lifetime_earned FROM member WHERE id IN (" + Placeholders.list(ids.size()) + ")",
                rs -> {
                    states.put(rs.getLong(1), new MemberState(rs.getString(2), rs.getString(3), rs.getLong(4)));
                }, ids.toArray());
        return states;
    }

    /**
     * Writes the points entries of a merchant's sales booked by a mapping whose points live by {@code life}: an earning
     * is a lot, pending until its window is over (or its store day closed, {@code matureOn: dayClose}) and expiring
     * by the program; a return takes back from the lots (pending first). Moves the members' lifetime earned points and tiers on.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordAll(List<Entry> entries, Map<Long, MemberState> members, String merchant, PointsLife life) {
        Set<Long> returning = new HashSet<>();
        Set<Long> touched = new HashSet<>();
        for (Entry e : entries) {
            touched.add(e.memberId());
            if (e.earning().points() < 0) {
                returning.add(e.memberId());
            }
        }
        Map<Long, PointsAccount> accounts = this.accounts.lock(touched, returning);
        Instant now = clock.instant();
        List<PointsAccounts.NewEntry> rows = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            PointsAccount account = accounts.get(e.memberId());
            long points = e.earning().points();
            PointsAccount.Lot lot = null;
            boolean awaitsClose = false;
            if (points > 0) {
                Instant availableAt = e.soldAt().plus(Duration.ofDays(life.pendingDays()));
                awaitsClose = life.matureOn() == PointsLife.MatureOn.DAY_CLOSE;
                boolean pending = awaitsClose || availableAt.isAfter(now);
                lot = account.add(points, pending, availableAt, expiresAt(life, e.soldAt()), e.saleId());
                if (account.lastActivity == null || e.soldAt().isAfter(account.lastActivity)) {
                    account.lastActivity = e.soldAt();
                }
            } else if (points < 0) {
                account.takeBack(-points, e.originalSaleId());
            }
            rows.add(new PointsAccounts.NewEntry(e.memberId(), e.saleId(), e.ticket(), points,
                    e.earning().kind() == SaleKind.SALE ? "EARN" : "RETURN", null, e.store(), e.businessDate(), null, lot, awaitsClose));
        }
        this.accounts.save(merchant, accounts.values(), rows);
        if (members.isEmpty()) {
            return;
        }
        // Every member here was read under lock in this transaction, so each row updates and none is inserted (the
        // empty merchant only satisfies NOT NULL on the way to the update).
        List<Object> args = new ArrayList<>(members.size() * 4);
        members.forEach((id, state) -> {
            args.add(id);
            args.add("");
            args.add(state.lifetime());
            args.add(state.tier());
        });
        jdbc.update("INSERT INTO member (id, merchant, lifetime_earned, tier) VALUES " + Placeholders.tuples(members.size(), 4)
                + " ON DUPLICATE KEY UPDATE lifetime_earned = VALUES(lifetime_earned), tier = VALUES(tier)", args.toArray());
    }

    /** When points earned at {@code earnedAt} expire by a rolling expiry; null when they do not. */
    static Instant expiresAt(PointsLife life, Instant earnedAt) {
        return life.expiry() == PointsLife.Expiry.ROLLING ? earnedAt.atZone(ZoneOffset.UTC).plus(life.expiryPeriod()).toInstant() : null;
    }

    /** A points entry written, and the member's balance after it. */
    @NamedInterface("api")
    public record Booked(long entryId, long balance) {
    }

    /**
     * Points spent ({@code REDEEM}), taken from the member's available points, the oldest first. The caller holds the
     * member's row locked and has checked {@link #balance} covers them.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Booked spend(long memberId, String merchant, long points, String reference, String store) {
        PointsAccount account = accounts.lock(List.of(memberId), Set.of(memberId)).get(memberId);
        account.spend(points);
        account.lastActivity = clock.instant();
        long id = accounts.saveOne(merchant, account,
                PointsAccounts.NewEntry.taking(memberId, -points, "REDEEM", reference, store, null));
        return new Booked(id, account.balance);
    }

    /**
     * Points given back ({@code REFUND} of the entry {@code refundOf}): a lot available at once, expiring by the
     * merchant's program from now. The caller holds the member's row locked.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Booked giveBack(long memberId, String merchant, long points, String reference, String store, long refundOf) {
        PointsAccount account = accounts.lock(List.of(memberId), Set.of()).get(memberId);
        Instant now = clock.instant();
        PointsAccount.Lot lot = account.add(points, false, now, expiresAt(programs.lifeOf(merchant), now), null);
        long id = accounts.saveOne(merchant, account, new PointsAccounts.NewEntry(memberId, null, null, points, "REFUND", reference, store,
                null, refundOf, lot, false));
        return new Booked(id, account.balance);
    }

    /**
     * An adjustment by an admin ({@code ADJUST}): more points as a lot available at once (expiring by the program from
     * now), or fewer taken from the available points as a redemption takes them. The caller holds the member's row
     * locked and, for fewer, has checked {@link #balance} covers them.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Booked adjust(long memberId, String merchant, long points, String reference) {
        boolean more = points > 0;
        PointsAccount account = accounts.lock(List.of(memberId), more ? Set.of() : Set.of(memberId)).get(memberId);
        Instant now = clock.instant();
        PointsAccount.Lot lot = null;
        if (more) {
            lot = account.add(points, false, now, expiresAt(programs.lifeOf(merchant), now), null);
        } else {
            account.spend(-points);
        }
        long id = accounts.saveOne(merchant, account, new PointsAccounts.NewEntry(memberId, null, null, points, "ADJUST", reference, null,
                null, null, lot, false));
        return new Booked(id, account.balance);
    }

    /**
     * A merge: every points entry of {@code fromId} becomes {@code intoId}'s, and so do its balance and pending points,
     * in the caller's transaction (both members locked).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void moveEntries(long fromId, long intoId, String merchant) {
        Map<Long, PointsAccount> both = accounts.lock(List.of(fromId, intoId), Set.of(fromId, intoId));
        jdbc.update("UPDATE points_entry SET member_id = ? WHERE member_id = ?", intoId, fromId);
        PointsAccount from = both.get(fromId);
        both.get(intoId).absorb(from);
        from.balance = 0;
        from.pending = 0;
        accounts.save(merchant, both.values(), List.of());
    }

    /** What the member can spend now (in the caller's transaction, when there is one). */
    public long balance(long memberId) {
        return points(List.of(memberId)).get(memberId).balance();
    }

    /** A member's points in short: what can be spent, and what waits to mature. */
    @NamedInterface("api")
    public record Points(long balance, long pending) {
    }

    /** Each member's points from its account, one row each however long its ledger; a member without entries has 0. */
    public Map<Long, Points> points(Collection<Long> memberIds) {
        Map<Long, Points> points = new HashMap<>();
        memberIds.forEach(id -> points.put(id, new Points(0, 0)));
        if (!memberIds.isEmpty()) {
            jdbc.query("SELECT member_id, balance, pending FROM points_account WHERE member_id IN (" + Placeholders.list(memberIds.size())
                    + ")", rs -> {
                points.put(rs.getLong(1), new Points(rs.getLong(2), rs.getLong(3)));
            }, memberIds.toArray());
        }
        return points;
    }

    /** Points that expire on one day. */
    @NamedInterface("api")
    public record Expiring(@Schema(example = "120") long points, @Schema(example = "2027-11-02") LocalDate at) {
    }

    /**
     * A member's points as a till and the member see them (contract §18): what can be spent, what waits to mature (and,
     * past its window, why), and what expires in the next 90 days, by day.
     */
    @NamedInterface("api")
    @Schema(name = "PointsBalance")
    public record Balance(@Schema(example = "1340") long balance, @Schema(example = "200") long pending, List<Expiring> expiring,
                          @Schema(example = "store 001 day 2026-11-02 is MISMATCH against its Z-report") String pendingReason) {
    }

    public Balance balanceOf(long memberId, String merchant) {
        return balanceOf(memberId, merchant, clock.instant().plus(Duration.ofDays(90)));
    }

    /** As {@link #balanceOf(long, String)}, with what expires until {@code until}. */
    Balance balanceOf(long memberId, String merchant, Instant until) {
        record Row(long balance, long pending, Instant lastActivity, String pendingReason) {
        }
        List<Row> found = jdbc.query("SELECT balance, pending, last_activity_at, pending_reason FROM points_account WHERE member_id = ?",
                (rs, n) -> new Row(rs.getLong(1), rs.getLong(2), Utc.instant(rs.getTimestamp(3)), rs.getString(4)), memberId);
        if (found.isEmpty()) {
            return new Balance(0, 0, List.of(), null);
        }
        Row a = found.get(0);
        long balance = a.balance();
        long pending = a.pending();
        Map<LocalDate, Long> byDay = new TreeMap<>();
        PointsLife life = programs.lifeOf(merchant);
        if (life.expiry() == PointsLife.Expiry.INACTIVITY && a.lastActivity() != null) {
            Instant lapse = a.lastActivity().atZone(ZoneOffset.UTC).plus(life.expiryPeriod()).toInstant();
            long unspent = Math.max(0, balance) + pending;
            if (!lapse.isAfter(until) && unspent > 0) {
                byDay.put(LocalDate.ofInstant(lapse, ZoneOffset.UTC), unspent);
            }
        } else {
            jdbc.query("SELECT DATE(expires_at), SUM(remaining) FROM points_entry WHERE member_id = ? AND remaining > 0"
                    + " AND expires_at <= ? GROUP BY DATE(expires_at)", rs -> {
                byDay.merge(rs.getDate(1).toLocalDate(), rs.getLong(2), Long::sum);
            }, memberId, Utc.timestamp(until));
        }
        List<Expiring> expiring = byDay.entrySet().stream().map(e -> new Expiring(e.getValue(), e.getKey())).toList();
        return new Balance(balance, pending, expiring, pending > 0 ? a.pendingReason() : null);
    }

    /** A member whose points expire soon: how many by {@code until}, and when the first of them go. */
    @NamedInterface("api")
    public record MemberExpiring(long memberId, long points, Instant firstAt) {
    }

    /**
     * The merchant's members with points that expire from now until {@code until} — by a rolling expiry, or all their
     * unspent points by the inactivity rule — fewest days left first.
     */
    public List<MemberExpiring> expiring(String merchant, Instant until) {
        Instant now = clock.instant();
        PointsLife life = programs.lifeOf(merchant);
        List<MemberExpiring> found;
        if (life.expiry() == PointsLife.Expiry.INACTIVITY) {
            Instant quietFrom = now.atZone(ZoneOffset.UTC).minus(life.expiryPeriod()).toInstant();
            Instant quietUntil = until.atZone(ZoneOffset.UTC).minus(life.expiryPeriod()).toInstant();
            found = jdbc.query("""
                    SELECT member_id, GREATEST(balance, 0) + pending, last_activity_at FROM points_account
                     WHERE merchant = ? AND last_activity_at > ? AND last_activity_at <= ? AND (balance > 0 OR pending > 0)
                    """, (rs, n) -> new MemberExpiring(rs.getLong(1), rs.getLong(2),
                    Utc.instant(rs.getTimestamp(3)).atZone(ZoneOffset.UTC).plus(life.expiryPeriod()).toInstant()),
                    merchant, Utc.timestamp(quietFrom), Utc.timestamp(quietUntil));
        } else {
            found = jdbc.query("""
                    SELECT p.member_id, SUM(p.remaining), MIN(p.lapse_at) FROM points_entry p FORCE INDEX (ix_points_entry_lapse)
                      STRAIGHT_JOIN points_account a ON a.member_id = p.member_id
                     WHERE p.lapse_at > ? AND p.lapse_at <= ? AND a.merchant = ?
                     GROUP BY p.member_id
                    """, (rs, n) -> new MemberExpiring(rs.getLong(1), rs.getLong(2), Utc.instant(rs.getTimestamp(3))),
                    Utc.timestamp(now), Utc.timestamp(until), merchant);
        }
        return found.stream().sorted(java.util.Comparator.comparing(MemberExpiring::firstAt).thenComparing(MemberExpiring::memberId))
                .toList();
    }

    /** One entry of a member's ledger: a sale's earning or return (with its ticket), or a redemption (with its reference). */
    @NamedInterface("api")
    public record LedgerEntry(long id, long delta, String reason, Long saleId, String ticket, String reference, Instant createdAt) {
    }

    private static final RowMapper<LedgerEntry> ENTRY = (rs, n) -> new LedgerEntry(rs.getLong(1), rs.getLong(2), rs.getString(3),
            rs.getObject(4, Long.class), rs.getString(5), rs.getString(6), Utc.instant(rs.getTimestamp(7)));

    /** Every entry of a member's ledger, oldest first. */
    public List<LedgerEntry> all(long memberId) {
        return jdbc.query("""
                SELECT id, delta, reason, sale_id, ticket, reference, created_at FROM points_entry
                 WHERE member_id = ? ORDER BY created_at, id
                """, ENTRY, memberId);
    }

    /** A member's entries, newest first. */
    public List<LedgerEntry> history(long memberId, int limit) {
        return jdbc.query("""
                SELECT id, delta, reason, sale_id, ticket, reference, created_at FROM points_entry
                 WHERE member_id = ? ORDER BY created_at DESC, id DESC LIMIT ?
                """, ENTRY, memberId, limit);
    }
}
