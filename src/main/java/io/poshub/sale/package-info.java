/**
 * Booking a chunk of tickets: screened, sales already received recognised, members resolved by the unknown-member
 * policy, earnings worked out, written set-based; and parked sales, booked when their member arrives.
 */
@ApplicationModule(displayName = "Sales", allowedDependencies = {"format", "mapping", "member", "loyalty", "csv", "db", "web", "common"})
package io.poshub.sale;

import org.springframework.modulith.ApplicationModule;
