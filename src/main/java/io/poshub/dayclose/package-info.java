/**
 * Closing the day (contract §13): the tills' Z-reports kept as they arrive, each store-day's received sales and its
 * tenders held against them and against the hub's own ledgers (mobile payments, gift cards, points), the status of
 * every register-day recomputed as its parts are booked, and an alert when a store-day does not close.
 */
@ApplicationModule(displayName = "Day close", allowedDependencies = {"sale :: api", "payment :: api", "giftcard :: api", "loyalty :: api", "mapping :: api", "csv :: api", "alert :: api", "web :: api", "common"})
package io.poshub.dayclose;

import org.springframework.modulith.ApplicationModule;
