package io.poshub.common;

/** What a request names does not exist (a member, a payment, a card, an import…); the web edge answers it with 404. */
public class NotFound extends RuntimeException {

    public NotFound(String message) {
        super(message);
    }
}
