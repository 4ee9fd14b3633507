package io.poshub.sale;

import java.time.LocalDate;

/** What makes a sale the same sale across files, restarts and nodes (contract §4.3). */
public record SaleIdentity(String merchant, String store, String register, String ticket, LocalDate businessDate) {
}
