package io.poshub.journal;

import io.poshub.mapping.Mapping;
import io.poshub.sale.SalesOfTheDay;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A store-day's journal worked out from its sales (contract §22), in the journal's own account names (the mapping's
 * {@code accounts} rename them when written):
 * <ul>
 * <li>{@code TENDER_<code>} debit: what each tender took — but gift cards and points, which pay from a liability;</li>
 * <li>{@code REVENUE} credit: the goods' net, less the points the sales earned at the mapping's point value (revenue
 * deferred until the points are spent);</li>
 * <li>{@code TAX} credit: the tax;</li>
 * <li>{@code GIFT_CARD_LIABILITY} credit: gift cards sold on the receipts less those redeemed as a tender;</li>
 * <li>{@code POINTS_LIABILITY} credit: the points earned at the point value less the points tender;</li>
 * <li>{@code ROUNDING}: what the POS's own figures leave between the tenders and the tickets' net and tax (a total
 * rounded to cash, a tender the layout did not split), so the journal balances — absent when they agree.</li>
 * </ul>
 * An amount that comes out negative is written on the other side. Every journal balances: Σ debit = Σ credit.
 */
final class JournalLines {

    static final String REVENUE = "REVENUE";
    static final String TAX = "TAX";
    static final String TENDER = "TENDER_";
    static final String GIFT_CARD_LIABILITY = "GIFT_CARD_LIABILITY";
    static final String POINTS_LIABILITY = "POINTS_LIABILITY";
    static final String ROUNDING = "ROUNDING";

    private JournalLines() {
    }

    /** One account's line: a debit or a credit, the other zero; amounts at the currency's decimals. */
    record Line(String account, BigDecimal debit, BigDecimal credit) {

        /** Debit less credit. */
        BigDecimal net() {
            return debit.subtract(credit);
        }

        /** The line that undoes this one. */
        Line reversed() {
            return new Line(account, credit, debit);
        }
    }

    /** The store-day's journal; {@code mapping} null for the defaults (2 decimals, 0.01 a point, the default tenders). */
    static List<Line> of(SalesOfTheDay.DayFigures day, Mapping mapping) {
        int digits = mapping == null ? 2 : mapping.currencyDigits();
        Set<String> cards = mapping == null ? Mapping.DEFAULT_GIFT_CARD_TENDERS : mapping.giftCardTenders();
        Set<String> points = mapping == null ? Mapping.DEFAULT_POINTS_TENDERS : mapping.pointsTenders();
        BigDecimal pointValue = mapping == null ? Mapping.DEFAULT_POINT_VALUE : mapping.pointValue();
        BigDecimal earned = BigDecimal.valueOf(day.pointsEarned()).multiply(pointValue).setScale(digits, RoundingMode.HALF_EVEN);
        BigDecimal cardsRedeemed = BigDecimal.ZERO;
        BigDecimal pointsRedeemed = BigDecimal.ZERO;
        // debit positive, credit negative, per account, in the order written
        Map<String, BigDecimal> net = new LinkedHashMap<>();
        for (Map.Entry<String, BigDecimal> tender : day.tenders().entrySet()) {
            if (cards.contains(tender.getKey())) {
                cardsRedeemed = cardsRedeemed.add(tender.getValue());
            } else if (points.contains(tender.getKey())) {
                pointsRedeemed = pointsRedeemed.add(tender.getValue());
            } else {
                net.merge(TENDER + tender.getKey(), tender.getValue(), BigDecimal::add);
            }
        }
        net.merge(REVENUE, day.goodsNet().subtract(earned).negate(), BigDecimal::add);
        net.merge(TAX, day.tax().negate(), BigDecimal::add);
        net.merge(GIFT_CARD_LIABILITY, day.giftCardsSold().subtract(cardsRedeemed).negate(), BigDecimal::add);
        net.merge(POINTS_LIABILITY, earned.subtract(pointsRedeemed).negate(), BigDecimal::add);
        net.replaceAll((account, amount) -> amount.setScale(digits, RoundingMode.HALF_EVEN));
        BigDecimal off = net.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        net.merge(ROUNDING, off.negate(), BigDecimal::add);
        BigDecimal zero = BigDecimal.ZERO.setScale(digits);
        List<Line> lines = new ArrayList<>();
        net.forEach((account, amount) -> {
            if (amount.signum() != 0) {
                lines.add(amount.signum() > 0 ? new Line(account, amount, zero) : new Line(account, zero, amount.negate()));
            }
        });
        return lines;
    }

    /** Σ debit − Σ credit per account over these lines (zero sums left out): what versions add up to. */
    static Map<String, BigDecimal> sum(List<Line> lines) {
        Map<String, BigDecimal> sums = new java.util.TreeMap<>();
        lines.forEach(l -> sums.merge(l.account(), l.net(), BigDecimal::add));
        sums.values().removeIf(v -> v.signum() == 0);
        sums.replaceAll((k, v) -> v.stripTrailingZeros());
        return sums;
    }
}
