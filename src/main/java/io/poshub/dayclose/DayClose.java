package io.poshub.dayclose;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.poshub.giftcard.GiftCardsTaken;
import io.swagger.v3.oas.annotations.media.Schema;
import io.poshub.loyalty.PointsTaken;
import io.poshub.loyalty.VouchersTaken;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingException;
import io.poshub.mapping.MappingRepository;
import io.poshub.payment.MobilePaymentsTaken;
import io.poshub.sale.SalesOfTheDay;
import io.poshub.sale.SalesOfTheDay.RegisterSales;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * A store's day held against its Z-reports (contract §13). Per register: the tickets the Z counts against the sales
 * received (the numbers of its range that never came, those that came from outside it) and each tender's Z amount
 * against the received sales' {@code sale_tender}. Per store: every tender summed over the registers, and the tenders
 * the hub itself took — mobile payments captured less refunded, gift cards redeemed less refunded, points redeemed less
 * refunded, reward vouchers taken off sales, each as moved on that local day — held against what the POS says was
 * paid with them. A voucher a sales file names that was used before on another sale makes the day a MISMATCH.
 */
@Service
public class DayClose {

    static final String PROVIDER_MORE = "payment taken but not entered in the POS";
    static final String POS_MORE = "entered as this tender but not taken";
    static final String Z_MORE = "in the Z-report but not in the sales received";
    static final String SALES_MORE = "in the sales received but not in the Z-report";
    static final String USED_TWICE = "voucher used twice: ";
    static final String CARDS_MORE = "put on gift cards but not sold on the receipts";
    static final String RECEIPTS_MORE = "sold on the receipts but not put on gift cards";
    /** The card terminals settled other than the till's card tenders (contract §22). */
    public static final String TERMINAL_MISMATCH = "TERMINAL_MISMATCH";
    /** A ticket range longer than this is not listed ticket by ticket. */
    private static final long LONGEST_RANGE = 100_000;

    private final JdbcTemplate jdbc;
    private final MappingRepository mappings;
    private final DayCloseProperties properties;
    private final SalesOfTheDay sales;
    private final MobilePaymentsTaken mobilePayments;
    private final GiftCardsTaken giftCards;
    private final PointsTaken points;
    private final VouchersTaken vouchers;
    private final CashCounts cashCounts;
    private final TerminalSettlements terminals;

    DayClose(JdbcTemplate jdbc, MappingRepository mappings, DayCloseProperties properties, SalesOfTheDay sales,
             MobilePaymentsTaken mobilePayments, GiftCardsTaken giftCards, PointsTaken points, VouchersTaken vouchers,
             CashCounts cashCounts, TerminalSettlements terminals) {
        this.vouchers = vouchers;
        this.cashCounts = cashCounts;
        this.terminals = terminals;
        this.jdbc = jdbc;
        this.mappings = mappings;
        this.properties = properties;
        this.sales = sales;
        this.mobilePayments = mobilePayments;
        this.giftCards = giftCards;
        this.points = points;
    }

    /** Ordered from the one an operator acts on first. */
    public enum Status { MISSING_SALES, MISMATCH, MISSING_Z, BALANCED }

    /**
     * One tender: {@code difference} is what the sales received (or, with {@code providerAmount}, the hub's ledger) hold
     * minus what the Z-report says; null without a Z-report.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TenderLine(String tender, BigDecimal zAmount, BigDecimal hubAmount, BigDecimal providerAmount,
                             BigDecimal difference, String label) {
    }

    /**
     * A register's day; {@code cashiers}: who rang its tickets up and what their lines took off, where the POS says;
     * {@code cash}: its drawer (null when it neither took cash nor was counted).
     */
    public record RegisterDay(String register, Status status, String zNo, Integer zTicketCount, int receivedTickets,
                              List<String> missingTickets, List<String> unexpectedTickets, List<TenderLine> tenders,
                              List<SalesOfTheDay.CashierSales> cashiers, @JsonInclude(JsonInclude.Include.NON_NULL) Cash cash) {

        RegisterDay withCash(Cash drawer) {
            return new RegisterDay(register, status, zNo, zTicketCount, receivedTickets, missingTickets, unexpectedTickets, tenders,
                    cashiers, drawer);
        }
    }

