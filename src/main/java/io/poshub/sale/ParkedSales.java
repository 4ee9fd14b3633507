package io.poshub.sale;

import io.poshub.common.Conflict;
import io.poshub.common.NotFound;
import io.poshub.common.Utc;
import io.poshub.db.Placeholders;
import io.poshub.loyalty.EarnProgram;
import io.poshub.loyalty.Ledger;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingRepository;
import io.poshub.member.MemberKeys;
import io.poshub.member.MemberMatch;
import io.poshub.member.MemberMatcher;
import io.poshub.member.MembersArrived;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sales parked because their member keys matched nobody: listed, booked as soon as a member with a
 * matching key appears, or assigned by an admin. A parked sale is booked once, ever: its row is locked
 * and checked before booking, and the ledger's unique (sale, reason) key holds even against another node.
 */
@Service
public class ParkedSales {

    private static final Logger log = LoggerFactory.getLogger(ParkedSales.class);
    /** Parked sales booked in one transaction. */
    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MemberMatcher matcher;
    private final MappingRepository mappings;
    private final Ledger ledger;
    private final ChunkEarnings earnings;
    private final ParkedSaleViews views;
    private final MemberPrograms programs;
    private final ApplicationEventPublisher events;

    ParkedSales(JdbcTemplate jdbc, PlatformTransactionManager transactions, MemberMatcher matcher, MappingRepository mappings,
                Ledger ledger, ChunkEarnings earnings, ParkedSaleViews views, MemberPrograms programs, ApplicationEventPublisher events) {
        this.programs = programs;
        this.events = events;
        this.jdbc = jdbc;
        // Each parked sale books in a transaction of its own, also when called right after a member's transaction
        // committed (the listener below), whose resources are still bound to the thread.
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.matcher = matcher;
        this.mappings = mappings;
        this.ledger = ledger;
        this.earnings = earnings;
        this.views = views;
    }

