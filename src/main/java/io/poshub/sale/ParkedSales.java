package io.poshub.sale;

import io.poshub.loyalty.EarnProgram;
import io.poshub.loyalty.Ledger;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingRepository;
import io.poshub.member.MemberKeys;
import io.poshub.member.MemberMatch;
import io.poshub.member.MemberMatcher;
import io.poshub.member.MembersArrived;
import io.poshub.web.ConflictException;
import io.poshub.web.NotFoundException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sales parked because their member keys matched nobody: listed, booked as soon as a member with a
 * matching key appears, or assigned by an admin. A parked sale is booked once, ever: its row is locked
 * and checked before booking, and the ledger's unique (sale, reason) key holds even against another node.
 */
@Service
public class ParkedSales {

    private static final Logger log = LoggerFactory.getLogger(ParkedSales.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MemberMatcher matcher;
    private final MappingRepository mappings;
    private final Ledger ledger;
    private final ChunkEarnings earnings;

    ParkedSales(JdbcTemplate jdbc, PlatformTransactionManager transactions, MemberMatcher matcher, MappingRepository mappings,
                Ledger ledger, ChunkEarnings earnings) {
        this.jdbc = jdbc;
        // Each parked sale books in a transaction of its own, also when called right after a member's transaction
        // committed (the listener below), whose resources are still bound to the thread.
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.matcher = matcher;
        this.mappings = mappings;
        this.ledger = ledger;
        this.earnings = earnings;
    }

    /** A member was created or imported: the sales parked for its keys book now, once its transaction committed. */
    @TransactionalEventListener
    void membersArrived(MembersArrived event) {
        if (event.many()) {
            sweep(event.merchant());
        } else {
            bookFor(event.memberIds());
        }
    }

    /** The safety net behind {@link #membersArrived}: every {@code poshub.parked-sweep-interval} (default 1 s). */
    @Scheduled(fixedDelayString = "${poshub.parked-sweep-interval:1s}", initialDelayString = "${poshub.parked-sweep-interval:1s}")
    void sweepRegularly() {
        try {
            int booked = sweep(null);
            if (booked > 0) {
                log.info("Parked-sales sweep booked {} sale(s)", booked);
            }
        } catch (RuntimeException e) {
            log.warn("Parked-sales sweep failed: {}", e.getMessage());
        }
    }

    /** A parked sale as the API shows it; keys are masked but for their last four characters. */
    public record Parked(long id, long saleId, String merchant, String feed, String mapping, String store, String register,
                         String ticket, String businessDate, BigDecimal netAmount, String cardNumber, String phone,
                         String email, String externalId, Instant parkedAt, Instant bookedAt, Long memberId) {
    }

    /** Open (not yet booked) parked sales, newest first; feed and a key are optional filters. */
    public List<Parked> find(String feed, String card, String phone, String email, String externalId, boolean open, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT p.*, s.store, s.register, s.ticket, s.business_date, s.net_amount
                  FROM parked_sale p JOIN sale s ON s.id = p.sale_id WHERE 1 = 1""");
        List<Object> args = new ArrayList<>();
        if (open) {
            sql.append(" AND p.booked_at IS NULL");
        }
        filter(sql, args, "p.feed", feed);
        filter(sql, args, "p.card_number", MemberKeys.card(card));
        filter(sql, args, "p.phone_e164", phone == null ? null : MemberKeys.phone(phone, "ZZ"));
        filter(sql, args, "p.email", MemberKeys.email(email));
        filter(sql, args, "p.external_id", MemberKeys.externalId(externalId));
        sql.append(" ORDER BY p.id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), ParkedSales::parked, args.toArray());
    }

    /**
     * Books the open parked sales that a new or updated member's keys now match (each matched again with
     * its own mapping's order, so an ambiguous key still books nothing). Answers how many were booked.
     */
    private int bookFor(Collection<Long> memberIds) {
        int booked = 0;
        for (long memberId : memberIds) {
            List<Long> candidates = jdbc.queryForList("""
                    SELECT p.id FROM parked_sale p JOIN member m ON m.id = ? AND m.merchant = p.merchant
                     WHERE p.booked_at IS NULL
                       AND ((p.card_number IS NOT NULL AND p.card_number = m.card_number)
                         OR (p.phone_e164 IS NOT NULL AND p.phone_e164 = m.phone_e164)
                         OR (p.email IS NOT NULL AND p.email = m.email)
                         OR (p.external_id IS NOT NULL AND p.external_id = m.external_id))
                    """, Long.class, memberId);
            for (long parkedId : candidates) {
                Boolean done = tx.execute(status -> bookIfMatched(parkedId));
                if (Boolean.TRUE.equals(done)) {
                    booked++;
                }
            }
        }
        return booked;
    }

    /**
     * Books open parked sales whose keys some ACTIVE member now has, however that member got there (an import,
     * another node, a direct database edit): one query per key, each led by the open parked sales and the member
     * table's index on that key, so its cost follows the parked sales, not the members. {@code merchant}: null for all.
     */
    public int sweep(String merchant) {
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        for (String key : List.of("card_number", "phone_e164", "email", "external_id")) {
            if (!sql.isEmpty()) {
                sql.append(" UNION ");
            }
            sql.append("SELECT m.id FROM parked_sale p JOIN member m ON m.merchant = p.merchant AND m.").append(key)
                    .append(" = p.").append(key).append(" WHERE p.booked_at IS NULL AND m.status = 'ACTIVE'");
            if (merchant != null) {
                sql.append(" AND p.merchant = ?");
                args.add(merchant);
            }
        }
        List<Long> members = jdbc.queryForList(sql.toString(), Long.class, args.toArray());
        return members.isEmpty() ? 0 : bookFor(members);
    }

    /**
     * Books a parked sale to the member an admin chose.
     *
     * @throws ConflictException when it was booked already
     */
    public Parked assign(long parkedId, long memberId) {
        tx.executeWithoutResult(status -> {
            Row row = lockOpen(parkedId);
            if (row == null) {
                throw new NotFoundException("no parked sale with id " + parkedId);
            }
            if (row.bookedTo() != null) {
                throw new ConflictException("parked sale " + parkedId + " was already booked to member " + row.bookedTo());
            }
            Integer ok = jdbc.queryForObject("SELECT COUNT(*) FROM member WHERE id = ? AND merchant = ? AND status = 'ACTIVE'",
                    Integer.class, memberId, row.merchant());
            if (ok == null || ok == 0) {
                throw new IllegalArgumentException("member " + memberId + " is no ACTIVE member of merchant " + row.merchant());
            }
            book(row, memberId);
        });
        return find(parkedId);
    }

    private Parked find(long parkedId) {
        return jdbc.query("""
                SELECT p.*, s.store, s.register, s.ticket, s.business_date, s.net_amount
                  FROM parked_sale p JOIN sale s ON s.id = p.sale_id WHERE p.id = ?
                """, ParkedSales::parked, parkedId).stream().findFirst().orElseThrow();
    }

    private record Row(long id, long saleId, String merchant, String mapping, String card, String phone, String email,
                       String externalId, Long bookedTo) {
    }

    private Boolean bookIfMatched(long parkedId) {
        Row row = lockOpen(parkedId);
        if (row == null || row.bookedTo() != null) {
            return false;
        }
        Mapping mapping = mappings.get(row.mapping());
        MemberKeys keys = MemberKeys.of(row.card(), row.phone(), row.email(), row.externalId(), mapping.phoneRegion());
        MemberMatch match = matcher.match(row.merchant(), mapping.match(), keys);
        if (match instanceof MemberMatch.Found found) {
            book(row, found.memberId());
            return true;
        }
        return false;
    }

    private Row lockOpen(long parkedId) {
        return jdbc.query("""
                SELECT id, sale_id, merchant, mapping, card_number, phone_e164, email, external_id, member_id, booked_at
                  FROM parked_sale WHERE id = ? FOR UPDATE
                """, (rs, n) -> new Row(rs.getLong("id"), rs.getLong("sale_id"), rs.getString("merchant"),
                rs.getString("mapping"), rs.getString("card_number"), rs.getString("phone_e164"), rs.getString("email"),
                rs.getString("external_id"), rs.getTimestamp("booked_at") == null ? null : rs.getLong("member_id")),
                parkedId).stream().findFirst().orElse(null);
    }

    /**
     * The sale earns now — with its own mapping's program, the member's tier of today and the original a return
     * names — the same way a chunk earns ({@link ChunkEarnings}).
     */
    private void book(Row row, long memberId) {
        EarnProgram program = new EarnProgram(mappings.get(row.mapping()).earn());
        List<EarnProgram.Line> lines = jdbc.query("SELECT sku, category, net_amount FROM sale_line WHERE sale_id = ?",
                (rs, n) -> new EarnProgram.Line(rs.getString(1), rs.getString(2), rs.getBigDecimal(3)), row.saleId());
        ChunkEarnings.Earnable sale = jdbc.queryForObject("""
                SELECT merchant, store, register, ticket, business_date, orig_ticket, net_amount FROM sale WHERE id = ?
                """, (rs, n) -> new ChunkEarnings.Earnable(SaleIdentity.read(rs, 1), rs.getString(6), rs.getBigDecimal(7), lines,
                memberId), row.saleId());
        ChunkEarnings.Result result = earnings.earn(List.of(sale), row.merchant(), program);
        ChunkEarnings.Earned earned = result.sales().get(0);
        jdbc.update("UPDATE sale SET status = 'BOOKED', member_id = ?, points = ?, multiplier = ?, orig_sale_id = ? WHERE id = ?",
                memberId, earned.points(), earned.multiplier(), earned.original() == null ? null : earned.original().saleId(),
                row.saleId());
        ledger.recordAll(List.of(new Ledger.Entry(memberId, row.saleId(), earned.earning())), result.members());
        jdbc.update("UPDATE parked_sale SET booked_at = UTC_TIMESTAMP(3), member_id = ? WHERE id = ?", memberId, row.id());
        log.info("Parked sale {} (sale {}) booked to member {}: {} points", row.id(), row.saleId(), memberId, earned.points());
    }

    private static void filter(StringBuilder sql, List<Object> args, String column, String value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static Parked parked(ResultSet rs, int n) throws SQLException {
        Timestamp booked = rs.getTimestamp("booked_at");
        long member = rs.getLong("member_id");
        Long memberId = rs.wasNull() ? null : member;
        return new Parked(rs.getLong("id"), rs.getLong("sale_id"), rs.getString("merchant"), rs.getString("feed"),
                rs.getString("mapping"), rs.getString("store"), rs.getString("register"), rs.getString("ticket"),
                rs.getString("business_date"), rs.getBigDecimal("net_amount"), MemberKeys.mask(rs.getString("card_number")),
                MemberKeys.mask(rs.getString("phone_e164")), MemberKeys.mask(rs.getString("email")),
                rs.getString("external_id"), rs.getTimestamp("created_at").toLocalDateTime().toInstant(ZoneOffset.UTC),
                booked == null ? null : booked.toLocalDateTime().toInstant(ZoneOffset.UTC), memberId);
    }
}
