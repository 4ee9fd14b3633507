package io.poshub.sale;

import io.poshub.loyalty.Ledger;
import java.time.Instant;
import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * Sales were booked to their members — a chunk of a file, or parked sales whose member arrived: published inside the
 * booking's transaction, so what a listener writes because of them (a receipt to send) commits or rolls back with them.
 */
@NamedInterface("api")
public record SalesBooked(String merchant, List<Sale> sales) {

    /** A sale booked to a member, and when the till sold it. */
    @NamedInterface("api")
    public record Sale(long saleId, long memberId, Instant soldAt) {
    }

    public SalesBooked {
        sales = List.copyOf(sales);
    }

    static SalesBooked of(String merchant, List<Ledger.Entry> entries) {
        return new SalesBooked(merchant, entries.stream().map(e -> new Sale(e.saleId(), e.memberId(), e.soldAt())).toList());
    }
}
