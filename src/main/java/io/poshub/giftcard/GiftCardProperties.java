package io.poshub.giftcard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code poshub.gift-cards.*}: whether card numbers carry a Luhn check digit, how long an offline authorization the
 * help desk gives holds, and how often expired holds are released.
 */
@ConfigurationProperties("poshub.gift-cards")
public record GiftCardProperties(
        @DefaultValue("luhn") CheckDigit checkDigit,
        @DefaultValue("24h") Duration authorizationTtl,
        @DefaultValue("1m") Duration holdSweepInterval) {

    public enum CheckDigit {
        LUHN, NONE
    }
}