    /**
     * A member was created or imported: the sales parked for its keys book now, once its transaction committed. The
     * publication is recorded with that transaction and completed when this returns; one a crash left open is
     * published again at start-up — booking what is parked is idempotent, so a second delivery books nothing twice.
     */
    @ApplicationModuleListener
    void membersArrived(MembersArrived event) {
        if (event.many()) {
            sweep(event.merchant());
        } else {
            bookParked(candidatesOf(event.memberIds()));
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

    /** Open parked sales that carry a key of one of these members. */
    private List<Long> candidatesOf(Collection<Long> memberIds) {
        if (memberIds.isEmpty()) {
            return List.of();
        }
        return jdbc.queryForList("""
                SELECT DISTINCT p.id FROM parked_sale p JOIN member m ON m.merchant = p.merchant
                 WHERE m.id IN (%s) AND p.booked_at IS NULL
                   AND ((p.card_number IS NOT NULL AND p.card_number = m.card_number)
                     OR (p.phone_e164 IS NOT NULL AND p.phone_e164 = m.phone_e164)
                     OR (p.email IS NOT NULL AND p.email = m.email)
                     OR (p.external_id IS NOT NULL AND p.external_id = m.external_id))
                 ORDER BY p.id
                """.formatted(Placeholders.list(memberIds.size())), Long.class, memberIds.toArray());
    }

    /**
     * Books open parked sales whose keys some member now has, however that member got there (an import, another
     * node, a direct database edit): one query per key, each led by the open parked sales and the member table's
     * index on that key, so its cost follows the parked sales, not the members. {@code merchant}: null for all.
     * Answers how many were booked.
     */
    public int sweep(String merchant) {
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        for (String key : List.of("card_number", "phone_e164", "email", "external_id")) {
            if (!sql.isEmpty()) {
                sql.append(" UNION ");
            }
            sql.append("SELECT p.id FROM parked_sale p JOIN member m ON m.merchant = p.merchant AND m.").append(key)
                    .append(" = p.").append(key).append(" WHERE p.booked_at IS NULL AND m.status IN ('ACTIVE', 'MERGED')");
            if (merchant != null) {
                sql.append(" AND p.merchant = ?");
                args.add(merchant);
            }
        }
        List<Long> parked = jdbc.queryForList("SELECT id FROM (" + sql + ") candidates ORDER BY id", Long.class, args.toArray());
        return bookParked(parked);
    }

    /**
     * Books those of the open parked sales whose keys match a member now (each matched again with its own mapping's
     * order, so an ambiguous key still books nothing), {@link #BATCH} to a transaction.
     */
    private int bookParked(List<Long> parkedIds) {
        int booked = 0;
        for (int from = 0; from < parkedIds.size(); from += BATCH) {
            List<Long> part = parkedIds.subList(from, Math.min(parkedIds.size(), from + BATCH));
            Integer done = tx.execute(status -> bookMatched(lockOpen(part)));
            booked += done == null ? 0 : done;
        }
        return booked;
    }

    private record Group(String merchant, String mapping) {
    }

    private int bookMatched(List<Row> rows) {
        Map<Group, List<Row>> groups = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.bookedTo() == null) {
                groups.computeIfAbsent(new Group(row.merchant(), row.mapping()), g -> new ArrayList<>()).add(row);
            }
        }
        int booked = 0;
        for (var group : groups.entrySet()) {
            Mapping mapping = mappings.get(group.getKey().mapping());
            List<Row> open = group.getValue();
            List<MemberKeys> keys = open.stream()
                    .map(r -> MemberKeys.of(r.card(), r.phone(), r.email(), r.externalId(), mapping.phoneRegion())).toList();
            List<MemberMatch> matches = matcher.matchAll(group.getKey().merchant(), mapping.match(), keys);
            List<Row> found = new ArrayList<>();
            List<Long> members = new ArrayList<>();
            for (int i = 0; i < open.size(); i++) {
                if (matches.get(i) instanceof MemberMatch.Found match) {
                    found.add(open.get(i));
                    members.add(match.memberId());
                }
            }
            book(found, members, mapping);
            booked += found.size();
        }
        return booked;
    }

    /**
     * Books a parked sale to the member an admin chose.
     *
     * @throws Conflict when it was booked already
     */
    public ParkedSaleViews.Parked assign(long parkedId, long memberId) {
        tx.executeWithoutResult(status -> {
            Row row = lockOpen(List.of(parkedId)).stream().findFirst()
                    .orElseThrow(() -> new NotFound("no parked sale with id " + parkedId));
            if (row.bookedTo() != null) {
                throw new Conflict("parked sale " + parkedId + " was already booked to member " + row.bookedTo());
            }
            Integer ok = jdbc.queryForObject("SELECT COUNT(*) FROM member WHERE id = ? AND merchant = ? AND status = 'ACTIVE'",
                    Integer.class, memberId, row.merchant());
            if (ok == null || ok == 0) {
                throw new IllegalArgumentException("member " + memberId + " is no ACTIVE member of merchant " + row.merchant());
            }
            book(List.of(row), List.of(memberId), mappings.get(row.mapping()));
        });
        return views.find(parkedId);
    }

    private record Row(long id, long saleId, String merchant, String mapping, String card, String phone, String email,
                       String externalId, Long bookedTo) {
    }

    /** The parked sales, locked, in the order their sales arrived; those booked already say to whom. */
    private List<Row> lockOpen(List<Long> parkedIds) {
        return jdbc.query("""
                SELECT id, sale_id, merchant, mapping, card_number, phone_e164, email, external_id, member_id, booked_at
                  FROM parked_sale WHERE id IN (%s) ORDER BY sale_id FOR UPDATE
                """.formatted(Placeholders.list(parkedIds.size())), (rs, n) -> new Row(rs.getLong("id"), rs.getLong("sale_id"),
                rs.getString("merchant"), rs.getString("mapping"), rs.getString("card_number"), rs.getString("phone_e164"),
                rs.getString("email"), rs.getString("external_id"), rs.getTimestamp("booked_at") == null ? null : rs.getLong("member_id")),
                parkedIds.toArray());
    }

