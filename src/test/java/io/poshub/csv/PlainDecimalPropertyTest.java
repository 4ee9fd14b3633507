package io.poshub.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.camel.dataformat.bindy.Format;
import org.apache.camel.dataformat.bindy.FormattingOptions;
import org.apache.camel.dataformat.bindy.format.factories.DefaultFactoryRegistry;

/**
 * {@link CachedFormats.PlainDecimal} reads an amount as Bindy's own decimal format does — the same number, value and scale,
 * or a refusal where Bindy refuses — for text made of what amounts are made of: signs, digits (up to past 18), dots,
 * blanks, and a stray letter or comma.
 */
class PlainDecimalPropertyTest {

    @Provide
    Arbitrary<String> amounts() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMaxLength(20);
        Arbitrary<String> wellFormed = Combinators.combine(Arbitraries.of("", "-", "+", " ", " -"), digits,
                Arbitraries.of("", "."), digits.map(d -> d.length() > 6 ? d.substring(0, 6) : d), Arbitraries.of("", " ", "\t"))
                .as((sign, whole, dot, decimals, blank) -> sign + whole + dot + decimals + blank);
        Arbitrary<String> anything = Arbitraries.strings().withChars("0123456789.-+ ,x\t").ofMaxLength(24);
        return Arbitraries.oneOf(wellFormed, anything)
                .edgeCases(config -> config.add("-0.00").add("+1.").add(".5").add("999999999999999999").add("1999999999999999999"));
    }

    @Property(tries = 5000)
    void readAsBindyReadsIt(@ForAll("amounts") String text, @ForAll @IntRange(min = -1, max = 4) int precision) {
        FormattingOptions options = new FormattingOptions().forClazz(BigDecimal.class).withPattern("").withLocale(null)
                .withPrecision(precision).withRounding("HALF_EVEN");
        @SuppressWarnings("unchecked")
        Format<BigDecimal> bindy = (Format<BigDecimal>) new DefaultFactoryRegistry().findForFormattingOptions(options).build(options);
        Object expected = parsed(bindy, text);
        Object actual = parsed(new CachedFormats.PlainDecimal(bindy, precision), text);
        if (expected instanceof BigDecimal number) {
            assertThat(actual).as("'%s' at precision %d", text, precision).isInstanceOf(BigDecimal.class);
            assertThat(((BigDecimal) actual).scale()).as("scale of '%s'", text).isEqualTo(number.scale());
            assertThat(actual).as("'%s'", text).isEqualTo(number);
        } else {
            assertThat(actual).as("'%s' at precision %d: refused as Bindy refuses it", text, precision).isEqualTo(expected);
        }
    }

    /** The number read, or the kind of refusal. */
    private static Object parsed(Format<BigDecimal> format, String text) {
        try {
            return format.parse(text);
        } catch (Exception e) {
            return e.getClass();
        }
    }
}