    /**
     * A register's drawer (contract §22), in the currency's units as the tenders are: the opening {@code float}, the cash
     * tenders its sales took ({@code tendered}, the mapping's {@code cashTenders}), {@code expected} = float + tendered,
     * what was {@code counted}, and {@code overShort} = counted − expected. Without a count, float, expected, counted
     * and overShort are null.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A register's drawer, in the currency's units; float, expected, counted and overShort only once it was counted")
    public record Cash(@JsonProperty("float") @Schema(description = "The opening float") BigDecimal openingFloat,
                       @Schema(description = "The cash tenders (mapping key cashTenders) of the register's sales") BigDecimal tendered,
                       @Schema(description = "float + tendered") BigDecimal expected,
                       @Schema(description = "The cash counted at the day's end") BigDecimal counted,
                       @Schema(description = "counted − expected: positive over, negative short") BigDecimal overShort) {
    }

    /**
     * The gift cards the store sold that day (contract §19): on its receipts, against what its cards took on (those
     * receipts' lines and the till's own activations and loads); {@code difference} is cards minus receipts.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GiftCardSales(BigDecimal receipts, BigDecimal cards, BigDecimal difference, String label) {
    }

    /**
     * What the store's card terminals settled that day against the card tenders of its sales (the mapping's
     * {@code cardTenders}), per store-day as a terminal may serve several registers: {@code difference} = settled −
     * cardTendered, labelled {@value #TERMINAL_MISMATCH} when not 0; {@code candidates}, as {@code register/ticket}, the
     * tickets that may explain it — a cash tender of the missing amount when the terminals settled more (a card payment
     * keyed as cash), a card tender of the extra amount when they settled less (keyed as card, paid otherwise).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The card terminals' settlement held against the card tenders of the store-day's sales")
    public record Terminals(BigDecimal settled, BigDecimal cardTendered, BigDecimal difference, String label, List<String> candidates) {
    }

    /**
     * A store's day; {@code currency} is its Z-report mapping's (null without a Z-report); {@code giftCardsSold} null when
     * it sold none; {@code terminals} null when no terminal settlement names the day.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StoreDay(String merchant, String store, LocalDate date, String currency, Status status, List<TenderLine> tenders,
                           List<RegisterDay> registers, GiftCardSales giftCardsSold, Terminals terminals) {
    }

    private record ZReport(long id, String register, String zNo, String firstTicket, String lastTicket, int ticketCount,
                           String mapping, Map<String, BigDecimal> tenders) {
    }

    /** The store-days of a day that have sales, voided tickets, a Z-report or a terminal settlement, as (merchant, store). */
    public List<StoreDayKey> storesOf(LocalDate date) {
        Set<StoreDayKey> keys = new TreeSet<>(Comparator.comparing(StoreDayKey::merchant).thenComparing(StoreDayKey::store));
        sales.storesOf(date).forEach(s -> keys.add(new StoreDayKey(s.merchant(), s.store(), date)));
        jdbc.query("""
                SELECT merchant, store FROM z_report WHERE business_date = ?
                UNION SELECT merchant, store FROM terminal_settlement WHERE business_date = ? AND replaced_by IS NULL
                """, rs -> {
                    keys.add(new StoreDayKey(rs.getString(1), rs.getString(2), date));
                }, date, date);
        return List.copyOf(keys);
    }

    /** The merchants with sales, voided tickets, a Z-report or a terminal settlement for the store on that day. */
    public List<String> merchantsOf(String store, LocalDate date) {
        Set<String> merchants = new TreeSet<>(sales.merchantsOf(store, date));
        merchants.addAll(terminals.merchantsOf(store, date));
        merchants.addAll(jdbc.queryForList("SELECT DISTINCT merchant FROM z_report WHERE store = ? AND business_date = ?",
                String.class, store, date));
        return List.copyOf(merchants);
    }

