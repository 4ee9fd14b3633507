/**
 * Points: how a sale earns by its mapping's rules and its member's tier (one implementation), the ledger with its
 * locked member totals, and redemptions that never overdraw.
 */
@ApplicationModule(displayName = "Loyalty", allowedDependencies = {"mapping :: api", "db :: api", "web :: api", "common"})
package io.poshub.loyalty;

import org.springframework.modulith.ApplicationModule;
