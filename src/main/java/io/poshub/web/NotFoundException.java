package io.poshub.web;

import org.springframework.http.HttpStatus;

/** Answered as 404 problem JSON with this message. */
public class NotFoundException extends ProblemException {

    public NotFoundException(String message) {
        super(HttpStatus.NOT_FOUND, "Not found", message, null);
    }
}