    public record StoreDayKey(String merchant, String store, LocalDate date) {
    }

    public StoreDay compute(String merchant, String store, LocalDate date) {
        return computed(merchant, store, date).day();
    }

    /** A store-day worked out, and the name of the mapping of its latest Z-report (null without one), for its journal. */
    record Computed(StoreDay day, String zMapping) {
    }

    Computed computed(String merchant, String store, LocalDate date) {
        List<ZReport> zs = zReports(merchant, store, date);
        Map<String, RegisterSales> received = sales.byRegister(merchant, store, date);
        Map<String, List<SalesOfTheDay.CashierSales>> cashiers = sales.cashiers(merchant, store, date);

        Map<String, CashCounts.Count> counts = cashCounts.of(merchant, store, date);
        Set<String> registers = new TreeSet<>();
        received.values().stream().filter(r -> !r.tickets().isEmpty()).forEach(r -> registers.add(r.register()));
        zs.forEach(z -> registers.add(z.register()));
        registers.addAll(counts.keySet());
        Map<String, ZReport> zByRegister = zs.stream().collect(Collectors.toMap(ZReport::register, z -> z));
        List<RegisterDay> days = new ArrayList<>();
        Map<String, BigDecimal> zTotal = new TreeMap<>();
        Map<String, BigDecimal> hubTotal = new TreeMap<>();
        for (String register : registers) {
            ZReport z = zByRegister.get(register);
            RegisterSales sold = received.getOrDefault(register, new RegisterSales(register, List.of(), List.of(), Map.of()));
            days.add(registerDay(register, z, sold.tickets(), sold.voided(), sold.tenders(), cashiers.getOrDefault(register, List.of())));
            sold.tenders().forEach((t, a) -> hubTotal.merge(t, a, BigDecimal::add));
            if (z != null) {
                z.tenders().forEach((t, a) -> zTotal.merge(t, a, BigDecimal::add));
            }
        }
        Mapping mapping = zs.stream().max(Comparator.comparingLong(ZReport::id)).map(z -> mappingOrNull(z.mapping())).orElse(null);
        Set<String> cashCodes = mapping == null ? Mapping.DEFAULT_CASH_TENDERS : mapping.cashTenders();
        int digits = digits(mapping);
        days.replaceAll(day -> day.withCash(cash(received.get(day.register()), counts.get(day.register()), cashCodes, digits)));
        List<TenderLine> lines = storeTenders(merchant, store, date, mapping, !zs.isEmpty(), zTotal, hubTotal);
        GiftCardSales cards = giftCardsSold(merchant, store, date, mapping);
        Terminals settled = terminals(merchant, store, date, mapping, hubTotal);
        return new Computed(new StoreDay(merchant, store, date, mapping == null ? null : mapping.currency(),
                storeStatus(zs.isEmpty(), days, lines, cards, settled), lines, days, cards, settled),
                zs.stream().max(Comparator.comparingLong(ZReport::id)).map(ZReport::mapping).orElse(null));
    }

    /** A register's drawer; null when its sales took no cash and nobody counted it. */
    private static Cash cash(RegisterSales sold, CashCounts.Count count, Set<String> cashCodes, int digits) {
        BigDecimal tendered = sold == null ? BigDecimal.ZERO : sum(sold.tenders(), cashCodes);
        tendered = tendered.setScale(Math.max(digits, tendered.scale()), RoundingMode.UNNECESSARY);
        if (count == null) {
            return tendered.signum() == 0 ? null : new Cash(null, tendered, null, null, null);
        }
        BigDecimal opening = minor(count.floatMinor(), digits);
        BigDecimal expected = opening.add(tendered);
        BigDecimal counted = minor(count.countedMinor(), digits);
        return new Cash(opening, tendered, expected, counted, counted.subtract(expected));
    }

