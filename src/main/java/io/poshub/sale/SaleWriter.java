package io.poshub.sale;

import io.poshub.csv.Values;
import io.poshub.db.BulkLoad;
import io.poshub.format.ParsedRow;
import io.poshub.format.PosRow;
import io.poshub.loyalty.Ledger;
import io.poshub.loyalty.Vouchers;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MemberKey;
import io.poshub.member.MemberKeys;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a chunk's new sales the way MariaDB takes them fastest, in the caller's transaction: the sales
 * (bulk-loaded, their ids read back by identity), their lines and tenders, the links of returns to originals of the same
 * chunk, the points entries with the members' new totals, and the parked sales — one statement each.
 */
@Component
class SaleWriter {

    private static final List<String> SALE_COLUMNS = List.of("merchant", "store", "register", "ticket", "business_date",
            "status", "member_id", "kind", "net_amount", "tax_amount", "total_amount", "currency", "points", "tender",
            "orig_ticket", "sold_at", "feed", "import_file_id", "multiplier", "orig_sale_id", "mobile_payment", "cashier");
    private static final List<String> LINE_COLUMNS = List.of("sale_id", "line_no", "seq", "sku", "description", "category",
            "quantity", "unit_price", "net_amount", "discount", "gift_card");
    private static final List<String> TENDER_COLUMNS = List.of("sale_id", "tender", "amount");
    private static final List<String> PARKED_COLUMNS = List.of("sale_id", "merchant", "feed", "mapping", "card_number",
            "phone_e164", "email", "external_id");

    private final JdbcTemplate jdbc;
    private final Ledger ledger;
    private final Vouchers vouchers;
    private final ApplicationEventPublisher events;

    SaleWriter(JdbcTemplate jdbc, Ledger ledger, Vouchers vouchers, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.vouchers = vouchers;
    }

    /**
     * @throws SaleReceivedBefore when a sale's identity is taken (it leaves the transaction as it was: the booker rolls
     *         back to its savepoint, or the caller's transaction rolls back)
     */
    @Transactional(propagation = Propagation.MANDATORY, noRollbackFor = SaleReceivedBefore.class)
    void write(List<NewSale> sales, SaleBooker.Source source, Map<Long, Ledger.MemberState> members) {
        writePoints(writeSales(sales, source, false), members);
    }

