package io.poshub.dayclose;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code poshub.day-close.*}: how soon a store-day whose parts were booked has its close computed again, and the time
 * zone of a store-day that has no Z-report (whose mapping would give it) — the day a till's payment, gift-card or points
 * movement falls in.
 */
@ConfigurationProperties("poshub.day-close")
public record DayCloseProperties(
        @DefaultValue("5s") Duration interval,
        @DefaultValue("Europe/Oslo") ZoneId timezone) {
}
