package io.poshub.sale;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.format.PosRow;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The numbers a row may carry into DECIMAL(14,2) and DECIMAL(12,3) columns: within range, and no more decimals than fit. */
class RowLimitsTest {

    @Test
    void anAmountFitsBelowItsLimitEitherSignAndWithTrailingZerosBeyondTheScale() {
        assertThat(RowLimits.violation(row("999999999999.99", "1"))).isNull();
        assertThat(RowLimits.violation(row("-999999999999.99", "1"))).isNull();
        assertThat(RowLimits.violation(row("12.5000", "1.000000"))).as("zeros past the scale change nothing").isNull();
        assertThat(RowLimits.violation(row("1000000000000", "1"))).isEqualTo(
                "the line amount 1000000000000 is out of range (below 1000000000000 only)");
        assertThat(RowLimits.violation(row("-1000000000000.00", "1"))).isEqualTo(
                "the line amount -1000000000000.00 is out of range (below 1000000000000 only)");
        assertThat(RowLimits.violation(row("1E+12", "1"))).isEqualTo(
                "the line amount 1000000000000 is out of range (below 1000000000000 only)");
        assertThat(RowLimits.violation(row("0E+20", "0.00000"))).as("zero fits whatever its scale").isNull();
        assertThat(RowLimits.violation(row("99999999999.999E+1", "1"))).as("written with an exponent, below the limit").isNull();
        assertThat(RowLimits.violation(row("12.505", "1"))).isEqualTo("the line amount 12.505 has more than 2 decimals");
        assertThat(RowLimits.violation(row("1", "-1000000000"))).isEqualTo(
                "the quantity -1000000000 is out of range (below 1000000000 only)");
        assertThat(RowLimits.violation(row("1", "0.0005"))).isEqualTo("the quantity 0.0005 has more than 3 decimals");
    }

    private static PosRow row(String net, String quantity) {
        return new PosRow("001", "1", "1001", LocalDate.of(2026, 11, 2), LocalDateTime.of(2026, 11, 2, 9, 0), PosRow.RowType.SALE,
                null, null, null, null, 1, "SKU-1", "Mug", "HOME", new BigDecimal(quantity), null, new BigDecimal(net), null, null,
                null, "CASH", null, true);
    }
}
