package io.poshub.loyalty;

import io.poshub.common.Utc;
import io.poshub.db.BulkLoad;
import io.poshub.db.Placeholders;
import io.poshub.loyalty.EarnProgram.SaleKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    public Ledger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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

    /** A points entry for a sale. */
    @NamedInterface("api")
    public record Entry(long memberId, long saleId, String ticket, Earning earning) {
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

    /** Writes the points entries and the members' new lifetime earned points and tiers. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordAll(List<Entry> entries, Map<Long, MemberState> members) {
        List<Object[]> rows = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            rows.add(new Object[] {e.memberId(), e.saleId(), e.ticket(), e.earning().points(),
                    e.earning().kind() == SaleKind.SALE ? "EARN" : "RETURN"});
        }
        BulkLoad.load(jdbc, "points_entry", List.of("member_id", "sale_id", "ticket", "delta", "reason"), rows);
        if (members.isEmpty()) {
            return;
        }
        // Every member here was read under lock in this transaction, so each row updates and none is inserted (the
        // empty merchant only satisfies NOT NULL on the way to the update).
        List<Object> args = new ArrayList<>(members.size() * 4);
        members.forEach((id, state) -> args.addAll(List.of(id, "", state.lifetime(), state.tier())));
        jdbc.update("INSERT INTO member (id, merchant, lifetime_earned, tier) VALUES " + Placeholders.tuples(members.size(), 4)
                + " ON DUPLICATE KEY UPDATE lifetime_earned = VALUES(lifetime_earned), tier = VALUES(tier)", args.toArray());
    }

    /** A merge: every points entry of {@code fromId} becomes {@code intoId}'s, in the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void moveEntries(long fromId, long intoId) {
        jdbc.update("UPDATE points_entry SET member_id = ? WHERE member_id = ?", intoId, fromId);
    }

    /** The member's balance, the sum of its entries (in the caller's transaction, when there is one). */
    public long balance(long memberId) {
        return balances(List.of(memberId)).get(memberId);
    }

    /** Each member's balance, the sum of its entries; a member without entries has 0. */
    public Map<Long, Long> balances(Collection<Long> memberIds) {
        Map<Long, Long> balances = new HashMap<>();
        memberIds.forEach(id -> balances.put(id, 0L));
        if (!memberIds.isEmpty()) {
            jdbc.query("SELECT member_id, SUM(delta) FROM points_entry WHERE member_id IN (" + Placeholders.list(memberIds.size())
                    + ") GROUP BY member_id", rs -> {
                balances.put(rs.getLong(1), rs.getLong(2));
            }, memberIds.toArray());
        }
        return balances;
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
