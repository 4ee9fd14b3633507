package io.poshub.cards;

import io.poshub.common.DomainException;
import org.springframework.modulith.NamedInterface;

/** A card number outside every range of its kind the merchant has (contract §19): refused {@code CARD_OUT_OF_RANGE}. */
@NamedInterface("api")
public class CardOutOfRange extends DomainException {

    public static final String CODE = "CARD_OUT_OF_RANGE";

    CardOutOfRange(String message) {
        super(Kind.INVALID, "Card number out of range", CODE, message, null);
    }
}
