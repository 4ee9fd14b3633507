package io.poshub.admin;

/** Answered as 404 problem JSON with this message. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
