package io.poshub.web;

import org.springframework.http.HttpStatus;
import org.springframework.modulith.NamedInterface;
import org.springframework.web.ErrorResponseException;

/**
 * An error a capability answers over HTTP as problem JSON with its own status, title and detail; its message is the
 * detail, for the log and the import rows alike.
 */
@NamedInterface("api")
public class ProblemException extends ErrorResponseException {

    public ProblemException(HttpStatus status, String title, String detail, Throwable cause) {
        super(status, ProblemHandler.problem(status, title, detail), cause);
    }

    /** A problem with a code of its own ({@code DISK_LOW}, …) rather than its status's. */
    public static ProblemException coded(HttpStatus status, String code, String title, String detail) {
        ProblemException problem = new ProblemException(status, title, detail, null);
        problem.getBody().setProperty("code", code);
        return problem;
    }

    @Override
    public String getMessage() {
        return getBody().getDetail();
    }
}
