package io.poshub.format;

import io.poshub.csv.Values;
import io.poshub.mapping.Mapping;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The columns a mapping names for values a layout has no field of its own for (contract §19): the number a gift card
 * line carries ({@code giftCardItems.numberField}), the cashier ({@code cashier}) and a line's discount ({@code discount}).
 * A layout with a header finds them by name — its own columns or ones the file carries after them; a named column the
 * header lacks, or a column after the layout's that no mapping key names, makes the file unreadable, as a wrong header does.
 */
public record NamedColumns(int serial, int cashier, int discount) {

    /** Nothing named. */
    public static final NamedColumns NONE = new NamedColumns(-1, -1, -1);

    /** The names the mapping gives, in the order {@code serial, cashier, discount} (null where it names none). */
    static List<String> named(Mapping mapping) {
        List<String> names = new ArrayList<>(3);
        names.add(mapping.giftCardItems() == null ? null : mapping.giftCardItems().numberColumn());
        names.add(mapping.cashierColumn());
        names.add(mapping.discountColumn());
        return names;
    }

    /** Finds a named column: its 0-based index, or refuses the file naming the column and the mapping key. */
    @FunctionalInterface
    public interface ColumnIndex {
        int of(String column, String key) throws UnreadableFileException;
    }

    /** Where the mapping's named columns are, each found by {@code index} (a layout's header, or a generic layout's rule). */
    public static NamedColumns of(Mapping mapping, ColumnIndex index) {
        List<String> names = named(mapping);
        String[] keys = {"giftCardItems.numberField", "cashier", "discount"};
        int[] at = new int[3];
        for (int i = 0; i < 3; i++) {
            at[i] = names.get(i) == null ? -1 : index.of(names.get(i), keys[i]);
        }
        return new NamedColumns(at[0], at[1], at[2]);
    }

    /**
     * Where the mapping's named columns are in a CSV layout's header.
     *
     * @throws UnreadableFileException naming the column and the mapping key when the header lacks one
     */
    static NamedColumns in(List<String> header, Mapping mapping) {
        return of(mapping, (name, key) -> {
            int at = header.indexOf(name);
            if (at < 0) {
                throw new UnreadableFileException("the header has no column '" + name + "' (named by the mapping's " + key + ")");
            }
            return at;
        });
    }

    /** The largest index named, or -1. */
    public int last() {
        return Math.max(serial, Math.max(cashier, discount));
    }

    /** The row with the named columns' values of its record ({@code amount} reads a discount as the layout writes amounts). */
    public PosRow apply(PosRow row, List<String> fields, Function<String, BigDecimal> amount) {
        if (this.equals(NONE)) {
            return row;
        }
        String discountText = value(fields, discount);
        BigDecimal off;
        try {
            off = discountText == null ? null : amount.apply(discountText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("discount (column " + (discount + 1) + ") '" + discountText + "' is not an amount");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("discount (column " + (discount + 1) + ") " + e.getMessage());
        }
        return row.withNamed(value(fields, serial), value(fields, cashier), off == null || row.quantity() == null
                || row.quantity().signum() >= 0 ? off : off.abs().negate());
    }

    private static String value(List<String> fields, int column) {
        return column < 0 || column >= fields.size() ? null : Values.blankToNull(fields.get(column));
    }
}
