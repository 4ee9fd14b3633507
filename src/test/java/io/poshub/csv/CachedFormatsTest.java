package io.poshub.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.dataformat.bindy.format.factories.DefaultFactoryRegistry;
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

    /** A date or time read with the formatter made once reads as Bindy's own format, value or refusal, text after text. */
    @Test
    void datesAndTimesReadAsBindyReadsThem() throws Exception {
        record Setting(Class<?> type, String pattern, String locale, String timezone, List<String> texts) {
        }
        List<String> stamps = List.of("2026-11-02 09:15:00", "2026-02-29 10:00:00", "2024-02-29 23:59:59", "2026-11-02 24:00:00",
                "2026-11-02T09:15:00", "2026-11-02 09:15", "", " 2026-11-02 09:15:00", "2026-13-01 00:00:00");
        for (Setting setting : List.of(
                new Setting(LocalDateTime.class, "yyyy-MM-dd HH:mm:ss", null, "", stamps),
                new Setting(LocalDateTime.class, "yyyy-MM-dd HH:mm:ss", "en", "Europe/Oslo", stamps),
                new Setting(LocalDateTime.class, "dd MMM yyyy HH:mm", "en", "",
                        List.of("02 Nov 2026 09:15", "02 nov 2026 09:15", "31 Nov 2026 09:15", "02 Nov. 2026 09:15")),
                new Setting(LocalDate.class, "yyyyMMdd", null, null, List.of("20261102", "20260230", "2026110", "2026-11-02")),
                new Setting(LocalDate.class, "dd.MM.uuuu", "de", "", List.of("02.11.2026", "31.04.2026", "2.11.2026")),
                new Setting(LocalTime.class, "HH:mm:ss", null, "", List.of("09:15:00", "24:00:00", "9:15:00", "23:59:60")))) {
            FormattingOptions options = new FormattingOptions().forClazz(setting.type()).withPattern(setting.pattern())
                    .withLocale(setting.locale()).withTimezone(setting.timezone());
            Format<?> ours = formats.findForFormattingOptions(options).build(options);
            Format<?> bindys = new DefaultFactoryRegistry().findForFormattingOptions(options).build(options);
            for (String text : setting.texts()) {
                assertThat(outcome(ours, text)).as(setting + ": " + text).isEqualTo(outcome(bindys, text));
            }
        }
    }

    private static String outcome(Format<?> format, String text) {
        try {
            return "read " + format.parse(text);
        } catch (Exception e) {
            return "refused: " + e.getClass().getName() + ": " + e.getMessage();
        }
    }
}
