package io.poshub.payment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.poshub.common.StoreActivity;
import io.poshub.support.HubModuleTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Payments on their own, Vipps played by WireMock: a capture announces its store's day ({@link StoreActivity}). */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class PaymentModuleTest extends HubModuleTest {

    private static WireMockServer vipps;

    @DynamicPropertySource
    static void moduleProperties(DynamicPropertyRegistry registry) {
        vipps = new WireMockServer(options().dynamicPort());
        vipps.start();
        vipps.stubFor(post("/accesstoken/get").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"token_type\":\"Bearer\",\"expires_in\":\"3600\",\"access_token\":\"test-token\"}")));
        vipps.stubFor(post(urlPathMatching("/epayment/v1/payments/[^/]+/capture"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{}")));
        registry.add("poshub.payments.vipps.base-url", () -> "http://localhost:" + vipps.port());
        registry.add("poshub.payments.vipps.client-id", () -> "client-id");
        registry.add("poshub.payments.vipps.client-secret", () -> "vipps-client-secret-planted-0451");
        registry.add("poshub.payments.vipps.subscription-key", () -> "vipps-subscription-key-planted-0451");
        registry.add("poshub.payments.vipps.merchant-serial-number", () -> "123456");
    }

    @AfterAll
    static void stopProvider() {
        vipps.stop();
    }

    @Autowired
    Payments payments;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCaptureAnnouncesItsStoresDay(Scenario scenario) {
        // Approved by the customer already (the webhook's work, tested in PaymentsTest).
        jdbc.update("""
                INSERT INTO payment (reference, merchant, store, currency, amount, state, authorized, expires_at)
                VALUES ('mod-pay-0001', 'demo', 'S-4', 'NOK', 10000, 'AUTHORIZED', 10000, UTC_TIMESTAMP(3) + INTERVAL 1 HOUR)
                """);

        scenario.stimulate(() -> payments.capture("demo", "mod-pay-0001", 4000L, "cap-1"))
                .andWaitForEventOfType(StoreActivity.class)
                .matching(activity -> "S-4".equals(activity.store()))
                .toArriveAndVerify((activity, payment) -> {
                    assertThat(activity.merchant()).isEqualTo("demo");
                    assertThat(payment.captured()).isEqualTo(4000);
                });
    }
}
