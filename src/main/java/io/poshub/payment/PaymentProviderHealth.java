package io.poshub.payment;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health/paymentProvider}: DOWN while the circuit breaker in front of Vipps is open. */
@Component("paymentProviderHealthIndicator")
class PaymentProviderHealth implements HealthIndicator {

    private final VippsClient vipps;

    PaymentProviderHealth(VippsClient vipps) {
        this.vipps = vipps;
    }

    @Override
    public Health health() {
        CircuitBreaker.State state = vipps.breaker().getState();
        Health.Builder health = state == CircuitBreaker.State.OPEN
                ? Health.down().withDetail("reason", "Vipps failed repeatedly; calls are paused (circuit open)")
                : Health.up();
        return health.withDetail("circuit", state.name())
                .withDetail("failureRate", vipps.breaker().getMetrics().getFailureRate()).build();
    }
}
