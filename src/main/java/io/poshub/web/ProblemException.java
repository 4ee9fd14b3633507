package io.poshub.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * An error a capability answers over HTTP as problem JSON with its own status, title and detail; its message is the
 * detail, for the log and the import rows alike.
 */
public class ProblemException extends ErrorResponseException {

    public ProblemException(HttpStatus status, String title, String detail, Throwable cause) {
        super(status, ProblemHandler.problem(status, title, detail), cause);
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
