package io.poshub.dayclose;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.modulith.NamedInterface;

/**
 * {@code poshub.day-close.*}: how often marked store-days are looked at ({@code interval}); a store-day is computed
 * once its bookings have been quiet for {@code settle} (a file still booking into it is not summed again every few
 * seconds) or once it has waited {@code max-wait} since it was marked; and the time zone of a store-day that has no Z-report (whose mapping would give it) — the day a till's payment, gift-card or points
 * movement falls in; how far a drawer may be over or short, in the currency's units, before {@code CASH_OVER_SHORT} is
 * raised ({@code cash-tolerance}, contract §22).
 */
@NamedInterface("api")
@ConfigurationProperties("poshub.day-close")
public record DayCloseProperties(
        @DefaultValue("5s") Duration interval,
        @DefaultValue("5s") Duration settle,
        @DefaultValue("1m") Duration maxWait,
        @DefaultValue("Europe/Oslo") ZoneId timezone,
        @DefaultValue("0") BigDecimal cashTolerance) {
}
