package io.poshub.mapping;

import io.poshub.csv.AmountFormat;
import java.nio.charset.Charset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Checks the generic part of a mapping file and turns it into a {@link GenericLayout}. */
final class GenericLayouts {

    private GenericLayouts() {
    }

    static GenericLayout parse(String where, MappingFile raw, int currencyDigits) {
        MappingFile.Csv csv = raw.csv() == null ? new MappingFile.Csv(null, null, null, null) : raw.csv();
        char separator = oneChar(where, "csv.separator", csv.separator(), ',');
        char quote = oneChar(where, "csv.quote", csv.quote(), '"');
        Charset charset;
        try {
            charset = Charset.forName(csv.charset() == null ? "UTF-8" : csv.charset());
        } catch (RuntimeException e) {
            throw new MappingException(where + ": csv.charset '" + csv.charset() + "' is not a known charset (e.g. UTF-8, windows-1252)");
        }
        boolean header = csv.header() == null || csv.header();

        if (raw.columns() == null || raw.columns().isEmpty()) {
            throw new MappingException(where + ": format generic needs columns (which column holds each field)");
        }
        Map<String, String> columns = new LinkedHashMap<>();
        raw.columns().forEach((field, column) -> {
            if (!GenericLayout.FIELDS.contains(field)) {
                throw new MappingException(where + ": columns." + field + " is not a field; fields are "
                        + GenericLayout.FIELDS.stream().sorted().collect(Collectors.joining(", ")));
            }
            if (column != null && !column.isBlank()) {
                if (!header && !column.trim().matches("[1-9][0-9]*")) {
                    throw new MappingException(where + ": columns." + field + " must be a column number (1 = first) when csv.header is false");
                }
                columns.put(field, column.trim());
            }
        });
        for (String required : List.of("ticket", "quantity")) {
            if (!columns.containsKey(required)) {
                throw new MappingException(where + ": columns." + required + " is required");
            }
        }
        if (!columns.containsKey("lineNet") && !columns.containsKey("unitPrice")) {
            throw new MappingException(where + ": columns.lineNet (or columns.unitPrice, to compute it as price × quantity) is required");
        }
        MappingFile.Patterns patterns = raw.formats() == null ? new MappingFile.Patterns(null, null, null) : raw.formats();
        DateTimeFormatter date = null;
        DateTimeFormatter time = null;
        DateTimeFormatter dateTime = null;
        if (columns.containsKey("dateTime")) {
            dateTime = pattern(where, "formats.dateTime", patterns.dateTime(), true);
        } else if (columns.containsKey("date")) {
            date = pattern(where, "formats.date", patterns.date(), true);
            if (columns.containsKey("time")) {
                time = pattern(where, "formats.time", patterns.time(), true);
            }
        } else {
            throw new MappingException(where + ": columns.date (with formats.date) or columns.dateTime (with formats.dateTime) is required");
        }

        MappingFile.Amounts a = raw.amounts() == null ? new MappingFile.Amounts(null, null, null, null, null) : raw.amounts();
        char decimal = oneChar(where, "amounts.decimalSeparator", a.decimalSeparator(), '.');
        Set<Character> thousands = a.thousandsSeparators() == null ? Set.of()
                : a.thousandsSeparators().stream().map(t -> oneChar(where, "amounts.thousandsSeparators", t, ',')).collect(Collectors.toSet());
        if (thousands.contains(decimal)) {
            throw new MappingException(where + ": amounts.thousandsSeparators must not contain the decimal separator '" + decimal + "'");
        }
        String negative = a.negative() == null ? "minus" : a.negative().trim().toLowerCase(Locale.ROOT);
        if (!negative.equals("minus") && !negative.equals("parentheses")) {
            throw new MappingException(where + ": amounts.negative must be minus or parentheses, found '" + a.negative() + "'");
        }
        boolean minorUnits = Boolean.TRUE.equals(a.minorUnits());
        List<String> symbols = a.currencySymbols() == null ? List.of() : List.copyOf(a.currencySymbols());
        AmountFormat amounts = new AmountFormat(decimal, thousands, symbols, negative.equals("parentheses"), minorUnits ? currencyDigits : 0);
        AmountFormat quantities = new AmountFormat(decimal, thousands, List.of(), negative.equals("parentheses"), 0);

        String returnColumn = null;
        Set<String> returnValues = Set.of();
        if (raw.returns() != null && raw.returns().column() != null) {
            returnColumn = raw.returns().column().trim();
            if (raw.returns().values() == null || raw.returns().values().isEmpty()) {
                throw new MappingException(where + ": returns.values must list the values of " + returnColumn + " that mark a return");
            }
            returnValues = raw.returns().values().stream().map(v -> v.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        }
        List<String> carryDown = raw.carryDown() == null ? List.of() : List.copyOf(raw.carryDown());
        return new GenericLayout(separator, quote, charset, header, Map.copyOf(columns), date, time, dateTime, amounts,
                quantities, returnColumn, returnValues, carryDown);
    }

    private static DateTimeFormatter pattern(String where, String key, String pattern, boolean required) {
        if (pattern == null || pattern.isBlank()) {
            throw new MappingException(where + ": " + key + " is required (a pattern like yyyy-MM-dd)");
        }
        try {
            return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw new MappingException(where + ": " + key + " '" + pattern + "' is not a date/time pattern: " + e.getMessage());
        }
    }

    private static char oneChar(String where, String key, String value, char fallback) {
        if (value == null) {
            return fallback;
        }
        String v = switch (value) {
            case "\\t", "tab", "TAB" -> "\t";
            case "space" -> " ";
            case "nbsp" -> "\u00A0";
            default -> value;
        };
        if (v.length() != 1) {
            throw new MappingException(where + ": " + key + " must be one character (or tab, space, nbsp), found '" + value + "'");
        }
        return v.charAt(0);
    }
}
