package io.poshub.dayclose;

import io.poshub.PoshubProperties;
import io.poshub.common.Conflict;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/day-close} (admin, contract §13): one store's day with {@code store}, every store of the day without.
 * Computed as asked, so it is never behind what was booked.
 */
@Tag(name = "Day close")
@RestController
class DayCloseController {

    private final DayClose dayClose;
    private final String defaultMerchant;

    DayCloseController(DayClose dayClose, PoshubProperties properties) {
        this.dayClose = dayClose;
        this.defaultMerchant = properties.defaultMerchant();
    }

    @Operation(summary = "A store-day held against its Z-reports, or every store of a day")
    @GetMapping(path = "/api/day-close", params = "store")
    DayClose.StoreDay storeDay(@RequestParam String store, @RequestParam LocalDate date, @RequestParam(required = false) String merchant) {
        if (merchant == null) {
            List<String> merchants = dayClose.merchantsOf(store, date);
            if (merchants.size() > 1) {
                throw new Conflict("store " + store + " has sales or Z-reports of merchants " + merchants + " on " + date
                        + "; name one with merchant=");
            }
            merchant = merchants.isEmpty() ? defaultMerchant : merchants.get(0);
        }
        return dayClose.compute(merchant, store, date);
    }

    @GetMapping("/api/day-close")
    List<DayClose.StoreDay> day(@RequestParam LocalDate date) {
        return dayClose.storesOf(date).stream().map(k -> dayClose.compute(k.merchant(), k.store(), date)).toList();
    }
}
