package io.poshub.ops;

import io.poshub.ingest.FeedSourceStatus;
import io.poshub.payment.VippsClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Health beyond the database (which Spring Boot checks): each feed's source — DOWN with the reason when
 * its last poll failed (an SFTP server unreachable, a host key changed) — and the payment provider, DOWN
 * while the circuit breaker is open.
 */
@Configuration(proxyBeanMethods = false)
class PoshubHealth {

    @Bean
    HealthIndicator feedsHealthIndicator(CamelContext camel, FeedSourceStatus sources) {
        return () -> {
            Map<String, Object> details = new LinkedHashMap<>();
            boolean down = false;
            for (Route route : camel.getRoutes()) {
                var poll = sources.lastPoll(route.getRouteId());
                if (poll.isEmpty()) {
                    continue;
                }
                details.put(route.getRouteId(), poll.get().ok() ? "UP" : "DOWN: " + poll.get().error());
                down |= !poll.get().ok();
            }
            return (down ? Health.down() : Health.up()).withDetails(details).build();
        };
    }

    @Bean
    HealthIndicator paymentProviderHealthIndicator(VippsClient vipps) {
        return () -> {
            var state = vipps.breaker().getState();
            Health.Builder health = state == io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN
                    ? Health.down().withDetail("reason", "Vipps failed repeatedly; calls are paused (circuit open)")
                    : Health.up();
            return health.withDetail("circuit", state.name())
                    .withDetail("failureRate", vipps.breaker().getMetrics().getFailureRate()).build();
        };
    }
}