    /** The currency's decimals by the store-day's mapping (2 without one). */
    static int digits(Mapping mapping) {
        return mapping == null ? 2 : mapping.currencyDigits();
    }

    /**
     * The day's gift cards sold on receipts against what the cards took on; null when the store's receipts sold none —
     * a store whose tills sell cards through the API alone has nothing to hold them against.
     */
    private GiftCardSales giftCardsSold(String merchant, String store, LocalDate date, Mapping mapping) {
        ZoneId zone = mapping == null ? properties.timezone() : mapping.timezone();
        int digits = digits(mapping);
        BigDecimal receipts = sales.giftCardsSold(merchant, store, date).setScale(digits, RoundingMode.HALF_EVEN);
        GiftCardsTaken.Sold sold = giftCards.sold(merchant, store, date, date.atStartOfDay(zone).toInstant(),
                date.plusDays(1).atStartOfDay(zone).toInstant());
        if (receipts.signum() == 0 && sold.receiptMoves() == 0) {
            return null;
        }
        BigDecimal cards = minor(sold.onReceipts() + sold.byTill(), digits);
        BigDecimal difference = cards.subtract(receipts);
        return new GiftCardSales(receipts, cards, difference,
                difference.signum() == 0 ? null : difference.signum() > 0 ? CARDS_MORE : RECEIPTS_MORE);
    }

    /** The store-day's terminal settlement against its card tenders; null when no settlement names the day. */
    private Terminals terminals(String merchant, String store, LocalDate date, Mapping dayMapping, Map<String, BigDecimal> tendered) {
        TerminalSettlements.Settled settled = terminals.settled(merchant, store, date);
        if (settled == null) {
            return null;
        }
        Mapping mapping = dayMapping != null ? dayMapping : mappingOrNull(settled.mapping());
        Set<String> cardCodes = mapping == null ? Mapping.DEFAULT_CARD_TENDERS : mapping.cardTenders();
        Set<String> cashCodes = mapping == null ? Mapping.DEFAULT_CASH_TENDERS : mapping.cashTenders();
        int digits = digits(mapping);
        BigDecimal card = sum(tendered, cardCodes).setScale(digits, RoundingMode.HALF_EVEN);
        BigDecimal amount = settled.amount().setScale(digits, RoundingMode.HALF_EVEN);
        BigDecimal difference = amount.subtract(card);
        if (difference.signum() == 0) {
            return new Terminals(amount, card, difference, null, null);
        }
        List<String> candidates = sales.ticketsPaid(merchant, store, date, difference.signum() > 0 ? cashCodes : cardCodes, difference.abs());
        return new Terminals(amount, card, difference, TERMINAL_MISMATCH, candidates);
    }

    private static Status storeStatus(boolean noZ, List<RegisterDay> registers, List<TenderLine> lines, GiftCardSales cards,
                                      Terminals terminals) {
        boolean terminalOff = terminals != null && terminals.difference().signum() != 0;
        if (noZ) {
            return terminalOff ? Status.MISMATCH : Status.MISSING_Z;
        }
        // A register only counted (no sale, no Z-report) shows its drawer but says nothing of the day's status.
        Status worst = registers.stream().filter(r -> r.zNo() != null || r.receivedTickets() > 0).map(RegisterDay::status)
                .min(Enum::compareTo).orElse(Status.BALANCED);
        boolean providerOff = lines.stream().anyMatch(l -> l.providerAmount() != null && l.difference().signum() != 0
                || l.label() != null && l.label().startsWith(USED_TWICE)) || cards != null && cards.difference().signum() != 0;
        return (providerOff || terminalOff) && worst.compareTo(Status.MISMATCH) > 0 ? Status.MISMATCH : worst;
    }

