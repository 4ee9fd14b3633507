/**
 * Card number ranges (contract §19): which numbers a merchant's member cards and gift cards are drawn from, which it
 * accepts, and which program a member card's range earns by.
 */
@ApplicationModule(displayName = "Card ranges", allowedDependencies = {"common"})
package io.poshub.cards;

import org.springframework.modulith.ApplicationModule;
