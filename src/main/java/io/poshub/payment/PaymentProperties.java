package io.poshub.payment;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code poshub.payments.*}: the Vipps MobilePay ePayment connection (the keys the Vipps routes read by placeholder have
 * their defaults in application.yml) (contract §9; secrets from env, e.g.
 * POSHUB_PAYMENTS_VIPPS_CLIENT_SECRET), polling, the circuit breaker, and reconciliation.
 */
@ConfigurationProperties("poshub.payments")
public record PaymentProperties(
        @DefaultValue Vipps vipps,
        @DefaultValue Poll poll,
        @DefaultValue Breaker breaker,
        @DefaultValue("30m") Duration matchWindow,
        @DefaultValue("Europe/Oslo") ZoneId timezone) {

    public record Vipps(
            String baseUrl,
            String clientId,
            String clientSecret,
            String subscriptionKey,
            String merchantSerialNumber,
            @DefaultValue("") String webhookSecret,
            @DefaultValue("NO") String phoneRegion,
            @DefaultValue("2s") Duration connectTimeout,
            @DefaultValue("5s") Duration responseTimeout,
            @DefaultValue("2") int retries,
            @DefaultValue("300ms") Duration retryDelay,
            @DefaultValue("5m") Duration webhookMaxAge,
            @DefaultValue("5m") Duration paymentExpiry) {
    }

    /** Status polling: first after {@code first}, then every {@code every} (doubling on 429) until final or expired. */
    public record Poll(@DefaultValue("5s") Duration first, @DefaultValue("2s") Duration every) {
    }

    /** Opens after {@code failureRate} % of at least {@code minimumCalls} calls failed; stays open {@code openFor}. */
    public record Breaker(@DefaultValue("4") int minimumCalls, @DefaultValue("50") float failureRate,
                          @DefaultValue("30s") Duration openFor) {
    }
}
