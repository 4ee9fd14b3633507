package io.poshub.format;

import io.poshub.csv.BindyBinder;
import io.poshub.csv.ByteSource;
import io.poshub.csv.CsvLimits;
import io.poshub.mapping.Mapping;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.util.List;
import java.util.function.Function;
import org.apache.camel.CamelContext;

/**
 * What the built-in layouts share: a name, and Bindy models that say their columns. A CSV layout with a fixed
 * header is {@link #readCsv}: its header is the model's column names, its separator the model's.
 */
public abstract class BindyFormat implements PosFormat {

    private final String name;
    private final CamelContext camelContext;
    private final CsvLimits limits;

    protected BindyFormat(String name, CamelContext camelContext, CsvLimits limits) {
        this.name = name;
        this.camelContext = camelContext;
        this.limits = limits;
    }

    @Override
    public String name() {
        return name;
    }

    protected <T> BindyBinder<T> binder(Class<T> model) {
        return new BindyBinder<>(camelContext, model);
    }

    /**
     * Reads a CSV file whose header must be the model's columns — followed by any the mapping names ({@link NamedColumns})
     * — binding each row to the model and then to a row of the hub; {@code identityColumns} (0-based) name the ticket a
     * row belongs to; {@code amount} reads a named discount column as the layout writes amounts.
     */
    protected <T> RowReader readCsv(ByteSource content, Charset charset, Class<T> model, int[] identityColumns, Mapping mapping,
                                    Function<T, PosRow> toRow, Function<String, BigDecimal> amount) {
        BindyBinder<T> binder = binder(model);
        char separator = BindyBinder.separator(model);
        List<String> own = binder.columns();
        return CsvRows.open(content, charset, separator, '"', true, found -> {
            CsvRows.Spec exact = CsvRows.layoutHeader(own, NamedColumns.named(mapping), separator, identityColumns, null).spec(found);
            NamedColumns named = NamedColumns.in(found, mapping);
            return new CsvRows.Spec(exact.fieldCount(), identityColumns, exact.prepare(), (fields, lineNo) ->
                    named.apply(toRow.apply(binder.bind(fields.subList(0, own.size()), lineNo)), fields, amount));
        }, limits);
    }
}
