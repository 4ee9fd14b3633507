package io.poshub.common;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Something was booked that a store's day close adds up: sales of a business day (from a file), or a payment, gift-card
 * or points movement at an instant (from the till). Published inside the booking's transaction.
 *
 * @param businessDate the sales' business day, or null for a ledger movement
 * @param at           when a ledger movement happened, or null for sales
 */
public record StoreActivity(String merchant, String store, LocalDate businessDate, Instant at) {

    public static StoreActivity sales(String merchant, String store, LocalDate businessDate) {
        return new StoreActivity(merchant, store, businessDate, null);
    }

    public static StoreActivity movement(String merchant, String store, Instant at) {
        return new StoreActivity(merchant, store, null, at);
    }
}
