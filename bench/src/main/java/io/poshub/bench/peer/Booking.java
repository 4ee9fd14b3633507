package io.poshub.bench.peer;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.springframework.batch.item.Chunk;
import org.springframework.batch.item.ItemWriter;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The peer's writer: a chunk of tickets booked in the step's transaction, each step a batched statement — sales not
 * seen before (by store, register, ticket and business date), matched to a member by card, then customer number,
 * then phone, then email (or parked with their keys, or anonymous when they name nobody), earning points at the
 * member's tier (1 point a unit, tiers BASE ×1, SILVER ×1.25 from 1 000, GOLD ×1.5 from 5 000 lifetime points; a
 * return takes back at its original's multiplier), with their lines, tenders, points entries, balances and the
 * members' lifetime points and tiers. The same rules as the hub's Counterpoint mapping in bench/ (mappings/).
 */
final class Booking implements ItemWriter<List<SaleLine>> {

    private static final String MERCHANT = "demo";
    private static final String CURRENCY = "CAD";
    private static final ZoneId ZONE = ZoneId.of("America/Toronto");
    private static final String REGION = "CA";
    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern CARD_DROPS = Pattern.compile("[\\s-]");
    private static final String[] TIERS = {"BASE", "SILVER", "GOLD"};
    private static final BigDecimal[] MULTIPLIERS = {BigDecimal.ONE, new BigDecimal("1.25"), new BigDecimal("1.5")};
    private static final long[] FROM = {0, 1000, 5000};

    private final JdbcTemplate jdbc;
    private final long importFileId;
    private final String feed;
    private final Map<String, String> phones = new HashMap<>();

    Booking(JdbcTemplate jdbc, long importFileId, String feed) {
        this.jdbc = jdbc;
        this.importFileId = importFileId;
        this.feed = feed;
    }

    /** A ticket on its way to a sale. */
    private static final class Sale {
        final List<SaleLine> lines;
        final SaleLine first;
        final BigDecimal net;
        String status;
        Long memberId;
        String card;
        String phone;
        String email;
        String customer;
        String kind;
        long points;
        BigDecimal multiplier;
        Long origSaleId;
        Sale origInChunk;
        long id;

        Sale(List<SaleLine> lines) {
            this.lines = lines;
            this.first = lines.get(0);
            BigDecimal sum = BigDecimal.ZERO;
            for (SaleLine line : lines) {
                sum = sum.add(line.extPrice());
            }
            this.net = sum;
            this.kind = net.signum() < 0 ? "RETURN" : "SALE";
        }

        String key() {
            return first.ticketKey();
        }
    }

    /** A member's row as locked: tier, assigned tier, lifetime points. */
    private static final class MemberState {
        String tier;
        final String assigned;
        long lifetime;
        long earned;

        MemberState(String tier, String assigned, long lifetime) {
            this.tier = tier;
            this.assigned = assigned;
            this.lifetime = lifetime;
        }
    }

    @Override
    public void write(Chunk<? extends List<SaleLine>> chunk) {
        List<Sale> sales = newSales(chunk);
        if (sales.isEmpty()) {
            return;
        }
        match(sales);
        Map<Long, MemberState> members = lock(sales);
        earn(sales, members);
        insert(sales, members);
    }

    /** The chunk's tickets not booked before, in their order (a ticket twice in the chunk once). */
    private List<Sale> newSales(Chunk<? extends List<SaleLine>> chunk) {
        Map<String, Sale> byKey = new LinkedHashMap<>();
        for (List<SaleLine> ticket : chunk) {
            Sale sale = new Sale(ticket);
            byKey.putIfAbsent(sale.key(), sale);
        }
        List<Object> args = new ArrayList<>();
        args.add(MERCHANT);
        for (Sale sale : byKey.values()) {
            args.add(sale.first.store());
            args.add(sale.first.register());
            args.add(sale.first.ticket());
            args.add(sale.first.businessDate());
        }
        // The sale key's index, named: with a long IN list of tuples the optimizer may scan the table instead.
        jdbc.query("SELECT store, register, ticket, business_date FROM sale FORCE INDEX (uk_sale_identity)"
                        + " WHERE merchant = ? AND (store, register, ticket, business_date) IN ("
                        + tuples(byKey.size(), 4) + ")",
                rs -> {
                    byKey.remove(rs.getString(1) + '\u001F' + rs.getString(2) + '\u001F' + rs.getString(3) + '\u001F'
                            + rs.getObject(4, LocalDate.class));
                }, args.toArray());
        return new ArrayList<>(byKey.values());
    }

