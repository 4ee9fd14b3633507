package io.poshub.admin;

/** Answered as 409 problem JSON with this message: the request clashes with what the hub already holds. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