    /**
     * The sales' rows, lines, tenders and the links of returns to originals of the same chunk: what a chunk writes
     * before its members' points, so a chunk booked ahead ({@link SaleBooker#bookAhead}) writes them while the chunk
     * before it is still committing.
     *
     * @param ahead the chunk before is still committing: the sales' references to members, the import and originals
     *              (all of them known to exist) are not checked by the database, whose check would hold a shared lock
     *              on each member and on the import row — rows that chunk changes before it commits
     * @return what {@link #writePoints} writes next, with the sales' ids
     * @throws SaleReceivedBefore when a sale's identity is taken
     */
    @Transactional(propagation = Propagation.MANDATORY, noRollbackFor = SaleReceivedBefore.class)
    Written writeSales(List<NewSale> sales, SaleBooker.Source source, boolean ahead) {
        Mapping mapping = source.mapping();
        if (sales.isEmpty()) {
            return new Written(mapping, Map.of(), List.of(), List.of(), List.of());
        }
        long before = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM sale WHERE import_file_id = ?", Long.class,
                source.importFileId());
        // When each was sold, worked out once: the zone's rules are looked up for its row, its vouchers and its points.
        List<Instant> soldAt = new ArrayList<>(sales.size());
        List<Object[]> saleRows = new ArrayList<>(sales.size());
        for (NewSale sale : sales) {
            Instant at = soldAt(sale.draft().first(), mapping);
            soldAt.add(at);
            saleRows.add(saleRow(sale, source, at));
        }
        try {
            if (ahead) {
                BulkLoad.loadTrustingReferences(jdbc, "sale", SALE_COLUMNS, saleRows);
            } else {
                BulkLoad.load(jdbc, "sale", SALE_COLUMNS, saleRows);
            }
        } catch (DuplicateKeyException e) {
            throw new SaleReceivedBefore(e);
        }
        Map<SaleIdentity, Long> ids = new HashMap<>();
        jdbc.query("SELECT id, merchant, store, register, ticket, business_date FROM sale WHERE import_file_id = ? AND id > ?",
                rs -> {
                    ids.put(SaleIdentity.read(rs, 2), rs.getLong(1));
                }, source.importFileId(), before);
        List<Object[]> lines = new ArrayList<>();
        List<Object[]> tenders = new ArrayList<>();
        List<Object[]> links = new ArrayList<>();
        List<Ledger.Entry> entries = new ArrayList<>();
        List<Object[]> parked = new ArrayList<>();
        List<Vouchers.Receipt> receipts = new ArrayList<>();
        for (int i = 0; i < sales.size(); i++) {
            NewSale sale = sales.get(i);
            SaleIdentity identity = sale.draft().identity();
            Long id = ids.get(identity);
            if (id == null) {
                throw new IllegalStateException("sale " + identity + " was written but not found again");
            }
            sale.draft().tenders().forEach((tender, amount) -> tenders.add(new Object[] {id, tender, amount}));
            for (ParsedRow parsed : sale.draft().ticket().rows()) {
                PosRow r = parsed.row();
                if (r.saleLine()) {
                    lines.add(new Object[] {id, parsed.lineNo(), r.seq(), r.sku(), Values.truncate(r.description(), 255),
                            r.category(), r.quantity(), r.unitPrice(), r.lineNet(), discount(r), mapping.sellsGiftCard(r.sku())});
                }
            }
            ChunkEarnings.Earned inChunk = sale.earned().originalInChunk();
            if (inChunk != null) {
                links.add(new Object[] {ids.get(inChunk.sale().identity()), id});
            }
            receipts.addAll(sale.draft().vouchers(mapping.voucherTenders(), soldAt.get(i)));
            if (sale.fate() == Fate.BOOKED) {
                Long original = sale.earned().original() != null ? Long.valueOf(sale.earned().original().saleId())
                        : inChunk != null ? ids.get(inChunk.sale().identity()) : null;
                entries.add(new Ledger.Entry(sale.resolved().memberId(), id, identity.ticket(), sale.earned().earning(),
                        soldAt.get(i), identity.store(), identity.businessDate(), original));
            } else if (sale.fate() == Fate.PARKED) {
                MemberKeys keys = sale.resolved().keys();
                parked.add(new Object[] {id, mapping.merchant(), source.feed(), mapping.name(), keys.get(MemberKey.CARD),
                        keys.get(MemberKey.PHONE), keys.get(MemberKey.EMAIL), keys.get(MemberKey.EXTERNAL_ID)});
            }
        }
        BulkLoad.load(jdbc, "sale_line", LINE_COLUMNS, lines);
        BulkLoad.load(jdbc, "sale_tender", TENDER_COLUMNS, tenders);
        if (!links.isEmpty()) {
            jdbc.batchUpdate("UPDATE sale SET orig_sale_id = ? WHERE id = ?", links);
        }
        return new Written(mapping, ids, entries, parked, receipts);
    }

    /** The points entries with the members' new totals ({@code members}, as the sales leave them), vouchers taken, parked sales. */
    @Transactional(propagation = Propagation.MANDATORY)
    void writePoints(Written written, Map<Long, Ledger.MemberState> members) {
        Mapping mapping = written.mapping();
        if (written.ids().isEmpty()) {
            return;
        }
        ledger.recordAll(written.entries(), members, mapping.merchant(), mapping.loyalty());
        if (!written.entries().isEmpty()) {
            events.publishEvent(SalesBooked.of(mapping.merchant(), written.entries()));
        }
        vouchers.takenOnReceipts(mapping.merchant(), written.receipts());
        BulkLoad.load(jdbc, "parked_sale", PARKED_COLUMNS, written.parked());
    }

    /** A chunk's sales as written, by identity, and what their points write. */
    record Written(Mapping mapping, Map<SaleIdentity, Long> ids, List<Ledger.Entry> entries, List<Object[]> parked,
                   List<Vouchers.Receipt> receipts) {
    }

    /** A voided ticket's number is kept as used (once, however often it is sent), for the day close's missing tickets. */
    @Transactional(propagation = Propagation.MANDATORY)
    void writeVoids(List<SaleIdentity> voids, long importFileId) {
        if (voids.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT IGNORE INTO void_ticket (merchant, store, register, ticket, business_date, import_file_id)
                VALUES (?, ?, ?, ?, ?, ?)
                """, voids.stream().map(v -> new Object[] {v.merchant(), v.store(), v.register(), v.ticket(), v.businessDate(),
                importFileId}).toList());
    }

    /** When the till sold it, by the till's clock in the mapping's zone. */
    private static Instant soldAt(PosRow first, Mapping mapping) {
        return first.soldAtLocal().atZone(mapping.timezone()).toInstant();
    }

    private static Object[] saleRow(NewSale sale, SaleBooker.Source source, Instant soldAt) {
        Mapping mapping = source.mapping();
        SaleDraft draft = sale.draft();
        ChunkEarnings.Earned earned = sale.earned();
        PosRow first = draft.first();
        SaleIdentity id = draft.identity();
        String tender = draft.tender();
        return new Object[] {id.merchant(), id.store(), id.register(), id.ticket(), id.businessDate(), sale.fate().name(),
                sale.resolved().memberId(), earned.kind().name(), draft.net(), draft.tax(), draft.total(), mapping.currency(),
                earned.points(), tender, first.origTicket(), LocalDateTime.ofInstant(soldAt, ZoneOffset.UTC),
                source.feed(), source.importFileId(), earned.multiplier(), earned.original() == null ? null : earned.original().saleId(),
                tender != null && mapping.mobilePaymentTenders().contains(tender.toUpperCase(Locale.ROOT)),
                Values.truncate(draft.cashier(), 64)};
    }

    /** A line's discount as {@code sale_line} keeps it: to the cent, null where the layout gives no price. */
    private static java.math.BigDecimal discount(PosRow row) {
        java.math.BigDecimal off = row.lineDiscount();
        return off == null ? null : off.setScale(2, java.math.RoundingMode.HALF_EVEN);
    }
}
