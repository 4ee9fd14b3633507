package io.poshub.format.generic;

import io.poshub.csv.ByteSource;
import io.poshub.csv.CsvLimits;
import io.poshub.format.CsvRows;
import io.poshub.format.NamedColumns;
import io.poshub.format.PosFormat;
import io.poshub.format.PosRow;
import io.poshub.format.RowReader;
import io.poshub.format.UnreadableFileException;
import io.poshub.mapping.GenericLayout;
import io.poshub.mapping.Mapping;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Any other POS, read as its mapping describes it ({@link GenericLayout}): no Java per POS. The columns are
 * found by header name (or number) when the file is opened; a mapped column missing from the header fails
 * the file with its name.
 */
@Component
class GenericFormat implements PosFormat {

    private final CsvLimits limits;

    GenericFormat(CsvLimits limits) {
        this.limits = limits;
    }

    @Override
    public String name() {
        return "generic";
    }

    @Override
    public RowReader open(ByteSource content, Mapping mapping) {
        GenericLayout layout = mapping.layout();
        return CsvRows.open(content, layout.charset(), layout.separator(), layout.quote(), layout.header(),
                header -> spec(header, layout, mapping), limits);
    }

    private static CsvRows.Spec spec(List<String> header, GenericLayout layout, Mapping mapping) {
        Map<String, Integer> index = new HashMap<>();
        layout.columns().forEach((field, column) -> index.put(field, columnIndex(header, column, "columns." + field)));
        Integer returnIndex = layout.returnColumn() == null ? null : columnIndex(header, layout.returnColumn(), "returns.column");
        List<Integer> carry = new ArrayList<>();
        for (String column : layout.carryDown()) {
            carry.add(columnIndex(header, column, "carryDown"));
        }
        int ticket = index.get("ticket");
        List<Integer> identity = new ArrayList<>();
        for (String field : List.of("store", "register", "ticket", "date", "dateTime")) {
            if (index.containsKey(field)) {
                identity.add(index.get(field));
            }
        }
        NamedColumns own = NamedColumns.of(mapping, (column, key) -> columnIndex(header, column, key));
        int needed = 1 + Math.max(own.last(), index.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        if (returnIndex != null) {
            needed = Math.max(needed, returnIndex + 1);
        }
        int fieldCount = header != null ? header.size() : -needed;
        RowMapper mapper = new RowMapper(index, returnIndex, layout, mapping);
        return new CsvRows.Spec(fieldCount, identity.stream().mapToInt(Integer::intValue).toArray(),
                carryDown(ticket, carry), (fields, lineNo) -> own.apply(mapper.toRow(fields, lineNo), fields, layout.amounts()::parse));
    }

    /** Order-level columns blank after an order's first row take the value of the row before, within the same ticket. */
    private static java.util.function.UnaryOperator<List<String>> carryDown(int ticket, List<Integer> carry) {
        if (carry.isEmpty()) {
            return java.util.function.UnaryOperator.identity();
        }
        List<String>[] previous = new List[1];
        return fields -> {
            List<String> filled = new ArrayList<>(fields);
            List<String> before = previous[0];
            if (before != null && before.get(ticket).trim().equals(filled.get(ticket).trim())) {
                for (int c : carry) {
                    if (filled.get(c).isBlank()) {
                        filled.set(c, before.get(c));
                    }
                }
            }
            previous[0] = filled;
            return filled;
        };
    }

    private static int columnIndex(List<String> header, String column, String key) {
        if (header == null) {
            return Integer.parseInt(column) - 1;
        }
        int i = header.indexOf(column);
        if (i < 0) {
            throw new UnreadableFileException("the header has no column '" + column + "' (named by the mapping's " + key + ")");
        }
        return i;
    }

    private record RowMapper(Map<String, Integer> index, Integer returnIndex, GenericLayout layout, Mapping mapping) {

        PosRow toRow(List<String> f, int lineNo) {
            String ticket = text(f, "ticket");
            if (ticket == null) {
                throw new IllegalArgumentException(column("ticket") + " is required but empty");
            }
            LocalDate businessDate;
            LocalDateTime soldAt;
            if (index.containsKey("dateTime")) {
                TemporalAccessor parsed = parse("dateTime", layout.dateTime(), f);
                if (parsed.isSupported(java.time.temporal.ChronoField.OFFSET_SECONDS)) {
                    ZonedDateTime zoned = ZonedDateTime.from(parsed);
                    businessDate = zoned.toLocalDate();
                    soldAt = zoned.withZoneSameInstant(mapping.timezone()).toLocalDateTime();
                } else {
                    soldAt = LocalDateTime.from(parsed);
                    businessDate = soldAt.toLocalDate();
                }
            } else {
                businessDate = LocalDate.from(parse("date", layout.date(), f));
                LocalTime time = index.containsKey("time") ? LocalTime.from(parse("time", layout.time(), f)) : LocalTime.MIDNIGHT;
                soldAt = businessDate.atTime(time);
            }
            BigDecimal quantity = number("quantity", layout.quantities(), f);
            if (quantity == null) {
                throw new IllegalArgumentException(column("quantity") + " is required but empty");
            }
            BigDecimal unitPrice = number("unitPrice", layout.amounts(), f);
            BigDecimal lineNet = number("lineNet", layout.amounts(), f);
            if (lineNet == null) {
                if (unitPrice == null) {
                    throw new IllegalArgumentException(column(index.containsKey("lineNet") ? "lineNet" : "unitPrice") + " is required but empty");
                }
                lineNet = unitPrice.multiply(quantity).setScale(2, RoundingMode.HALF_UP);
            }
            BigDecimal lineTax = number("lineTax", layout.amounts(), f);
            boolean isReturn = returnIndex != null
                    ? layout.returnValues().contains(f.get(returnIndex).trim().toLowerCase(Locale.ROOT))
                    : lineNet.signum() < 0;
            if (isReturn) {
                // Some exports write returned quantities and amounts positive (Shopify): a return takes back.
                quantity = quantity.abs().negate();
                lineNet = lineNet.abs().negate();
                lineTax = lineTax == null ? null : lineTax.abs().negate();
            }
            return new PosRow(orEmpty(text(f, "store")), orEmpty(text(f, "register")), ticket, businessDate, soldAt,
                    isReturn ? PosRow.RowType.RETURN : PosRow.RowType.SALE,
                    text(f, "card"), text(f, "phone"), text(f, "email"), text(f, "externalId"), null,
                    text(f, "sku"), text(f, "description"), text(f, "category"), quantity, unitPrice, lineNet, lineTax,
                    number("tax", layout.amounts(), f), number("total", layout.amounts(), f), text(f, "tender"),
                    text(f, "origTicket"), true);
        }

        private TemporalAccessor parse(String field, DateTimeFormatter formatter, List<String> f) {
            String value = text(f, field);
            if (value == null) {
                throw new IllegalArgumentException(column(field) + " is required but empty");
            }
            TemporalAccessor parsed;
            try {
                parsed = formatter.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(column(field) + " '" + value + "' does not match the mapping's pattern");
            }
            // Java moves an impossible date to a possible one (2026-02-30 → 2026-02-28): it must read back as written.
            if (!formatter.format(parsed).equalsIgnoreCase(value.trim())) {
                throw new IllegalArgumentException(column(field) + " '" + value + "' is not a real date or time");
            }
            return parsed;
        }

        private BigDecimal number(String field, io.poshub.csv.AmountFormat format, List<String> f) {
            String value = text(f, field);
            try {
                return format.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(column(field) + " " + e.getMessage());
            }
        }

        private String text(List<String> f, String field) {
            Integer i = index.get(field);
            if (i == null || i >= f.size()) {
                return null;
            }
            String value = f.get(i).trim();
            return value.isEmpty() ? null : value;
        }

        private String column(String field) {
            return field + " (column '" + layout.columns().get(field) + "')";
        }

        private static String orEmpty(String value) {
            return value == null ? "" : value;
        }
    }
}