    private static RegisterDay registerDay(String register, ZReport z, List<String> received, List<String> voided,
                                           Map<String, BigDecimal> hub, List<SalesOfTheDay.CashierSales> cashiers) {
        if (z == null) {
            List<TenderLine> lines = hub.entrySet().stream()
                    .map(e -> new TenderLine(e.getKey(), null, e.getValue(), null, null, null)).toList();
            return new RegisterDay(register, Status.MISSING_Z, null, null, received.size(), List.of(), List.of(), lines, cashiers, null);
        }
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        Long first = number(z.firstTicket());
        Long last = number(z.lastTicket());
        if (first != null && last != null && last >= first && last - first <= LONGEST_RANGE) {
            Set<Long> used = new HashSet<>();
            for (String t : received) {
                Long n = number(t);
                if (n == null || n < first || n > last) {
                    unexpected.add(t);
                } else {
                    used.add(n);
                }
            }
            voided.stream().map(DayClose::number).forEach(used::add);
            int width = z.firstTicket().startsWith("0") ? z.firstTicket().length() : 0;
            for (long n = first; n <= last; n++) {
                if (!used.contains(n)) {
                    missing.add(width > 0 ? String.format("%0" + width + "d", n) : Long.toString(n));
                }
            }
            unexpected.sort(null);
        }
        List<TenderLine> lines = new ArrayList<>();
        boolean off = false;
        for (String tender : union(z.tenders(), hub)) {
            BigDecimal zAmount = z.tenders().getOrDefault(tender, BigDecimal.ZERO);
            BigDecimal hubAmount = hub.getOrDefault(tender, BigDecimal.ZERO);
            BigDecimal difference = hubAmount.subtract(zAmount);
            off |= difference.signum() != 0;
            lines.add(new TenderLine(tender, zAmount, hubAmount, null, difference, salesLabel(difference)));
        }
        Status status = received.size() < z.ticketCount() || !missing.isEmpty() ? Status.MISSING_SALES
                : off || received.size() != z.ticketCount() || !unexpected.isEmpty() ? Status.MISMATCH : Status.BALANCED;
        return new RegisterDay(register, status, z.zNo(), z.ticketCount(), received.size(), missing, unexpected, lines, cashiers, null);
    }

