/**
 * Gift cards: activation, loads, redemptions and refunds at the till, exact to the øre and safe under concurrency;
 * lost cards deactivated with their balance moved on; every change an append-only activity.
 */
@ApplicationModule(displayName = "Gift cards", allowedDependencies = {"cards :: api", "web :: api", "db :: api", "common"})
package io.poshub.giftcard;

import org.springframework.modulith.ApplicationModule;
