package io.poshub.csv;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.springframework.modulith.NamedInterface;

/**
 * How a layout writes money and quantities: decimal separator, thousands separators, currency symbols,
 * a minus sign or parentheses for negatives, and whole minor units (cents) instead of decimals.
 * {@code 1 234,50}, {@code -12,00}, {@code -$5.00}, {@code ($5.00)}, {@code 11500} (minor units) all read.
 */
@NamedInterface("api")
public record AmountFormat(char decimalSeparator, Set<Character> thousandsSeparators, List<String> currencySymbols,
                           boolean parenthesesNegative, int minorUnitDigits) {

    /** 1234.50 or -1234.50, nothing else. */
    public static final AmountFormat PLAIN = new AmountFormat('.', Set.of(), List.of(), false, 0);

    /** Parses a value; null when blank. @throws IllegalArgumentException when it is not an amount */
    public BigDecimal parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.strip();
        boolean negative = false;
        if (parenthesesNegative && s.startsWith("(") && s.endsWith(")")) {
            negative = true;
            s = s.substring(1, s.length() - 1).strip();
        }
        if (s.startsWith("-")) {
            negative = !negative;
            s = s.substring(1).strip();
        } else if (s.startsWith("+")) {
            s = s.substring(1).strip();
        }
        for (String symbol : currencySymbols) {
            if (s.startsWith(symbol)) {
                s = s.substring(symbol.length()).strip();
            } else if (s.endsWith(symbol)) {
                s = s.substring(0, s.length() - symbol.length()).strip();
            }
        }
        if (s.startsWith("-")) {
            negative = !negative;
            s = s.substring(1).strip();
        }
        StringBuilder digits = new StringBuilder(s.length());
        boolean decimalSeen = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == decimalSeparator && !decimalSeen && minorUnitDigits == 0) {
                digits.append('.');
                decimalSeen = true;
            } else if (thousandsSeparators.contains(c) && !decimalSeen) {
                continue;
            } else {
                throw new IllegalArgumentException("'" + text + "' is not an amount");
            }
        }
        if (digits.isEmpty() || digits.charAt(0) == '.' && digits.length() == 1) {
            throw new IllegalArgumentException("'" + text + "' is not an amount");
        }
        BigDecimal value = new BigDecimal(digits.toString());
        if (minorUnitDigits > 0) {
            value = value.movePointLeft(minorUnitDigits);
        }
        return negative ? value.negate() : value;
    }
}
