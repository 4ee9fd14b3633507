package io.poshub.alert;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code poshub.alerts.*}: the Camel endpoint URI alerts go to ({@code smtp://…}, {@code https://…} for a webhook, …),
 * how often waiting alerts are sent, and the longest wait between two attempts at one the endpoint refused.
 */
@ConfigurationProperties("poshub.alerts")
public record AlertProperties(
        @DefaultValue("log:poshub.alerts?level=WARN") String endpoint,
        @DefaultValue("1s") Duration sendInterval,
        @DefaultValue("5m") Duration maxBackoff) {
}
