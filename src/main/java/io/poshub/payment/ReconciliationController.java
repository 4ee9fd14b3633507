package io.poshub.payment;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.RestController;

/**
 * A store's day: its mobile-payment sales matched to the hub's payments, and every tender's total (contract §9); the day's
 * payments overview (§13).
 */
@Tag(name = "Payments")
@RestController
class ReconciliationController {

    private final Reconciliation reconciliation;

    ReconciliationController(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    /** The day's payments (admin); {@code state} is the provider's: CREATED, AUTHORIZED, ABORTED, EXPIRED or TERMINATED. */
    @Operation(summary = "Payments of a day, of one store or all")
    @GetMapping("/api/payments")
    List<Reconciliation.Overview> payments(@RequestParam(required = false) String store, @RequestParam LocalDate date,
                                           @RequestParam(required = false) String state) {
        return reconciliation.overview(store == null || store.isBlank() ? null : store, date, state == null ? null : PaymentState.of(state.trim().toUpperCase(Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException("state '" + state + "' is not one of " + Arrays.toString(PaymentState.values()))));
    }

    @Operation(summary = "A store-day's sales paid by mobile matched to its payments")
    @GetMapping("/api/reconciliation")
    Reconciliation.Report report(@RequestParam String store, @RequestParam LocalDate date) {
        return reconciliation.report(store, date);
    }
}
