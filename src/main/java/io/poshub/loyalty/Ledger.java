package io.poshub.loyalty;

import io.poshub.loyalty.EarnProgram.SaleKind;
import java.math.BigDecimal;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The points ledger of members: earning and taking back points for sales, in the caller's transaction,
 * with the member's row locked so concurrent bookings and redemptions see one another. After each booking
 * the lifetime earned points and the tier are recomputed (a sale that crosses a threshold earns at the old
 * multiplier, the next at the new).
 */
@Component
public class Ledger {

    private final JdbcTemplate jdbc;

    public Ledger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What a sale earns: the points and the multiplier they were computed at, and the member as it was read
     * (locked) for it, which {@link #record} moves on from.
     */
    public record Earning(long points, BigDecimal multiplier, SaleKind kind, String assignedTier, long lifetimeBefore) {
    }

    private record MemberState(String tier, String assignedTier, long lifetime) {
    }

    /**
     * Locks the member and computes what a sale earns at the member's tier — or, for a return linked to its
     * original sale, at the multiplier the original earned at, so a return takes back what was given.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Earning quote(long memberId, SaleKind kind, BigDecimal eligible, EarnProgram program, BigDecimal originalMultiplier) {
        MemberState member = lock(memberId);
        BigDecimal multiplier = kind == SaleKind.RETURN && originalMultiplier != null
                ? originalMultiplier : program.multiplier(member.tier());
        return new Earning(program.points(kind, eligible, multiplier), multiplier, kind, member.assignedTier(), member.lifetime());
    }

    /**
     * Writes the sale's points entry and moves the member's lifetime earned points and tier. The member's row is
     * still locked by {@link #quote} in this transaction, so what quote read is what the row holds.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(long memberId, long saleId, Earning earning, EarnProgram program) {
        jdbc.update("INSERT INTO points_entry (member_id, sale_id, delta, reason) VALUES (?, ?, ?, ?)",
                memberId, saleId, earning.points(), earning.kind() == SaleKind.SALE ? "EARN" : "RETURN");
        long lifetime = Math.max(0, earning.lifetimeBefore() + earning.points());
        jdbc.update("UPDATE member SET lifetime_earned = ?, tier = ? WHERE id = ?",
                lifetime, program.tierFor(earning.assignedTier(), lifetime), memberId);
    }

    /** The original sale a return names, booked at the same store and register: its id and multiplier. */
    public record Original(long saleId, BigDecimal multiplier) {
    }

    public Original original(String merchant, String store, String register, String ticket) {
        if (ticket == null) {
            return null;
        }
        List<Original> found = jdbc.query("""
                SELECT id, multiplier FROM sale
                 WHERE merchant = ? AND store = ? AND register = ? AND ticket = ? AND kind = 'SALE'
                 ORDER BY business_date DESC, id DESC LIMIT 1
                """, (rs, n) -> new Original(rs.getLong(1), rs.getBigDecimal(2)), merchant, store, register, ticket);
        return found.isEmpty() ? null : found.get(0);
    }

    private MemberState lock(long memberId) {
        return jdbc.queryForObject("SELECT tier, assigned_tier, lifetime_earned FROM member WHERE id = ? FOR UPDATE",
                (rs, n) -> new MemberState(rs.getString(1), rs.getString(2), rs.getLong(3)), memberId);
    }
}
