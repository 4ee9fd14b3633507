package io.poshub.ingest;

import java.math.BigDecimal;

/**
 * A feed's {@code maxRejects}: how many rejected rows a file may have and still be booked — a count ({@code 20}) or a
 * share of its rows ({@code 2.5%}). A file over it fails whole, nothing of it booked, as Spring Batch's skip limit
 * fails a step: a broken export never books half a day.
 */
record RejectLimit(Integer count, BigDecimal percent) {

    /**
     * @return the limit, or null when none is set
     * @throws IllegalArgumentException naming what is wrong
     */
    static RejectLimit parse(Object given) {
        if (given == null || String.valueOf(given).isBlank()) {
            return null;
        }
        String text = String.valueOf(given).trim();
        try {
            if (text.endsWith("%")) {
                BigDecimal percent = new BigDecimal(text.substring(0, text.length() - 1).trim());
                if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
                    throw new NumberFormatException();
                }
                return new RejectLimit(null, percent);
            }
            int count = Integer.parseInt(text);
            if (count < 0) {
                throw new NumberFormatException();
            }
            return new RejectLimit(count, null);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("maxRejects '" + text + "' is a count (20) or a share of the rows (2.5%), 0 or more");
        }
    }

    /** Whether a file of {@code rows} rows, {@code rejected} of them rejected, is over the limit. */
    boolean exceededBy(int rejected, int rows) {
        if (count != null) {
            return rejected > count;
        }
        return rows > 0 && BigDecimal.valueOf(rejected).multiply(BigDecimal.valueOf(100)).compareTo(percent.multiply(BigDecimal.valueOf(rows))) > 0;
    }

    @Override
    public String toString() {
        return count != null ? String.valueOf(count) : percent.stripTrailingZeros().toPlainString() + "%";
    }
}
