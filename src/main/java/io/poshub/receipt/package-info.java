/**
 * E-receipts (contract §22): each sale booked to a member who wants receipts, and each activation, load or redemption of
 * a gift card a member owns, becomes one row of {@code receipt_outbox} per channel in the booking's transaction; a
 * sender renders the merchant's template and sends it by e-mail (camel-mail) or SMS (an HTTP route), retried with back-off.
 */
@ApplicationModule(displayName = "Receipts", allowedDependencies = {"sale :: api", "giftcard :: api", "member :: api", "mapping :: api", "db :: api", "common"})
package io.poshub.receipt;

import org.springframework.modulith.ApplicationModule;
