package io.poshub.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.poshub.common.Causes;
import io.poshub.common.DomainException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * Calls Vipps through the routes of {@link VippsRoutes}, behind a Resilience4j circuit breaker: after
 * repeated failures (5xx, 429, timeouts, after the route's retries) the breaker opens and calls fail at
 * once, so a till gets a fast 503 instead of hanging. Provider 4xx answers do not count as failures.
 */
@Component
public class VippsClient {

    private static final String SYSTEM_NAME = "poshub";
    private static final String SYSTEM_VERSION = "0.1.0";

    private final ProducerTemplate producer;
    private final PaymentProperties properties;
    private final ObjectMapper json;
    private final CircuitBreaker breaker;
    private final MeterRegistry meters;
    private volatile String token;
    private volatile Instant tokenExpires = Instant.EPOCH;

    public VippsClient(ProducerTemplate producer, PaymentProperties properties, ObjectMapper json, MeterRegistry meters) {
        this.meters = meters;
        this.producer = producer;
        this.properties = properties;
        this.json = json;
        this.breaker = CircuitBreaker.of("vipps", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Math.max(10, properties.breaker().minimumCalls()))
                .minimumNumberOfCalls(properties.breaker().minimumCalls())
                .failureRateThreshold(properties.breaker().failureRate())
                .waitDurationInOpenState(properties.breaker().openFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordExceptions(ProviderUnavailable.class)
                .ignoreExceptions(ProviderRejected.class)
                .build());
    }

    /** The provider could not be reached or answered 5xx/429 after retries, or the breaker is open: 503 to the till. */
    public static class ProviderUnavailable extends DomainException {
        public ProviderUnavailable(String message, Throwable cause) {
            super(Kind.UNAVAILABLE, "Payment provider unavailable", null, message, cause);
        }
    }

    /** The provider answered 4xx: the request was refused; its problem text is passed on to the till. */
    public static class ProviderRejected extends DomainException {
        private final int status;

        public ProviderRejected(int status, String message) {
            super(kind(status), "Refused by Vipps", null, message, null);
            this.status = status;
        }

        /** What the till is told: the payment is not there, clashes, or the request was not one Vipps takes. */
        private static Kind kind(int providerStatus) {
            return providerStatus == 404 ? Kind.NOT_FOUND : providerStatus == 409 ? Kind.CONFLICT : Kind.INVALID;
        }

        public int status() {
            return status;
        }
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * One ePayment call.
     *
     * @param idempotencyKey sent as Idempotency-Key (null for reads); the route's retries keep it
     */
    public JsonNode call(String method, String path, Object body, String idempotencyKey) {
        String operation = operation(method, path);
        try {
            JsonNode answer = breaker.executeSupplier(() -> send(method, path, body, idempotencyKey));
            count(operation, "ok");
            return answer;
        } catch (CallNotPermittedException e) {
            count(operation, "circuit_open");
            throw new ProviderUnavailable("Vipps is not answering; the hub stopped calling it for a moment (circuit open). "
                    + "Try again shortly or take another tender.", e);
        } catch (ProviderRejected e) {
            count(operation, "rejected");
            throw e;
        } catch (ProviderUnavailable e) {
            count(operation, "unavailable");
            throw e;
        }
    }

    private void count(String operation, String outcome) {
        meters.counter("poshub.payment.calls", "operation", operation, "outcome", outcome).increment();
    }

    private static String operation(String method, String path) {
        if (path.endsWith("/capture")) {
            return "capture";
        }
        if (path.endsWith("/refund")) {
            return "refund";
        }
        if (path.endsWith("/cancel")) {
            return "cancel";
        }
        return "POST".equals(method) ? "create" : "get";
    }

    private JsonNode send(String method, String path, Object body, String idempotencyKey) {
        String bearer = token();
        Exchange answer = producer.send(VippsRoutes.CALL, exchange -> {
            var in = exchange.getIn();
            // As the HTTP component's own enum: a String would go through Camel's type-converter look-up on every call.
            in.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(method));
            in.setHeader(Exchange.HTTP_PATH, path);
            in.setHeader("Authorization", "Bearer " + bearer);
            in.setHeader("Ocp-Apim-Subscription-Key", properties.vipps().subscriptionKey());
            in.setHeader("Merchant-Serial-Number", properties.vipps().merchantSerialNumber());
            in.setHeader("Vipps-System-Name", SYSTEM_NAME);
            in.setHeader("Vipps-System-Version", SYSTEM_VERSION);
            in.setHeader("Vipps-System-Plugin-Name", SYSTEM_NAME);
            in.setHeader("Vipps-System-Plugin-Version", SYSTEM_VERSION);
            if (idempotencyKey != null) {
                in.setHeader("Idempotency-Key", idempotencyKey);
            }
            if (body != null) {
                in.setHeader(Exchange.CONTENT_TYPE, "application/json");
                in.setBody(json.writeValueAsString(body));
            } else {
                in.setBody(null);
            }
        });
        return read(answer);
    }

    private JsonNode read(Exchange answer) {
        Exception failure = answer.getException();
        if (failure != null) {
            HttpOperationFailedException http = Causes.find(failure, HttpOperationFailedException.class);
            if (http != null && http.getStatusCode() < 500 && http.getStatusCode() != 429) {
                if (http.getStatusCode() == 401) {
                    tokenExpires = Instant.EPOCH;
                }
                throw new ProviderRejected(http.getStatusCode(), detail(http.getResponseBody()));
            }
            throw new ProviderUnavailable("Vipps did not answer in time or answered with an error: " + failure.getMessage(), failure);
        }
        String body = answer.getMessage().getBody(String.class);
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (Exception e) {
            throw new ProviderUnavailable("Vipps answered something that is not JSON", e);
        }
    }

    private synchronized String token() {
        if (token != null && Instant.now().isBefore(tokenExpires)) {
            return token;
        }
        Exchange answer = producer.send(VippsRoutes.TOKEN, exchange -> exchange.getIn().setBody(""));
        JsonNode node = read(answer);
        token = node.path("access_token").asText();
        long seconds = node.path("expires_in").asLong(3600);
        // Refreshed shortly before it runs out, never used in its last minute.
        tokenExpires = Instant.now().plus(Duration.ofSeconds(Math.max(0, seconds - 60)));
        return token;
    }

    /** The provider's own words from its problem JSON (detail or title), for the cashier. */
    private String detail(String body) {
        try {
            JsonNode problem = json.readTree(body == null ? "{}" : body);
            String detail = problem.path("detail").asText(problem.path("title").asText(""));
            return detail.isBlank() ? "Vipps refused the request" : detail;
        } catch (Exception e) {
            return "Vipps refused the request";
        }
    }

    static Map<String, Object> amount(String currency, long value) {
        return Map.of("currency", currency, "value", value);
    }
}
