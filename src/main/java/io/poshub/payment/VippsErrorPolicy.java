package io.poshub.payment;

import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * The error policy of the Vipps routes: 5xx, 429, timeouts and refused connections are retried in place — same
 * exchange, same headers, so the same Idempotency-Key — {@code poshub.payments.vipps.retries} times with
 * back-off from {@code retry-delay}; 4xx answers are not retried and reach the caller.
 */
@Component
class VippsErrorPolicy extends RouteConfigurationBuilder {

    static final String ID = "poshub-vipps-errors";

    private final PaymentProperties properties;

    VippsErrorPolicy(PaymentProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(HttpOperationFailedException.class, IOException.class)
                    .onWhen(VippsErrorPolicy::worthRetrying)
                    .maximumRedeliveries(properties.vipps().retries())
                    .redeliveryDelay(properties.vipps().retryDelay().toMillis())
                    .useExponentialBackOff()
                    .backOffMultiplier(2)
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .logRetryStackTrace(false)
                    .logExhaustedMessageHistory(false)
                    // The till is answered 503 UNAVAILABLE and retries with its key: a line saying why, not a stack trace.
                    .retriesExhaustedLogLevel(LoggingLevel.WARN)
                    .logStackTrace(false)
                    .handled(false)
                .end();
    }

    /** A refused connection or a timeout, a 5xx or a 429; not another 4xx, which is the provider's answer. */
    private static boolean worthRetrying(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (caught == null) {
            caught = exchange.getException();
        }
        return !(caught instanceof HttpOperationFailedException failed) || failed.getStatusCode() >= 500 || failed.getStatusCode() == 429;
    }
}
