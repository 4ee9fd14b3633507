package io.poshub.csv;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.camel.dataformat.bindy.Format;
import org.apache.camel.dataformat.bindy.FormattingOptions;
import org.apache.camel.dataformat.bindy.format.factories.DefaultFactoryRegistry;
import org.apache.camel.dataformat.bindy.format.factories.FactoryRegistry;
import org.apache.camel.dataformat.bindy.format.factories.FormatFactoryInterface;

/**
 * Bindy's formats, built once per field setting instead of once per field of every record: Bindy asks its registry
 * for a factory and has it build a new {@link Format} (for a number a new {@code DecimalFormat}, pattern parsed again)
 * for each value it converts — 39 % of the parsing thread's time on a 1 000 000-line file. The conversion is Bindy's
 * own; only the building is remembered. Formats are not thread-safe, so each thread has its own.
 */
final class CachedFormats implements FactoryRegistry {

    /** Everything of {@link FormattingOptions} a format is built from. */
    private record Key(Class<?> clazz, String pattern, Locale locale, String timezone, int precision, String rounding,
                       boolean impliedDecimalSeparator, String decimalSeparator, String groupingSeparator) {

        static Key of(FormattingOptions o) {
            return new Key(o.getClazz(), o.getPattern(), o.getLocale(), o.getTimezone(), o.getPrecision(), o.getRounding(),
                    o.isImpliedDecimalSeparator(), o.getDecimalSeparator(), o.getGroupingSeparator());
        }

        /** The same as {@code equals(of(o))}, without making a key for every value converted. */
        boolean matches(FormattingOptions o) {
            return clazz == o.getClazz() && precision == o.getPrecision() && impliedDecimalSeparator == o.isImpliedDecimalSeparator()
                    && Objects.equals(pattern, o.getPattern()) && Objects.equals(locale, o.getLocale())
                    && Objects.equals(timezone, o.getTimezone()) && Objects.equals(rounding, o.getRounding())
                    && Objects.equals(decimalSeparator, o.getDecimalSeparator())
                    && Objects.equals(groupingSeparator, o.getGroupingSeparator());
        }
    }

    /** Immutable values, which a format may give again for the same text. */
    private static final Set<Class<?>> TIMES = Set.of(LocalDate.class, LocalDateTime.class, LocalTime.class);

    /** How a text becomes a value: Bindy's format's own parse, or the same with its formatter built once. */
    private interface Parse<T> {
        T parse(String text) throws Exception;
    }

    /**
     * Bindy's date and time formats build their {@code DateTimeFormatter} again for every value (pattern parsed, then the
     * text): here it is built once, as Bindy builds it ({@link #times}). A file's dates also repeat line after line (the
     * business day on every line, a ticket's time on each of its lines), so the value read last is given again for the
     * same text.
     */
    private static final class LastParsed<T> implements Format<T> {
        private final Format<T> bindy;
        private final Parse<T> parse;
        private String lastText;
        private T lastValue;

        LastParsed(Format<T> bindy, Parse<T> parse) {
            this.bindy = bindy;
            this.parse = parse;
        }

        @Override
        public String format(T object) throws Exception {
            return bindy.format(object);
        }

        @Override
        public T parse(String text) throws Exception {
            if (!text.equals(lastText)) {
                lastValue = parse.parse(text);
                lastText = text;
            }
            return lastValue;
        }
    }

    /**
     * A date or time format reading as Bindy's pattern formats do — {@code DateTimeFormatter.ofPattern(pattern, locale)}
     * (without a locale, the default one), for a time or a date-time {@code withZone} of the field's time zone (none: the
     * system's), then {@code LocalDate/LocalTime/LocalDateTime.parse(text, formatter)} — with the formatter made once.
     * Settings that formatter cannot be made from (no pattern, a pattern it refuses) are left to Bindy's format per value.
     */
    @SuppressWarnings("unchecked")
    private static <T> LastParsed<T> times(Format<T> bindy, FormattingOptions o) {
        DateTimeFormatter once = formatter(o);
        if (once == null) {
            return new LastParsed<>(bindy, bindy::parse);
        }
        Parse<?> parse = o.getClazz() == LocalDate.class ? text -> LocalDate.parse(text, once)
                : o.getClazz() == LocalTime.class ? text -> LocalTime.parse(text, once)
                : text -> LocalDateTime.parse(text, once);
        return new LastParsed<>(bindy, (Parse<T>) parse);
    }

