package io.poshub.sale;

import io.poshub.format.PosRow;
import java.math.BigDecimal;

/**
 * What a row must satisfy before it can be stored: the identity present, every text within its column and
 * every number within its DECIMAL — checked here so a value the database would refuse or cut becomes a
 * reject with its reason, never a chunk that fails again and again.
 */
final class RowLimits {

    /** A DECIMAL(precision, scale) column: what fits has at most {@code precision - scale} whole digits and {@code scale} decimals. */
    private record Decimal(int wholeDigits, int scale) {
        static Decimal of(int precision, int scale) {
            return new Decimal(precision - scale, scale);
        }

        String limit() {
            return BigDecimal.ONE.movePointRight(wholeDigits).toPlainString();
        }
    }

    private static final Decimal MONEY = Decimal.of(14, 2);
    private static final Decimal QUANTITY = Decimal.of(12, 3);

    private RowLimits() {
    }

    /** Why the row cannot be stored, or null when it can. */
    static String violation(PosRow r) {
        // A layout without stores or registers gives "" (one store, one register); a ticket it must name.
        if (r.store() == null || r.register() == null) {
            return "the store and the register are required";
        }
        String why = required("ticket", r.ticket());
        if (why != null) {
            return why;
        }
        if (r.businessDate() == null || r.soldAtLocal() == null) {
            return "the business date and the time of sale are required";
        }
        why = length("store", r.store(), 64);
        why = why != null ? why : length("register", r.register(), 64);
        why = why != null ? why : length("ticket", r.ticket(), 64);
        why = why != null ? why : length("original ticket", r.origTicket(), 64);
        why = why != null ? why : length("SKU", r.sku(), 64);
        why = why != null ? why : length("category", r.category(), 64);
        why = why != null ? why : length("tender", r.tender(), 32);
        why = why != null ? why : length("card", r.card(), 64);
        why = why != null ? why : length("customer number", r.externalId(), 64);
        why = why != null ? why : length("email", r.email(), 254);
        why = why != null ? why : length("phone", r.phone(), 20);
        why = why != null ? why : number("quantity", r.quantity(), QUANTITY);
        why = why != null ? why : number("unit price", r.unitPrice(), MONEY);
        why = why != null ? why : number("line amount", r.lineNet(), MONEY);
        why = why != null ? why : number("line tax", r.lineTax(), MONEY);
        why = why != null ? why : number("ticket tax", r.ticketTax(), MONEY);
        return why != null ? why : number("ticket total", r.ticketTotal(), MONEY);
    }

    private static String required(String what, String value) {
        return value == null || value.isBlank() ? "the " + what + " is empty" : null;
    }

    private static String length(String what, String value, int max) {
        return value != null && value.length() > max
                ? "the " + what + " has " + value.length() + " characters, at most " + max + " fit" : null;
    }

    private static String number(String what, BigDecimal value, Decimal column) {
        if (value == null) {
            return null;
        }
        // A number of p digits and scale s lies below 10^(p - s) and, unless zero, at or above 10^(p - s - 1): its whole
        // digits told from the digit count the number keeps, not from comparisons that scale it to the limit's, line after line.
        if (value.signum() != 0 && value.precision() - value.scale() > column.wholeDigits()) {
            return "the " + what + " " + value.toPlainString() + " is out of range (below " + column.limit() + " only)";
        }
        // Only a value written with more decimals can have too many (no new number for the rest, row after row).
        return value.scale() > column.scale() && value.stripTrailingZeros().scale() > column.scale()
                ? "the " + what + " " + value.toPlainString() + " has more than " + column.scale() + " decimals" : null;
    }
}
