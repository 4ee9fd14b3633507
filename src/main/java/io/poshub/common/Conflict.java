package io.poshub.common;

/**
 * The request clashes with what the hub holds (a key taken, a member merged already, a parked sale booked); the web
 * edge answers it with 409.
 */
public class Conflict extends DomainException {

    public Conflict(String message) {
        super(Kind.CONFLICT, "Conflict", null, message, null);
    }
}
