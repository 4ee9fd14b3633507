package io.poshub.csv;

import io.poshub.common.Causes;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.dataformat.bindy.BindyAbstractFactory;
import org.apache.camel.dataformat.bindy.BindyCsvFactory;
import org.apache.camel.dataformat.bindy.Format;
import org.apache.camel.dataformat.bindy.FormatFactory;
import org.apache.camel.dataformat.bindy.annotation.BindyConverter;
import org.apache.camel.dataformat.bindy.annotation.CsvRecord;
import org.apache.camel.dataformat.bindy.annotation.DataField;
import org.apache.camel.dataformat.bindy.annotation.Link;
import org.apache.camel.dataformat.bindy.csv.BindyCsvDataFormat;
import org.apache.camel.dataformat.bindy.util.ConverterUtils;
import org.springframework.modulith.NamedInterface;

/**
 * Binds the fields of one CSV record onto a Bindy model object. The fields come already split by
 * {@link CsvRecordReader} (quotes and line breaks handled); Bindy does what it is good at: typed
 * conversion, patterns and mandatory fields from the model's annotations.
 */
@NamedInterface("api")
public final class BindyBinder<T> {

    private static final Pattern POSITION = Pattern.compile("position:? ?(\\d+)");

    private final CamelContext camelContext;
    private final Class<T> type;
    private final BindyCsvFactory factory;
    private final List<String> columns;
    private final List<DateField> dates;
    private final List<Integer> numbers;
    private final Map<Integer, Field> fieldsByPos = new HashMap<>();
    /** Per date field, the last text that read back as itself: a file repeats its dates line after line. */
    private final String[] datesRead;
    private final FormatFactory formats;
    /** The model's no-argument constructor, looked up once. */
    private final Constructor<T> constructor;
    /** Every field of the model is one {@link #direct} can set (see {@link #direct(Class)}); else Bindy binds all. */
    private final boolean direct;
    /** Bindy's formats keep state (not thread-safe): each thread has its own columns. */
    private final ThreadLocal<Plan> plan = ThreadLocal.withInitial(() -> new Plan(plan()));

    /** A field poshub refuses on top of what Bindy checks; its message is already the whole reason. */
    private static final class FieldRefused extends IllegalArgumentException {
        FieldRefused(String message) {
            super(message);
        }
    }

    /** A date or time field of the model with its pattern: what Bindy read must be the very text in the file. */
    private record DateField(Field field, int pos, DateTimeFormatter pattern) {
    }

    /** A model field as {@link #direct} sets it: Bindy's own format for its settings, asked for once. */
    private record Column(Field field, boolean trim, boolean required, String defaultValue, Object empty, Format<?> format) {
    }

    /**
     * The columns, and per column the text bound last and its value: a ticket's values repeat on each of its lines as the
     * very same string ({@link CsvRecordReader}), and the value read from it (text, number, date: all immutable) is given
     * again without reading it again.
     */
    private record Plan(Column[] columns, String[] lastData, Object[] lastValue) {
        Plan(Column[] columns) {
            this(columns, new String[columns.length], new Object[columns.length]);
        }
    }

