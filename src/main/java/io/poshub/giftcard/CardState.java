package io.poshub.giftcard;

/** A gift card takes money while ACTIVE; an INACTIVE one (lost, stolen, blocked by an admin) takes none until reactivated. */
@org.springframework.modulith.NamedInterface("api")
public enum CardState {
    ACTIVE,
    INACTIVE
}