    /** Each sale's member by its first line's keys, tried in the mapping's order; one query a key. */
    private void match(List<Sale> sales) {
        for (Sale sale : sales) {
            sale.card = card(sale.first.card());
            sale.customer = sale.first.customer() == null || sale.first.customer().equalsIgnoreCase("CASH") ? null : sale.first.customer().trim();
            sale.email = sale.first.email() == null ? null : sale.first.email().trim().toLowerCase(Locale.ROOT);
        }
        matchBy("card_number", sales, s -> s.card);
        matchBy("external_id", sales, s -> s.customer);
        // A phone is parsed only for a sale its card and customer number did not match, as the hub does.
        for (Sale sale : sales) {
            if (sale.memberId == null) {
                sale.phone = phone(sale.first.phone());
            }
        }
        matchBy("phone_e164", sales, s -> s.phone);
        matchBy("email", sales, s -> s.email);
        for (Sale sale : sales) {
            if (sale.memberId != null) {
                sale.status = "BOOKED";
            } else if (sale.card == null && sale.customer == null && sale.phone == null && sale.email == null) {
                sale.status = "ANONYMOUS";
            } else {
                sale.status = "PARKED";
            }
        }
    }

    private void matchBy(String column, List<Sale> sales, Function<Sale, String> key) {
        Set<String> wanted = new HashSet<>();
        for (Sale sale : sales) {
            if (sale.memberId == null && key.apply(sale) != null) {
                wanted.add(key.apply(sale));
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        Map<String, Long> found = new HashMap<>();
        List<Object> args = new ArrayList<>(wanted);
        args.add(0, MERCHANT);
        jdbc.query("SELECT " + column + ", id FROM member WHERE merchant = ? AND status = 'ACTIVE' AND " + column + " IN ("
                + tuples(wanted.size(), 1) + ")", rs -> {
                    found.put(rs.getString(1), rs.getLong(2));
                }, args.toArray());
        for (Sale sale : sales) {
            if (sale.memberId == null && key.apply(sale) != null) {
                sale.memberId = found.get(key.apply(sale));
            }
        }
    }

    /** The members booked to, locked in id order. */
    private Map<Long, MemberState> lock(List<Sale> sales) {
        Set<Long> ids = new TreeSet<>();
        for (Sale sale : sales) {
            if (sale.memberId != null) {
                ids.add(sale.memberId);
            }
        }
        Map<Long, MemberState> members = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.query("SELECT id, tier, assigned_tier, lifetime_earned FROM member WHERE id IN (" + tuples(ids.size(), 1)
                            + ") ORDER BY id FOR UPDATE",
                    rs -> {
                        members.put(rs.getLong(1), new MemberState(rs.getString(2), rs.getString(3), rs.getLong(4)));
                    }, ids.toArray());
        }
        return members;
    }

    /** Points in ticket order: a return at its original's multiplier (the latest sale of that ticket), else the tier's. */
    private void earn(List<Sale> sales, Map<Long, MemberState> members) {
        Map<String, Sale> inChunk = new HashMap<>();
        Map<String, Object[]> stored = originals(sales);
        for (Sale sale : sales) {
            BigDecimal originalMultiplier = null;
            if (sale.kind.equals("RETURN") && sale.first.origTicket() != null) {
                String key = sale.first.store() + '\u001F' + sale.first.register() + '\u001F' + sale.first.origTicket();
                Sale chunkOriginal = inChunk.get(key);
                Object[] before = stored.get(key);
                if (chunkOriginal != null && (before == null || !chunkOriginal.first.businessDate().isBefore((LocalDate) before[1]))) {
                    sale.origInChunk = chunkOriginal;
                    originalMultiplier = chunkOriginal.multiplier;
                } else if (before != null) {
                    sale.origSaleId = (Long) before[0];
                    originalMultiplier = (BigDecimal) before[2];
                }
            }
            if (sale.memberId != null) {
                MemberState member = members.get(sale.memberId);
                BigDecimal multiplier = sale.kind.equals("RETURN") && originalMultiplier != null ? originalMultiplier : multiplier(member.tier);
                sale.multiplier = multiplier;
                if (sale.kind.equals("RETURN")) {
                    sale.points = -sale.net.negate().multiply(multiplier).setScale(0, RoundingMode.FLOOR).longValueExact();
                } else {
                    sale.points = sale.net.signum() <= 0 ? 0 : sale.net.multiply(multiplier).setScale(0, RoundingMode.FLOOR).longValueExact();
                }
                member.lifetime = Math.max(0, member.lifetime + sale.points);
                member.tier = tierFor(member.assigned, member.lifetime);
                member.earned += sale.points;
            }
            if (sale.kind.equals("SALE")) {
                inChunk.put(sale.first.store() + '\u001F' + sale.first.register() + '\u001F' + sale.first.ticket(), sale);
            }
        }
    }

    /** The latest stored SALE of each ticket the chunk's returns name: id, business date, multiplier. */
    private Map<String, Object[]> originals(List<Sale> sales) {
        Map<String, Object[]> stored = new HashMap<>();
        List<Object> args = new ArrayList<>();
        args.add(MERCHANT);
        int wanted = 0;
        for (Sale sale : sales) {
            if (sale.kind.equals("RETURN") && sale.first.origTicket() != null) {
                args.add(sale.first.store());
                args.add(sale.first.register());
                args.add(sale.first.origTicket());
                wanted++;
            }
        }
        if (wanted > 0) {
            jdbc.query("SELECT id, store, register, ticket, business_date, multiplier FROM sale FORCE INDEX (uk_sale_identity)"
                            + " WHERE merchant = ? AND kind = 'SALE'"
                            + " AND (store, register, ticket) IN (" + tuples(wanted, 3) + ") ORDER BY business_date, id",
                    rs -> {
                        stored.put(rs.getString(2) + '\u001F' + rs.getString(3) + '\u001F' + rs.getString(4),
                                new Object[] {rs.getLong(1), rs.getObject(5, LocalDate.class), rs.getBigDecimal(6)});
                    }, args.toArray());
        }
        return stored;
    }

    private void insert(List<Sale> sales, Map<Long, MemberState> members) {
        long before = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM sale WHERE import_file_id = ?", Long.class, importFileId);
        List<Object[]> rows = new ArrayList<>(sales.size());
        for (Sale sale : sales) {
            SaleLine first = sale.first;
            rows.add(new Object[] {MERCHANT, first.store(), first.register(), first.ticket(), first.businessDate(), sale.status,
                    sale.memberId, sale.kind, sale.net, first.tax(), first.total(), CURRENCY, sale.points, tender(sale),
                    first.origTicket(), first.soldAt().atZone(ZONE).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime(),
                    feed, importFileId, sale.multiplier, sale.origSaleId,
                    tender(sale) != null && tender(sale).toUpperCase(Locale.ROOT).equals("VIPPS")});
        }
        jdbc.batchUpdate("INSERT INTO sale (merchant, store, register, ticket, business_date, status, member_id, kind, net_amount,"
                + " tax_amount, total_amount, currency, points, tender, orig_ticket, sold_at, feed, import_file_id, multiplier,"
                + " orig_sale_id, mobile_payment) VALUES " + tuples(1, 21), rows);
        Map<String, Long> ids = new HashMap<>();
        jdbc.query("SELECT id, store, register, ticket, business_date FROM sale WHERE import_file_id = ? AND id > ?", rs -> {
            ids.put(rs.getString(2) + '\u001F' + rs.getString(3) + '\u001F' + rs.getString(4) + '\u001F'
                    + rs.getObject(5, LocalDate.class), rs.getLong(1));
        }, importFileId, before);
        List<Object[]> lines = new ArrayList<>();
        List<Object[]> tenders = new ArrayList<>();
        List<Object[]> links = new ArrayList<>();
        List<Object[]> entries = new ArrayList<>();
        List<Object[]> parked = new ArrayList<>();
        for (Sale sale : sales) {
            sale.id = ids.get(sale.key());
        }
        for (Sale sale : sales) {
            for (SaleLine line : sale.lines) {
                BigDecimal quantity = line.quantity();
                BigDecimal discount = line.price() == null ? null
                        : line.price().multiply(quantity).subtract(line.extPrice()).setScale(2, RoundingMode.HALF_EVEN);
                lines.add(new Object[] {sale.id, line.lineNo(), line.seq(), line.sku(),
                        line.description() == null || line.description().length() <= 255 ? line.description() : line.description().substring(0, 255),
                        line.category(), quantity, line.price(), line.extPrice(), discount, false});
            }
            tenders.add(new Object[] {sale.id, tender(sale) == null ? "UNKNOWN" : tender(sale).trim().toUpperCase(Locale.ROOT), sale.first.total()});
            if (sale.origInChunk != null) {
                links.add(new Object[] {sale.origInChunk.id, sale.id});
            }
            if (sale.status.equals("BOOKED")) {
                entries.add(new Object[] {sale.memberId, sale.id, sale.first.ticket(), sale.points,
                        sale.kind.equals("SALE") ? "EARN" : "RETURN", sale.first.store(), sale.first.businessDate(),
                        Math.max(sale.points, 0)});
            } else if (sale.status.equals("PARKED")) {
                parked.add(new Object[] {sale.id, MERCHANT, feed, "counterpoint", sale.card, sale.phone, sale.email, sale.customer});
            }
        }
        jdbc.batchUpdate("INSERT INTO sale_line (sale_id, line_no, seq, sku, description, category, quantity, unit_price, net_amount,"
                + " discount, gift_card) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", lines);
        jdbc.batchUpdate("INSERT INTO sale_tender (sale_id, tender, amount) VALUES (?, ?, ?)", tenders);
        if (!links.isEmpty()) {
            jdbc.batchUpdate("UPDATE sale SET orig_sale_id = ? WHERE id = ?", links);
        }
        jdbc.batchUpdate("INSERT INTO points_entry (member_id, sale_id, ticket, delta, reason, store, business_date, remaining)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", entries);
        List<Object[]> balances = new ArrayList<>();
        List<Object[]> totals = new ArrayList<>();
        members.forEach((id, member) -> {
            balances.add(new Object[] {id, MERCHANT, member.earned});
            totals.add(new Object[] {member.lifetime, member.tier, id});
        });
        jdbc.batchUpdate("INSERT INTO points_account (member_id, merchant, balance) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE balance = balance + VALUES(balance)", balances);
        jdbc.batchUpdate("UPDATE member SET lifetime_earned = ?, tier = ? WHERE id = ?", totals);
        if (!parked.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO parked_sale (sale_id, merchant, feed, mapping, card_number, phone_e164, email, external_id)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", parked);
        }
    }

    private static String tender(Sale sale) {
        for (SaleLine line : sale.lines) {
            if (line.tender() != null) {
                return line.tender();
            }
        }
        return null;
    }

    private static BigDecimal multiplier(String tier) {
        for (int i = 0; i < TIERS.length; i++) {
            if (TIERS[i].equalsIgnoreCase(tier)) {
                return MULTIPLIERS[i];
            }
        }
        return BigDecimal.ONE;
    }

    /** The higher of the assigned tier and the one the lifetime points reach. */
    private static String tierFor(String assigned, long lifetime) {
        int reached = 0;
        int floor = -1;
        for (int i = 0; i < TIERS.length; i++) {
            if (lifetime >= FROM[i]) {
                reached = i;
            }
            if (TIERS[i].equalsIgnoreCase(assigned)) {
                floor = i;
            }
        }
        return TIERS[Math.max(reached, floor)];
    }

    private static String card(String raw) {
        if (raw == null) {
            return null;
        }
        String card = CARD_DROPS.matcher(raw).replaceAll("").toUpperCase(Locale.ROOT);
        return card.isEmpty() ? null : card;
    }

    private String phone(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return phones.computeIfAbsent(raw, typed -> {
            try {
                Phonenumber.PhoneNumber number = PHONES.parse(typed, REGION);
                return PHONES.isPossibleNumber(number) ? PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
            } catch (NumberParseException e) {
                return null;
            }
        });
    }

    /** {@code (?, ?), (?, ?)}: {@code count} tuples of {@code size} placeholders. */
    private static String tuples(int count, int size) {
        String one = "(" + String.join(", ", java.util.Collections.nCopies(size, "?")) + ")";
        return String.join(", ", java.util.Collections.nCopies(count, one));
    }
}
