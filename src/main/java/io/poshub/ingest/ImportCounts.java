package io.poshub.ingest;

import io.poshub.sale.BookingOutcome;

/**
 * The counts of one import (contract §4.6). They add up by construction:
 * rowsTotal = rowsAccepted + rowsRejected and salesTotal = booked + duplicate + parked + anonymous.
 */
public record ImportCounts(int rowsAccepted, int rowsRejected, int salesBooked, int salesDuplicate,
                          int salesParked, int salesAnonymous) {

    public static final ImportCounts ZERO = new ImportCounts(0, 0, 0, 0, 0, 0);

    public int rowsTotal() {
        return rowsAccepted + rowsRejected;
    }

    public int salesTotal() {
        return salesBooked + salesDuplicate + salesParked + salesAnonymous;
    }

    public ImportCounts plus(BookingOutcome chunk) {
        return new ImportCounts(rowsAccepted + chunk.rowsAccepted(), rowsRejected + chunk.rowsRejected(),
                salesBooked + chunk.booked(), salesDuplicate + chunk.duplicate(),
                salesParked + chunk.parked(), salesAnonymous + chunk.anonymous());
    }
}