    /**
     * The sales earn now, set-based — with their mapping's program, the members' tiers of today and the originals
     * returns name — the way a chunk earns ({@link ChunkEarnings}), in the order they arrived.
     */
    private void book(List<Row> rows, List<Long> memberIds, Mapping mapping) {
        if (rows.isEmpty()) {
            return;
        }
        List<Long> saleIds = rows.stream().map(Row::saleId).toList();
        String in = Placeholders.list(saleIds.size());
        Map<Long, List<EarnProgram.Line>> lines = new HashMap<>();
        jdbc.query("SELECT sale_id, sku, category, net_amount FROM sale_line WHERE sale_id IN (" + in + ") ORDER BY sale_id, id",
                rs -> {
                    lines.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                            .add(new EarnProgram.Line(rs.getString(2), rs.getString(3), rs.getBigDecimal(4)));
                }, saleIds.toArray());
        Map<Long, ChunkEarnings.Earnable> sales = new HashMap<>();
        Map<Long, Long> memberOf = new HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            memberOf.put(rows.get(i).saleId(), memberIds.get(i));
        }
        Map<Long, Instant> soldAt = new HashMap<>();
        jdbc.query("SELECT id, merchant, store, register, ticket, business_date, orig_ticket, net_amount, sold_at FROM sale WHERE id IN ("
                + in + ")", rs -> {
                    long id = rs.getLong(1);
                    soldAt.put(id, Utc.instant(rs.getTimestamp(9)));
                    sales.put(id, new ChunkEarnings.Earnable(SaleIdentity.read(rs, 2), rs.getString(7), rs.getBigDecimal(8),
                            lines.getOrDefault(id, List.of()), memberOf.get(id)));
                }, saleIds.toArray());
        List<ChunkEarnings.Earnable> ordered = saleIds.stream().map(sales::get).toList();
        Map<ChunkEarnings.Earnable, Long> idOf = new HashMap<>();
        sales.forEach((id, sale) -> idOf.put(sale, id));
        ChunkEarnings.Result result = earnings.earn(ordered, rows.get(0).merchant(), programs.of(mapping, memberOf.values()));
        List<Object[]> saleUpdates = new ArrayList<>();
        List<Ledger.Entry> entries = new ArrayList<>();
        List<Object[]> parkedUpdates = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            ChunkEarnings.Earned earned = result.sales().get(i);
            Row row = rows.get(i);
            long memberId = memberIds.get(i);
            saleUpdates.add(new Object[] {memberId, earned.points(), earned.multiplier(),
                    earned.original() == null ? null : earned.original().saleId(), row.saleId()});
            SaleIdentity identity = sales.get(row.saleId()).identity();
            Long original = earned.original() != null ? Long.valueOf(earned.original().saleId())
                    : earned.originalInChunk() != null ? idOf.get(earned.originalInChunk().sale()) : null;
            entries.add(new Ledger.Entry(memberId, row.saleId(), identity.ticket(), earned.earning(), soldAt.get(row.saleId()),
                    identity.store(), identity.businessDate(), original));
            parkedUpdates.add(new Object[] {memberId, row.id()});
        }
        jdbc.batchUpdate("UPDATE sale SET status = 'BOOKED', member_id = ?, points = ?, multiplier = ?, orig_sale_id = ? WHERE id = ?",
                saleUpdates);
        ledger.recordAll(entries, result.members(), mapping.merchant(), mapping.loyalty());
        events.publishEvent(SalesBooked.of(mapping.merchant(), entries));
        jdbc.batchUpdate("UPDATE parked_sale SET booked_at = UTC_TIMESTAMP(3), member_id = ? WHERE id = ?", parkedUpdates);
        log.info("{} parked sale(s) of mapping {} booked to their members", rows.size(), mapping.name());
    }
}
