package io.poshub.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** Answered as 404 problem JSON with this message. */
public class NotFoundException extends ErrorResponseException {

    public NotFoundException(String message) {
        super(HttpStatus.NOT_FOUND, ProblemHandler.problem(HttpStatus.NOT_FOUND, "Not found", message), null);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
