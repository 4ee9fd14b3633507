package io.poshub.giftcard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code poshub.gift-cards.*}: whether card numbers carry a Luhn check digit. */
@ConfigurationProperties("poshub.gift-cards")
public record GiftCardProperties(@DefaultValue("luhn") CheckDigit checkDigit) {

    public enum CheckDigit {
        LUHN, NONE
    }
}
