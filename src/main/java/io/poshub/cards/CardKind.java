package io.poshub.cards;

import org.springframework.modulith.NamedInterface;

/** What a card number range is for. */
@NamedInterface("api")
public enum CardKind {
    /** Loyalty cards members carry. */
    MEMBER,
    /** Gift cards. */
    GIFT
}
