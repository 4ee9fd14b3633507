package io.poshub.support;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Vipps MobilePay played by WireMock: the settings that point a test hub at it, with the test's planted secrets. */
public final class VippsPeer {

    private VippsPeer() {
    }

    /** Points {@code poshub.payments.vipps.*} at the server: its URL, a client, the planted secrets, a merchant serial number. */
    public static void configure(DynamicPropertyRegistry registry, WireMockServer vipps) {
        registry.add("poshub.payments.vipps.base-url", () -> "http://localhost:" + vipps.port());
        registry.add("poshub.payments.vipps.client-id", () -> "client-id");
        registry.add("poshub.payments.vipps.client-secret", () -> "vipps-client-secret-planted-0451");
        registry.add("poshub.payments.vipps.subscription-key", () -> "vipps-subscription-key-planted-0451");
        registry.add("poshub.payments.vipps.merchant-serial-number", () -> "123456");
    }
}
