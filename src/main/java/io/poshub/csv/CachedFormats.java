package io.poshub.csv;

import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
    private final ThreadLocal<Map<Key, FormatFactoryInterface>> built = ThreadLocal.withInitial(HashMap::new);

    @Override
    public FormatFactoryInterface findForFormattingOptions(FormattingOptions options) {
        return built.get().computeIfAbsent(Key.of(options), key -> {
            FormatFactoryInterface factory = bindy.findForFormattingOptions(options);
            return new Built(factory.build(options), factory);
        });
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
