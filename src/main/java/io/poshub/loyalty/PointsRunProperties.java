package io.poshub.loyalty;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The daily maturing and expiry run (contract §18): {@code cron}, when it runs (UTC, as of the day before), and
 * {@code batch}, the members' points handled per transaction (docs/deployment.md).
 */
@Validated
@ConfigurationProperties("poshub.loyalty.run")
record PointsRunProperties(@DefaultValue("0 15 0 * * *") String cron, @DefaultValue("2000") @Min(1) @Max(50000) int batch) {
}
