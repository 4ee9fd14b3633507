package io.poshub.mapping;

import io.poshub.csv.AmountFormat;
import java.nio.charset.Charset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.modulith.NamedInterface;

/**
 * The layout a {@code format: generic} mapping describes: the CSV dialect, which column holds each of the
 * hub's fields (by header name, or by 1-based number without a header), date and time patterns, how
 * amounts are written, how a return is recognised, and which order-level columns are carried down.
 *
 * @param columns     hub field → column (header name or 1-based number)
 * @param returnColumn a column whose value marks a return (with {@code returnValues}); null: a negative line net does
 * @param carryDown   columns left blank after an order's first row, filled from the row before
 */
@NamedInterface("api")
public record GenericLayout(
        char separator,
        char quote,
        Charset charset,
        boolean header,
        Map<String, String> columns,
        DateTimeFormatter date,
        DateTimeFormatter time,
        DateTimeFormatter dateTime,
        AmountFormat amounts,
        AmountFormat quantities,
        String returnColumn,
        Set<String> returnValues,
        List<String> carryDown) {

    /** The hub fields a column can be given for. */
    public static final Set<String> FIELDS = Set.of("store", "register", "ticket", "date", "time", "dateTime", "card",
            "phone", "email", "externalId", "sku", "description", "category", "quantity", "unitPrice", "lineNet",
            "lineTax", "tax", "total", "tender", "origTicket");
}
