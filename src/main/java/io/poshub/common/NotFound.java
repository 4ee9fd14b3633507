package io.poshub.common;

/** What a request names does not exist (a member, a payment, a card, an import…); the web edge answers it with 404. */
public class NotFound extends DomainException {

    public NotFound(String message) {
        super(Kind.NOT_FOUND, "Not found", null, message, null);
    }
}
