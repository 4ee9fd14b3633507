package io.poshub.format.counterpoint;

import io.poshub.csv.BindyBinder;
import io.poshub.csv.ByteSource;
import io.poshub.csv.CsvLimits;
import io.poshub.csv.Values;
import io.poshub.format.BindyFormat;
import io.poshub.format.PosRow;
import io.poshub.format.RowReader;
import io.poshub.mapping.Mapping;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/** NCR Counterpoint ticket-history lines: UTF-8 CSV with a header, one line per ticket line. */
@Component
class CounterpointFormat extends BindyFormat {

    static final List<String> HEADER = BindyBinder.columns(CounterpointRow.class);
    private static final int[] IDENTITY = {0, 1, 2, 3};
    /** The customer number Counterpoint writes for a walk-in: no member. */
    private static final String WALK_IN = "CASH";

    CounterpointFormat(CamelContext camelContext, CsvLimits limits) {
        super("counterpoint", camelContext, limits);
    }

    @Override
    public RowReader open(ByteSource content, Mapping mapping) {
        return readCsv(content, StandardCharsets.UTF_8, CounterpointRow.class, IDENTITY, mapping, CounterpointFormat::toRow,
                BigDecimal::new);
    }

    static PosRow toRow(CounterpointRow r) {
        PosRow.RowType type = switch (r.lineType.trim()) {
            case "S" -> PosRow.RowType.SALE;
            case "R" -> PosRow.RowType.RETURN;
            default -> throw new IllegalArgumentException("LIN_TYP must be S (sale) or R (return), found '" + r.lineType + "'");
        };
        BigDecimal quantity = type == PosRow.RowType.RETURN ? r.qtyReturned.negate() : r.qtySold;
        String customer = Values.blankToNull(r.customerNo);
        if (WALK_IN.equalsIgnoreCase(customer)) {
            customer = null;
        }
        return new PosRow(r.store.trim(), r.register.trim(), r.ticket.trim(), r.businessDate, r.ticketTime, type,
                Values.blankToNull(r.loyaltyCard), Values.blankToNull(r.phone), Values.blankToNull(r.email), customer,
                r.lineSeq, Values.blankToNull(r.itemNo), Values.blankToNull(r.description), Values.blankToNull(r.category),
                quantity, r.price, r.extPrice, null, r.taxAmount, r.total, Values.blankToNull(r.payCode), Values.blankToNull(r.origTicket), true);
    }

}
