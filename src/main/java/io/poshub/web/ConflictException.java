package io.poshub.web;

import org.springframework.http.HttpStatus;

/** Answered as 409 problem JSON with this message: the request clashes with what the hub already holds. */
public class ConflictException extends ProblemException {

    public ConflictException(String message) {
        super(HttpStatus.CONFLICT, "Conflict", message, null);
    }
}
