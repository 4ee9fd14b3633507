package io.poshub.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.dataformat.bindy.Format;
import org.apache.camel.dataformat.bindy.FormattingOptions;
import org.junit.jupiter.api.Test;

class CachedFormatsTest {

    private final CachedFormats formats = new CachedFormats();

    private Format<?> format(Class<?> type, String pattern) {
        return formats.findForFormattingOptions(new FormattingOptions().forClazz(type).withPattern(pattern).withLocale(null)
                        .withPrecision(2).withRounding("HALF_EVEN"))
                .build(new FormattingOptions());
    }

    @Test
    void oneFormatPerSettingAndThreadConvertingAsBindyDoes() throws Exception {
        Format<?> amount = format(BigDecimal.class, "");
        assertThat(format(BigDecimal.class, "")).isSameAs(amount);
        assertThat(amount.parse("-12.50")).isEqualTo(new BigDecimal("-12.50"));
        Format<?> date = format(LocalDate.class, "yyyyMMdd");
        assertThat(date).isNotSameAs(format(LocalDate.class, "yyyy-MM-dd"));
        assertThat(date.parse("20261102")).isEqualTo(LocalDate.of(2026, 11, 2));
        // A date read again for the same text, another for another text, and the first again after it.
        assertThat(date.parse("20261102")).isEqualTo(LocalDate.of(2026, 11, 2));
        assertThat(date.parse("20261103")).isEqualTo(LocalDate.of(2026, 11, 3));
        assertThat(date.parse("20261102")).isEqualTo(LocalDate.of(2026, 11, 2));
        assertThat(format(BigDecimal.class, "")).as("one precision differs: another format")
                .isNotSameAs(formats.findForFormattingOptions(new FormattingOptions().forClazz(BigDecimal.class).withPattern("")
                        .withLocale(null).withPrecision(3).withRounding("HALF_EVEN")).build(new FormattingOptions()));
        // Formats are not thread-safe: another thread gets its own.
        assertThat(CompletableFuture.supplyAsync(() -> format(BigDecimal.class, "")).get()).isNotSameAs(amount);
    }
}