    public BindyBinder(CamelContext camelContext, Class<T> type) {
        this.camelContext = camelContext;
        this.type = type;
        this.columns = columns(type);
        this.dates = new ArrayList<>();
        this.numbers = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            DataField data = field.getAnnotation(DataField.class);
            if (data != null) {
                fieldsByPos.put(data.pos(), field);
            }
            if (data != null && !data.pattern().isEmpty() && Temporal.class.isAssignableFrom(field.getType())) {
                field.setAccessible(true);
                dates.add(new DateField(field, data.pos(), DateTimeFormatter.ofPattern(data.pattern())));
            } else if (data != null && field.getType() == BigDecimal.class) {
                numbers.add(data.pos());
            }
        }
        this.datesRead = new String[dates.size()];
        BindyCsvDataFormat dataFormat = new BindyCsvDataFormat(type);
        dataFormat.setCamelContext(camelContext);
        try {
            this.factory = (BindyCsvFactory) dataFormat.getFactory();
            this.formats = new FormatFactory();
            formats.setFactoryRegistry(new CachedFormats());
            this.factory.setFormatFactory(formats);
            plainDataFields(this.factory);
            this.direct = direct(type);
            this.constructor = type.getDeclaredConstructor();
        } catch (Exception e) {
            throw new IllegalStateException("Bindy model " + type.getName() + " is not usable: " + e.getMessage(), e);
        }
    }

    /** Bindy keeps each field's {@code @DataField} to read its settings per value: given as {@link PlainDataField}s. */
    @SuppressWarnings("unchecked")
    private static void plainDataFields(BindyCsvFactory factory) throws ReflectiveOperationException {
        Field held = BindyCsvFactory.class.getDeclaredField("dataFields");
        held.setAccessible(true);
        ((Map<Integer, DataField>) held.get(factory)).replaceAll((pos, data) -> PlainDataField.of(data));
    }

    /** The model's column names in field order ({@code @DataField(columnName)}): a layout's header, said once. */
    public static List<String> columns(Class<?> type) {
        return Arrays.stream(type.getDeclaredFields()).filter(f -> f.isAnnotationPresent(DataField.class))
                .map(f -> f.getAnnotation(DataField.class))
                .sorted(Comparator.comparingInt(DataField::pos))
                .map(d -> d.columnName().isEmpty() ? "column " + d.pos() : d.columnName())
                .toList();
    }

    /** The model's field separator ({@code @CsvRecord(separator)}), as the one character it is. */
    public static char separator(Class<?> type) {
        String separator = type.getAnnotation(CsvRecord.class).separator();
        return separator.startsWith("\\") ? separator.charAt(1) : separator.charAt(0);
    }

    /** The column names, in field order. */
    public List<String> columns() {
        return columns;
    }

    /**
     * @throws IllegalArgumentException with Bindy's reason when a field does not fit the model
     */
    public T bind(List<String> fields, int lineNo) {
        try {
            checkNumbers(fields);
            T bound = direct ? direct(fields) : null;
            if (bound == null) {
                bound = bindy(fields, lineNo);
            }
            checkDates(bound, fields);
            return bound;
        } catch (FieldRefused e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException(reason(e, fields), e);
        }
    }

    /** The record as Bindy binds it: the reference {@link #direct} follows, and the reasons of a field that fails. */
    T bindy(List<String> fields, int lineNo) throws Exception {
        Map<String, Object> model = factory.factory();
        factory.bind(camelContext, fields, model, lineNo);
        return type.cast(model.get(type.getName()));
    }

    /**
     * The record bound as Bindy binds it — each field trimmed when its {@code @DataField} says so, an empty one given its
     * default (Bindy's: "" for text), the rest parsed by Bindy's own format for the field — without Bindy's per-value
     * set-up (its formatting options and format look-up for every field of every record: 7 % of the hub's samples and of
     * its allocation on a big file). Null for a record this does not bind: a field count that is not the model's, a
     * required field empty, a value Bindy's format refuses — Bindy then binds it and gives its reason.
     */
    T direct(List<String> fields) {
        Plan current = plan.get();
        Column[] columns = current.columns();
        if (fields.size() != columns.length) {
            return null;
        }
        try {
            T bound = constructor.newInstance();
            for (int i = 0; i < columns.length; i++) {
                Column column = columns[i];
                String data = column.trim() ? fields.get(i).trim() : fields.get(i);
                Object value;
                if (data == current.lastData()[i]) {
                    value = current.lastValue()[i];
                } else if (data.isEmpty()) {
                    if (column.required()) {
                        return null;
                    }
                    value = column.defaultValue().isEmpty() ? column.empty() : column.format().parse(column.defaultValue());
                } else {
                    value = column.format().parse(data);
                    current.lastData()[i] = data;
                    current.lastValue()[i] = value;
                }
                column.field().set(bound, value);
            }
            return bound;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * A model {@link #direct} binds: one class whose fields sit at positions 1…n, none of a primitive type, with a
     * {@code method} or a converter of its own, no linked classes, and no quote handling of Bindy's.
     */
    private static boolean direct(Class<?> type) {
        CsvRecord record = type.getAnnotation(CsvRecord.class);
        // Bindy rewrites a doubled quote in a field when the quote is '"' (the layouts here read no quotes: '\0').
        if (record == null || record.quoting() || record.skipField() || "\"".equals(record.quote())) {
            return false;
        }
        int count = 0;
        int maxPos = 0;
        for (Field field : type.getDeclaredFields()) {
            if (field.isAnnotationPresent(Link.class)) {
                return false;
            }
            DataField data = field.getAnnotation(DataField.class);
            if (data == null) {
                continue;
            }
            if (field.getType().isPrimitive() || !data.method().isEmpty() || field.isAnnotationPresent(BindyConverter.class)) {
                return false;
            }
            count++;
            maxPos = Math.max(maxPos, data.pos());
        }
        return count > 0 && count == maxPos;
    }

    private Column[] plan() {
        Column[] columns = new Column[this.columns.size()];
        try {
            for (Map.Entry<Integer, Field> entry : fieldsByPos.entrySet()) {
                Field field = entry.getValue();
                field.setAccessible(true);
                DataField data = PlainDataField.of(field.getAnnotation(DataField.class));
                Format<?> format = formats.getFormat(ConverterUtils.convert(data, field.getType(), null, factory.getLocale()));
                columns[entry.getKey() - 1] = new Column(field, data.trim(), data.required(), data.defaultValue(),
                        BindyAbstractFactory.getDefaultValueForPrimitive(field.getType(), factory.isDefaultValueStringAsNull()), format);
            }
        } catch (Exception e) {
            throw new IllegalStateException("Bindy model " + type.getName() + ": no format for a field: " + e.getMessage(), e);
        }
        return columns;
    }

    /** Java reads "2e1" as 20: a POS amount written in exponent notation is not one a till wrote; refused. */
    private void checkNumbers(List<String> fields) {
        for (int pos : numbers) {
            String raw = pos <= fields.size() ? fields.get(pos - 1) : "";
            if (raw.indexOf('e') >= 0 || raw.indexOf('E') >= 0) {
                throw new FieldRefused(column(pos) + " (column " + pos + ") '" + raw.trim() + "' is not a plain number");
            }
        }
    }

    private String column(int pos) {
        return pos <= columns.size() ? columns.get(pos - 1) : "column " + pos;
    }

    /**
     * Java's date parsing quietly moves an impossible date to a possible one (2026-02-30 becomes 2026-02-28):
     * a date that does not read back as the text in the file is refused instead.
     */
    private void checkDates(T bound, List<String> fields) throws IllegalAccessException {
        for (int i = 0; i < dates.size(); i++) {
            DateField date = dates.get(i);
            String raw = date.pos() <= fields.size() ? fields.get(date.pos() - 1).trim() : "";
            if (raw.equals(datesRead[i])) {
                continue;
            }
            Object value = date.field().get(bound);
            if (value != null && !date.pattern().format((TemporalAccessor) value).equals(raw)) {
                throw new FieldRefused(column(date.pos()) + " (column " + date.pos() + ") '" + raw + "' is not a real date or time");
            }
            datesRead[i] = raw;
        }
    }

    private static boolean isNumber(String value) {
        try {
            new BigDecimal(value.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Bindy names a bad field by position only; say which column, what it held and why it did not fit. */
    private String reason(Exception e, List<String> fields) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Matcher position = POSITION.matcher(message);
        if (!position.find()) {
            return message;
        }
        int pos = Integer.parseInt(position.group(1));
        String column = pos >= 1 ? column(pos) : "column " + pos;
        String value = pos >= 1 && pos <= fields.size() ? fields.get(pos - 1) : "";
        Throwable root = Causes.root(e);
        String why = root == e || root.getMessage() == null ? message : root.getMessage();
        if (message.contains("mandatory field")) {
            return column + " (column " + pos + ") is required but empty";
        }
        Field field = fieldsByPos.get(pos);
        if (field != null && Number.class.isAssignableFrom(field.getType())) {
            boolean whole = field.getType() == Integer.class || field.getType() == Long.class;
            return column + " (column " + pos + ") '" + value.trim() + "' " + (!isNumber(value) ? "is not a number"
                    : whole ? "is not a whole number"
                    : "has more than " + field.getAnnotation(DataField.class).precision() + " decimals");
        }
        if (field != null && Temporal.class.isAssignableFrom(field.getType()) && !field.getAnnotation(DataField.class).pattern().isEmpty()) {
            return column + " (column " + pos + ") '" + value.trim() + "' is not a date or time written "
                    + field.getAnnotation(DataField.class).pattern();
        }
        return column + " (column " + pos + ") '" + value + "' cannot be read: " + why;
    }
}
