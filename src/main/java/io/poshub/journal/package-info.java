/**
 * The accountant's journal (contract §22): each closed store-day booked as a balanced journal — revenue, tax, each
 * tender, gift-card and points liability — kept by version in {@code journal_entry}, a late change to a closed day
 * reversing the last version before the new one, and each version sent once to {@code poshub.journal.endpoint}.
 */
@ApplicationModule(displayName = "Journal", allowedDependencies = {"dayclose :: api", "sale :: api", "mapping :: api", "common"})
package io.poshub.journal;

import org.springframework.modulith.ApplicationModule;