    /**
     * The store's tenders, registers summed. The tenders the hub took itself are held against its ledgers: one line per
     * kind (its codes joined by '+' when the POS used several), with {@code providerAmount}.
     */
    private List<TenderLine> storeTenders(String merchant, String store, LocalDate date, Mapping mapping, boolean haveZ,
                                          Map<String, BigDecimal> z, Map<String, BigDecimal> hub) {
        Set<String> mobileCodes = mapping == null ? Mapping.DEFAULT_MOBILE_PAYMENT_TENDERS : mapping.mobilePaymentTenders();
        Set<String> cardCodes = mapping == null ? Mapping.DEFAULT_GIFT_CARD_TENDERS : mapping.giftCardTenders();
        Set<String> pointsCodes = mapping == null ? Mapping.DEFAULT_POINTS_TENDERS : mapping.pointsTenders();
        Set<String> voucherCodes = mapping == null ? Mapping.DEFAULT_VOUCHER_TENDERS : mapping.voucherTenders();
        ZoneId zone = mapping == null ? properties.timezone() : mapping.timezone();
        int digits = digits(mapping);
        Instant from = date.atStartOfDay(zone).toInstant();
        Instant to = date.plusDays(1).atStartOfDay(zone).toInstant();

        BigDecimal captured = minor(mobilePayments.capturedLessRefunded(merchant, store, from, to), digits);
        BigDecimal redeemedCards = minor(giftCards.redeemedLessRefunded(merchant, store, from, to), digits);
        BigDecimal pointsPaid = BigDecimal.valueOf(points.redeemedLessRefunded(merchant, store, from, to))
                .multiply(mapping == null ? Mapping.DEFAULT_POINT_VALUE : mapping.pointValue()).setScale(digits, RoundingMode.HALF_EVEN);
        BigDecimal vouchersOff = vouchers.discounts(merchant, store, from, to).setScale(digits, RoundingMode.HALF_EVEN);
        List<String> usedTwice = vouchers.usedTwice(merchant, store, from, to);

        List<TenderLine> lines = new ArrayList<>();
        Set<String> plain = new TreeSet<>(union(z, hub));
        for (Taken taken : List.of(new Taken(mobileCodes, captured, List.of()), new Taken(cardCodes, redeemedCards, List.of()),
                new Taken(pointsCodes, pointsPaid, List.of()), new Taken(voucherCodes, vouchersOff, usedTwice))) {
            Set<String> codes = taken.codes();
            plain.removeAll(codes);
            Set<String> used = new TreeSet<>(codes);
            used.retainAll(union(z, hub));
            boolean twice = !taken.usedTwice().isEmpty();
            if (used.isEmpty() && taken.amount().signum() == 0 && !twice) {
                continue;
            }
            String name = String.join("+", used.isEmpty() ? new TreeSet<>(codes) : used);
            BigDecimal zAmount = haveZ ? sum(z, codes) : null;
            BigDecimal difference = haveZ ? taken.amount().subtract(zAmount) : null;
            String label = twice ? USED_TWICE + String.join(", ", taken.usedTwice())
                    : difference == null || difference.signum() == 0 ? null : difference.signum() > 0 ? PROVIDER_MORE : POS_MORE;
            lines.add(new TenderLine(name, zAmount, sum(hub, codes), taken.amount(), difference, label));
        }
        for (String tender : plain) {
            BigDecimal hubAmount = hub.getOrDefault(tender, BigDecimal.ZERO);
            BigDecimal zAmount = haveZ ? z.getOrDefault(tender, BigDecimal.ZERO) : null;
            BigDecimal difference = haveZ ? hubAmount.subtract(zAmount) : null;
            lines.add(new TenderLine(tender, zAmount, hubAmount, null, difference, difference == null ? null : salesLabel(difference)));
        }
        lines.sort((a, b) -> a.tender().compareTo(b.tender()));
        return lines;
    }

    /** What the hub itself took as one kind of tender (its codes), and what of it was taken twice. */
    private record Taken(Set<String> codes, BigDecimal amount, List<String> usedTwice) {
    }

    private static String salesLabel(BigDecimal difference) {
        return difference.signum() == 0 ? null : difference.signum() < 0 ? Z_MORE : SALES_MORE;
    }

    private List<ZReport> zReports(String merchant, String store, LocalDate date) {
        List<ZReport> zs = jdbc.query("""
                SELECT id, register, z_no, first_ticket, last_ticket, ticket_count, mapping FROM z_report
                 WHERE merchant = ? AND store = ? AND business_date = ? AND replaced_by IS NULL
                """, (rs, n) -> new ZReport(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getString(7), new TreeMap<>()), merchant, store, date);
        Map<Long, ZReport> byId = zs.stream().collect(Collectors.toMap(ZReport::id, z -> z));
        if (!byId.isEmpty()) {
            jdbc.query("SELECT z_report_id, tender, amount FROM z_report_tender WHERE z_report_id IN ("
                    + String.join(",", byId.keySet().stream().map(id -> "?").toList()) + ")", rs -> {
                byId.get(rs.getLong(1)).tenders().put(rs.getString(2), rs.getBigDecimal(3));
            }, byId.keySet().toArray());
        }
        return zs;
    }

    private Mapping mappingOrNull(String name) {
        try {
            return mappings.get(name);
        } catch (MappingException e) {
            return null;
        }
    }

    private static Set<String> union(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        Set<String> all = new TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }

    private static BigDecimal sum(Map<String, BigDecimal> amounts, Set<String> codes) {
        return codes.stream().map(c -> amounts.getOrDefault(c, BigDecimal.ZERO)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static Long number(String ticket) {
        if (ticket == null || ticket.isEmpty() || ticket.length() > 18 || !ticket.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(ticket);
    }

    private static BigDecimal minor(long amount, int digits) {
        return BigDecimal.valueOf(amount, digits);
    }
}
