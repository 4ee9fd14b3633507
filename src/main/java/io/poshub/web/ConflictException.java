package io.poshub.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Answered as 409 problem JSON with this message: the request clashes with what the hub already holds. */
public class ConflictException extends ErrorResponseException {

    public ConflictException(String message) {
        super(HttpStatus.CONFLICT, ProblemHandler.problem(HttpStatus.CONFLICT, "Conflict", message), null);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
