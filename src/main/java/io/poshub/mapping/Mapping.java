package io.poshub.mapping;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.modulith.NamedInterface;

/**
 * A {@code mappings/<name>.yaml} file, checked: which POS format it reads, whose members it matches,
 * how, and how sales earn points; which tender codes are mobile payments, gift cards, points and vouchers, and what a point is
 * worth paid as a tender; which are cash in the drawer and which a card terminal settles; which lines sell gift cards and whether they earn; the columns naming the cashier and a line's
 * discount. {@code layout} is set for {@code format: generic} only; a {@code format: zreport} or
 * {@code format: terminal} mapping matches no members.
 */
@NamedInterface("api")
public record Mapping(
        String name,
        String format,
        String merchant,
        String currency,
        ZoneId timezone,
        String phoneRegion,
        List<MemberKey> match,
        UnknownMemberPolicy unknownMember,
        EarnRules earn,
        PointsLife loyalty,
        GenericLayout layout,
        Set<String> mobilePaymentTenders,
        Set<String> giftCardTenders,
        Set<String> pointsTenders,
        Set<String> voucherTenders,
        BigDecimal pointValue,
        GiftCardItems giftCardItems,
        boolean giftCardsEarn,
        String cashierColumn,
        String discountColumn,
        Set<String> cashTenders,
        Set<String> cardTenders,
        Map<String, String> accounts) {

    /** Decimals of the mapping's currency (2 for NOK, 0 for JPY): the scale its amounts are kept and compared at. */
    public int currencyDigits() {
        return digitsOf(currency);
    }

    /** Decimals of a currency by its ISO code (2 for NOK, 0 for JPY). */
    public static int digitsOf(String currency) {
        return Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits());
    }

    /** The accountant's name for one of the journal's accounts ({@code REVENUE}, {@code TENDER_CASH}, …): the mapping's, else itself. */
    public String account(String name) {
        return accounts.getOrDefault(name, name);
    }

    /**
     * The sale lines that sell gift cards (contract §19): lines of these SKUs activate or load the card whose number is
     * in {@code numberColumn}; null in a mapping that sells none on receipts.
     */
    @NamedInterface("api")
    public record GiftCardItems(Set<String> skus, String numberColumn) {

        public boolean sells(String sku) {
            return sku != null && skus.contains(sku.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Whether a line sells a gift card by this mapping. */
    public boolean sellsGiftCard(String sku) {
        return giftCardItems != null && giftCardItems.sells(sku);
    }

    /** The tender codes and point value a mapping has when it names none (contract §13). */
    public static final Set<String> DEFAULT_MOBILE_PAYMENT_TENDERS = Set.of("VIPPS");
    public static final Set<String> DEFAULT_GIFT_CARD_TENDERS = Set.of("GIFTCARD");
    public static final Set<String> DEFAULT_POINTS_TENDERS = Set.of("POINTS");
    /** A reward voucher taken as a tender, its code in the tender's reference (contract §18). */
    public static final Set<String> DEFAULT_VOUCHER_TENDERS = Set.of("VOUCHER");
    /** The tenders a drawer holds, and those a card terminal settles (contract §22). */
    public static final Set<String> DEFAULT_CASH_TENDERS = Set.of("CASH");
    public static final Set<String> DEFAULT_CARD_TENDERS = Set.of("VISA", "MASTERCARD", "AMEX", "DEBIT", "CARD");
    /** 100 points make one unit of the currency. */
    public static final BigDecimal DEFAULT_POINT_VALUE = new BigDecimal("0.01");

    /** The format of a till's end-of-day Z-report: a feed reading it books no sales (contract §13). */
    public static final String ZREPORT = "zreport";

    public boolean isZReport() {
        return ZREPORT.equals(format);
    }

    /** The format of a card terminal's end-of-day settlement, read by a {@code terminal-feed} (contract §22). */
    public static final String TERMINAL = "terminal";

    public boolean isTerminal() {
        return TERMINAL.equals(format);
    }

    /** Whether the mapping reads sales (a till's export), not a Z-report or a terminal's settlement. */
    public boolean readsSales() {
        return !isZReport() && !isTerminal();
    }

    /** What happens to a sale whose member keys match nobody (contract §4.4). */
    @NamedInterface("api")
    public enum UnknownMemberPolicy { REJECT, PARK, CREATE }
}
