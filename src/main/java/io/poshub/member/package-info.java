/**
 * Members: created and imported (announced by {@link io.poshub.member.MembersArrived}), their keys normalised,
 * sales matched to them, looked up and redeemed at the till, their card's barcode.
 */
@ApplicationModule(displayName = "Members", allowedDependencies = {"cards :: api", "audit :: api", "mapping :: api", "loyalty :: api", "giftcard :: api", "web :: api", "csv :: api", "db :: api", "common"})
package io.poshub.member;

import org.springframework.modulith.ApplicationModule;
