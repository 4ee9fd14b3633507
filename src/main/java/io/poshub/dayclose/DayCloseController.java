package io.poshub.dayclose;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.poshub.PoshubProperties;
import io.poshub.common.Conflict;
import io.poshub.common.InvalidField;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/day-close} (admin, contract §13): one store's day with {@code store}, every store of the day without.
 * Computed as asked, so it is never behind what was booked. {@code POST /api/day-close/{store}/{date}/cash-counts}
 * (operator, contract §22): a register's drawer counted.
 */
@Tag(name = "Day close")
@RestController
class DayCloseController {

    private final DayClose dayClose;
    private final CashDesk cashDesk;
    private final String defaultMerchant;

    DayCloseController(DayClose dayClose, CashDesk cashDesk, PoshubProperties properties) {
        this.dayClose = dayClose;
        this.cashDesk = cashDesk;
        this.defaultMerchant = properties.defaultMerchant();
    }

    @Operation(summary = "A store-day held against its Z-reports, or every store of a day")
    @GetMapping(path = "/api/day-close", params = "store")
    DayClose.StoreDay storeDay(@RequestParam String store, @RequestParam LocalDate date, @RequestParam(required = false) String merchant) {
        if (merchant == null) {
            merchant = merchantOf(store, dayClose.merchantsOf(store, date), date);
        }
        return dayClose.compute(merchant, store, date);
    }

    @GetMapping("/api/day-close")
    List<DayClose.StoreDay> day(@RequestParam LocalDate date) {
        return dayClose.storesOf(date).stream().map(k -> dayClose.compute(k.merchant(), k.store(), date)).toList();
    }

    /** A drawer counted: amounts in the currency's minor units, as every amount the API takes. */
    @Schema(name = "CashCount")
    record CashCountRequest(
            @Schema(description = "The register whose drawer was counted, as the sales files name it", requiredMode = Schema.RequiredMode.REQUIRED)
            String register,
            @JsonProperty("float") @Schema(description = "The opening float, minor units", requiredMode = Schema.RequiredMode.REQUIRED, minimum = "0")
            Long openingFloat,
            @Schema(description = "The cash counted in the drawer at the day's end, minor units", requiredMode = Schema.RequiredMode.REQUIRED,
                    minimum = "0")
            Long counted) {
    }

    @Operation(summary = "Counts a register's drawer at the day's end",
            description = "Keeps the register-day's opening float and the cash counted (a newer count replaces the older, as does a "
                    + "Z-report's FLOAT and COUNTED) and answers its drawer as the day close shows it, in the currency's units: "
                    + "expected = float + the cash tenders of its sales, overShort = counted − expected. Beyond "
                    + "poshub.day-close.cash-tolerance the day close raises CASH_OVER_SHORT. A register no sale, voided ticket or "
                    + "Z-report of the store names is refused (400, field register).")
    @PostMapping("/api/day-close/{store}/{date}/cash-counts")
    DayClose.Cash cashCount(@PathVariable String store, @PathVariable LocalDate date, @RequestParam(required = false) String merchant,
                            @RequestBody CashCountRequest count) {
        String register = count.register() == null ? "" : count.register().trim();
        if (register.isEmpty() || register.length() > 64) {
            throw new InvalidField("register", "register is required, at most 64 characters");
        }
        amount("float", count.openingFloat());
        amount("counted", count.counted());
        if (merchant == null) {
            List<String> ofTheDay = dayClose.merchantsOf(store, date);
            merchant = merchantOf(store, ofTheDay.isEmpty() ? cashDesk.merchantsOf(store) : ofTheDay, date);
        }
        return cashDesk.count(merchant, store, date, register, count.openingFloat(), count.counted());
    }

    private static void amount(String field, Long minor) {
        if (minor == null) {
            throw new InvalidField(field, field + " is required, in the currency's minor units");
        }
        if (minor < 0) {
            throw new InvalidField(field, field + " must not be negative: " + minor);
        }
    }

    /** The one merchant of these, the default one when there is none; more than one must be named. */
    private String merchantOf(String store, List<String> merchants, LocalDate date) {
        if (merchants.size() > 1) {
            throw new Conflict("store " + store + " has sales or Z-reports of merchants " + merchants + " on " + date
                    + "; name one with merchant=");
        }
        return merchants.isEmpty() ? defaultMerchant : merchants.get(0);
    }
}