    /** The formatter Bindy's pattern format makes per value, made once; null when it cannot be made from these settings. */
    private static DateTimeFormatter formatter(FormattingOptions o) {
        boolean date = o.getClazz() == LocalDate.class;
        String pattern = o.getPattern();
        if (pattern == null || pattern.isEmpty() || (!date && o.getTimezone() == null)) {
            return null;
        }
        try {
            DateTimeFormatter formatter = o.getLocale() != null ? DateTimeFormatter.ofPattern(pattern, o.getLocale())
                    : DateTimeFormatter.ofPattern(pattern);
            return date ? formatter : formatter.withZone(o.getTimezone().isEmpty() ? ZoneId.systemDefault() : ZoneId.of(o.getTimezone()));
        } catch (RuntimeException refused) {
            return null;
        }
    }

    /**
     * Bindy's decimal format reads {@code new BigDecimal(text.trim())}, then sets the field's precision (refusing a value
     * that would round; no precision is 0): its text is copied to a char array and read digit by digit into a new number each time. An amount
     * as tills write them — a sign, at most 18 digits, a dot — is read here into the same number (value and scale) at
     * once; anything else is Bindy's to read, or to refuse.
     */
    static final class PlainDecimal implements Format<BigDecimal> {
        private final Format<BigDecimal> bindy;
        private final int precision;

        PlainDecimal(Format<BigDecimal> bindy, int precision) {
            this.bindy = bindy;
            // As Bindy's number formats keep it: a precision below 0 is 0.
            this.precision = Math.max(precision, 0);
        }

        @Override
        public String format(BigDecimal object) throws Exception {
            return bindy.format(object);
        }

        @Override
        public BigDecimal parse(String text) throws Exception {
            int start = 0;
            int end = text.length();
            while (start < end && text.charAt(start) <= ' ') {
                start++;
            }
            while (end > start && text.charAt(end - 1) <= ' ') {
                end--;
            }
            boolean negative = false;
            if (start < end && (text.charAt(start) == '-' || text.charAt(start) == '+')) {
                negative = text.charAt(start) == '-';
                start++;
            }
            long unscaled = 0;
            int digits = 0;
            int scale = -1;
            for (int i = start; i < end; i++) {
                char c = text.charAt(i);
                if (c >= '0' && c <= '9') {
                    if (++digits > 18) {
                        return bindy.parse(text);
                    }
                    unscaled = unscaled * 10 + (c - '0');
                    if (scale >= 0) {
                        scale++;
                    }
                } else if (c == '.' && scale < 0) {
                    scale = 0;
                } else {
                    return bindy.parse(text);
                }
            }
            if (digits == 0) {
                return bindy.parse(text);
            }
            BigDecimal value = BigDecimal.valueOf(negative ? -unscaled : unscaled, Math.max(scale, 0));
            return value.setScale(precision);
        }
    }

    /** A format built for one setting. */
    private record Entry(Key key, FormatFactoryInterface factory) {
    }

    /** A factory that gives the one format it was made with. */
    private record Built(Format<?> format, FormatFactoryInterface from) implements FormatFactoryInterface {
        @Override
        public Collection<Class<?>> supportedClasses() {
            return from.supportedClasses();
        }

        @Override
        public boolean canBuild(FormattingOptions options) {
            return from.canBuild(options);
        }

        @Override
        public Format<?> build(FormattingOptions options) {
            return format;
        }
    }

    private final FactoryRegistry bindy = new DefaultFactoryRegistry();
    /** A model has a handful of settings: looked through in order, nothing made per value. */
    private final ThreadLocal<List<Entry>> built = ThreadLocal.withInitial(ArrayList::new);

    @Override
    @SuppressWarnings("unchecked")
    public FormatFactoryInterface findForFormattingOptions(FormattingOptions options) {
        List<Entry> formats = built.get();
        for (Entry entry : formats) {
            if (entry.key().matches(options)) {
                return entry.factory();
            }
        }
        FormatFactoryInterface factory = bindy.findForFormattingOptions(options);
        Format<?> format = factory.build(options);
        if (TIMES.contains(options.getClazz())) {
            format = times(format, options);
        } else if (options.getClazz() == BigDecimal.class && (options.getPattern() == null || options.getPattern().isEmpty())
                && !options.isImpliedDecimalSeparator()) {
            format = new PlainDecimal((Format<BigDecimal>) format, options.getPrecision());
        }
        Entry entry = new Entry(Key.of(options), new Built(format, factory));
        formats.add(entry);
        return entry.factory();
    }

    /** Bindy's own factories only: one registered later would not reach the formats other threads built already. */
    @Override
    public FactoryRegistry register(FormatFactoryInterface... factories) {
        throw new UnsupportedOperationException("poshub's Bindy formats are Bindy's defaults");
    }

    @Override
    public FactoryRegistry unregister(Class<? extends FormatFactoryInterface> factory) {
        throw new UnsupportedOperationException("poshub's Bindy formats are Bindy's defaults");
    }
}
