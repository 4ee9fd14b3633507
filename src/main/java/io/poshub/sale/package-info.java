/**
 * Booking a chunk of tickets: screened, sales already received recognised, members resolved by the unknown-member
 * policy, earnings worked out, gift cards sold on receipts moved, written set-based; and parked sales, booked when their member arrives.
 */
@ApplicationModule(displayName = "Sales", allowedDependencies = {"format :: api", "mapping :: api", "member :: api", "loyalty :: api", "giftcard :: api", "cards :: api", "csv :: api", "db :: api", "web :: api", "common"})
package io.poshub.sale;

import org.springframework.modulith.ApplicationModule;
