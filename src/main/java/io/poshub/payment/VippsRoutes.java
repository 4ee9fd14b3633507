package io.poshub.payment;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.stereotype.Component;

/**
 * The Vipps MobilePay calls as Camel HTTP routes, their address and credentials from {@code poshub.payments.vipps.*}.
 * {@code direct:vipps} → the ePayment API at the path and method the caller set, with the headers it set (auth,
 * subscription key, merchant serial number, Idempotency-Key, Vipps-System-*) → the answer's body.
 * {@code direct:vipps-token} → an access token. Error path: {@link VippsErrorPolicy}.
 */
@Component
class VippsRoutes extends RouteBuilder {

    static final String CALL = "direct:vipps";
    static final String TOKEN = "direct:vipps-token";

    private final PaymentProperties properties;

    VippsRoutes(PaymentProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configure() {
        // The HTTP component takes its timeouts in milliseconds; the keys are durations (2s, 5s).
        String endpoint = "{{poshub.payments.vipps.base-url}}?connectTimeout=" + properties.vipps().connectTimeout().toMillis()
                + "&responseTimeout=" + properties.vipps().responseTimeout().toMillis()
                + "&soTimeout=" + properties.vipps().responseTimeout().toMillis();

        from(CALL).routeId("vipps-call")
                .routeConfigurationId(VippsErrorPolicy.ID)
                .to(endpoint).id("vipps-epayment-http")
                .convertBodyTo(String.class).id("vipps-read-answer");

        from(TOKEN).routeId("vipps-access-token")
                .routeConfigurationId(VippsErrorPolicy.ID)
                .setHeader(Exchange.HTTP_METHOD, constant(HttpMethods.POST))
                .setHeader(Exchange.HTTP_PATH, constant("/accesstoken/get"))
                .process(this::credentials).id("vipps-credentials")
                .setBody(constant(""))
                .to(endpoint).id("vipps-token-http")
                .convertBodyTo(String.class);
    }

    /**
     * The credentials, read from configuration when the call is made: a constant in the route would stand in its
     * definition, and so in every route dump and processor MBean that Hawtio and Jolokia show.
     */
    private void credentials(Exchange exchange) {
        PaymentProperties.Vipps vipps = properties.vipps();
        var in = exchange.getIn();
        in.setHeader("client_id", vipps.clientId());
        in.setHeader("client_secret", vipps.clientSecret());
        in.setHeader("Ocp-Apim-Subscription-Key", vipps.subscriptionKey());
        in.setHeader("Merchant-Serial-Number", vipps.merchantSerialNumber());
    }
}
