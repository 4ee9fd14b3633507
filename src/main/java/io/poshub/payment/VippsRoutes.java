package io.poshub.payment;

import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.springframework.stereotype.Component;

/**
 * The Vipps MobilePay calls as Camel HTTP routes. {@code direct:vipps} → the ePayment API at the path and
 * method the caller set, with the headers it set (auth, subscription key, merchant serial number,
 * Idempotency-Key, Vipps-System-*) → the answer's body. {@code direct:vipps-token} → an access token.
 * Error path: 5xx, 429, timeouts and refused connections are retried here with the same headers — so the
 * same Idempotency-Key — and back-off; 4xx answers are not retried and reach the caller.
 */
@Component
class VippsRoutes extends RouteBuilder {

    static final String CALL = "direct:vipps";
    static final String TOKEN = "direct:vipps-token";

    private final PaymentProperties properties;

    VippsRoutes(PaymentProperties properties) {
        this.properties = properties;
    }

    /** Retries in place — same exchange, same headers, so the same Idempotency-Key — with back-off. */
    private static void retried(org.apache.camel.model.OnExceptionDefinition on, PaymentProperties.Vipps vipps) {
        on.maximumRedeliveries(vipps.retries())
                .redeliveryDelay(vipps.retryDelay().toMillis())
                .useExponentialBackOff()
                .backOffMultiplier(2)
                .retryAttemptedLogLevel(LoggingLevel.WARN)
                .logRetryStackTrace(false)
                .logExhaustedMessageHistory(false)
                .handled(false);
    }

    @Override
    public void configure() {
        PaymentProperties.Vipps vipps = properties.vipps();
        retried(onException(HttpOperationFailedException.class).onWhen(exchange -> {
            HttpOperationFailedException failed = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, HttpOperationFailedException.class);
            if (failed == null) {
                failed = exchange.getException(HttpOperationFailedException.class);
            }
            return failed != null && (failed.getStatusCode() >= 500 || failed.getStatusCode() == 429);
        }), vipps);
        retried(onException(IOException.class), vipps);

        String options = "?connectTimeout=" + vipps.connectTimeout().toMillis()
                + "&responseTimeout=" + vipps.responseTimeout().toMillis()
                + "&soTimeout=" + vipps.responseTimeout().toMillis();

        from(CALL).routeId("vipps-call")
                .to(vipps.baseUrl() + options).id("vipps-epayment-http")
                .convertBodyTo(String.class).id("vipps-read-answer");

        from(TOKEN).routeId("vipps-access-token")
                .setHeader(Exchange.HTTP_METHOD, constant("POST"))
                .setHeader(Exchange.HTTP_PATH, constant("/accesstoken/get"))
                .setHeader("client_id", constant(vipps.clientId()))
                .setHeader("client_secret", constant(vipps.clientSecret()))
                .setHeader("Ocp-Apim-Subscription-Key", constant(vipps.subscriptionKey()))
                .setHeader("Merchant-Serial-Number", constant(vipps.merchantSerialNumber()))
                .setBody(constant(""))
                .to(vipps.baseUrl() + options).id("vipps-token-http")
                .convertBodyTo(String.class);
    }
}
