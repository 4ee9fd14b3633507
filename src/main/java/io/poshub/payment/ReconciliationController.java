package io.poshub.payment;

import java.time.LocalDate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A store's day: its mobile-payment sales matched to the hub's payments, and every tender's total (contract §9). */
@RestController
class ReconciliationController {

    private final Reconciliation reconciliation;

    ReconciliationController(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    @GetMapping("/api/reconciliation")
    Reconciliation.Report report(@RequestParam String store, @RequestParam LocalDate date) {
        return reconciliation.report(store, date);
    }
}
