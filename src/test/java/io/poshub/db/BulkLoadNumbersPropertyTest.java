package io.poshub.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The bulk load writes a number as {@link BigDecimal#toPlainString()} does, whatever its sign, size and scale. */
class BulkLoadNumbersPropertyTest {

    @Property(tries = 2000)
    void aNumberIsWrittenAsItsPlainString(@ForAll @LongRange(min = -999_999_999_999_999_999L, max = 999_999_999_999_999_999L) long unscaled,
                                          @ForAll @IntRange(min = -3, max = 12) int scale, @ForAll @IntRange(min = 0, max = 19) int digits) {
        // From a few digits to past what a long holds, so both roads are taken.
        BigInteger value = BigInteger.valueOf(unscaled).divide(BigInteger.TEN.pow(18 - Math.min(digits, 18)))
                .multiply(digits > 18 ? BigInteger.TEN.pow(3) : BigInteger.ONE);
        BigDecimal number = new BigDecimal(value, scale);
        StringBuilder out = new StringBuilder("x");
        BulkLoad.plainNumber(out, number);
        assertThat(out.toString()).as("%s (unscaled %s, scale %d)", number, value, scale).isEqualTo("x" + number.toPlainString());
    }
}
