package io.poshub.format.springboard;

import io.poshub.csv.ByteSource;
import io.poshub.csv.CsvLimits;
import io.poshub.csv.Values;
import io.poshub.format.BindyFormat;
import io.poshub.format.PosRow;
import io.poshub.format.RowReader;
import io.poshub.mapping.Mapping;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.apache.camel.CamelContext;
import org.springframework.stereotype.Component;

/**
 * SpringBoard Retail sales history: no register, the store is the location, a ticket number is reused
 * across locations and years (the identity's store and date keep them apart), line net = unit price × qty.
 */
@Component
class SpringboardFormat extends BindyFormat {

    private static final int[] IDENTITY = {4, 0, 2};

    SpringboardFormat(CamelContext camelContext, CsvLimits limits) {
        super("springboard", camelContext, limits);
    }

    @Override
    public RowReader open(ByteSource content, Mapping mapping) {
        return readCsv(content, StandardCharsets.UTF_8, SpringboardRow.class, IDENTITY, mapping, row -> toRow(row, mapping), BigDecimal::new);
    }

    static PosRow toRow(SpringboardRow r, Mapping mapping) {
        OffsetDateTime completed;
        try {
            completed = OffsetDateTime.parse(r.localCompletedAt.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("local_completed_at (column 3) '" + r.localCompletedAt
                    + "' is not an ISO-8601 time with offset, like 2026-11-02T09:03:00-05:00");
        }
        BigDecimal net = r.unitPrice.multiply(r.qty).setScale(2, RoundingMode.HALF_UP);
        PosRow.RowType type = r.qty.signum() < 0 ? PosRow.RowType.RETURN : PosRow.RowType.SALE;
        return new PosRow(r.location.trim(), "", r.ticketNumber.trim(), completed.toLocalDate(),
                completed.atZoneSameInstant(mapping.timezone()).toLocalDateTime(), type,
                null, null, null, Values.blankToNull(r.customerPublicId), null, Values.blankToNull(r.itemLookup), null, null,
                r.qty, r.unitPrice, net, null, r.tax, null, null, null, true, null, null, null, Values.blankToNull(r.salesRep),
                r.originalPrice == null ? null : r.originalPrice.subtract(r.unitPrice).multiply(r.qty).setScale(2, RoundingMode.HALF_UP));
    }

}
