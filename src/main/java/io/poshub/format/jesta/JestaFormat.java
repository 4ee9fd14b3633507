package io.poshub.format.jesta;

import io.poshub.csv.AmountFormat;
import io.poshub.csv.BindyBinder;
import io.poshub.csv.ByteSource;
import io.poshub.csv.CsvLimits;
import io.poshub.csv.Values;
import io.poshub.format.BindyFormat;
import io.poshub.format.PosRow;
import io.poshub.format.RowReader;
import io.poshub.mapping.Mapping;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/** Jesta Vision sales export: European CSV, Windows-1252, decimal comma, SALE / RETURN / VOID tickets. */
@Component
class JestaFormat extends BindyFormat {

    static final List<String> HEADER = BindyBinder.columns(JestaRow.class);
    static final AmountFormat AMOUNTS = new AmountFormat(',', Set.of('\u00A0', '\u202F', ' ', '.'), List.of(), false, 0);
    private static final int[] IDENTITY = {0, 1, 2, 3};
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    JestaFormat(CamelContext camelContext, CsvLimits limits) {
        super("jesta", camelContext, limits);
    }

    @Override
    public RowReader open(ByteSource content, Mapping mapping) {
        return readCsv(content, WINDOWS_1252, JestaRow.class, IDENTITY, mapping, JestaFormat::toRow, AMOUNTS::parse);
    }

    static PosRow toRow(JestaRow r) {
        PosRow.RowType type = switch (r.type.trim().toUpperCase(Locale.ROOT)) {
            case "SALE" -> PosRow.RowType.SALE;
            case "RETURN" -> PosRow.RowType.RETURN;
            case "VOID" -> PosRow.RowType.VOID;
            default -> throw new IllegalArgumentException("Type (column 6) must be SALE, RETURN or VOID, found '" + r.type + "'");
        };
        BigDecimal qty = amount("Qty", 12, r.qty);
        BigDecimal net = amount("LineAmount", 14, r.lineAmount);
        if (type == PosRow.RowType.RETURN) {
            qty = qty.abs().negate();
            net = net.abs().negate();
        }
        return new PosRow(r.store.trim(), r.register.trim(), r.transaction.trim(), r.date, r.date.atTime(r.time), type,
                Values.blankToNull(r.loyaltyCard), Values.blankToNull(r.phone), Values.blankToNull(r.email), null, null, Values.blankToNull(r.sku), Values.blankToNull(r.description), null,
                qty, amount("UnitPrice", 13, r.unitPrice), net, null, amount("Tax", 15, r.tax),
                amount("TicketTotal", 16, r.ticketTotal), Values.blankToNull(r.tender), null, true);
    }

    private static BigDecimal amount(String column, int pos, String text) {
        try {
            return AMOUNTS.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(column + " (column " + pos + ") " + e.getMessage());
        }
    }

}
