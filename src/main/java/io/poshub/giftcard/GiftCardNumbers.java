package io.poshub.giftcard;

import io.poshub.common.InvalidField;

/**
 * Gift card numbers (contract §12): 8–19 digits, the last a Luhn check digit unless the configuration says
 * {@code none}.
 */
final class GiftCardNumbers {

    private GiftCardNumbers() {
    }

    /**
     * The number as given, without spaces.
     *
     * @throws IllegalArgumentException naming what is wrong with it
     */
    static String check(String raw, GiftCardProperties.CheckDigit checkDigit) {
        String number = raw == null ? "" : raw.replace(" ", "");
        if (!number.matches("\\d{8,19}")) {
            throw new InvalidField("number", "a gift card number is 8 to 19 digits, not '" + raw + "'");
        }
        if (checkDigit == GiftCardProperties.CheckDigit.LUHN && !luhnValid(number)) {
            throw new InvalidField("number", "gift card number ****" + number.substring(number.length() - 4)
                    + " has a wrong check digit (Luhn)");
        }
        return number;
    }

    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /** The Luhn check digit for a number without it. */
    static char luhnDigit(String payload) {
        for (char d = '0'; d <= '9'; d++) {
            if (luhnValid(payload + d)) {
                return d;
            }
        }
        throw new IllegalStateException("no Luhn digit for " + payload);
    }
}
