package io.poshub.format;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.modulith.NamedInterface;
import org.springframework.web.ErrorResponse;

/**
 * The file as a whole cannot be read in its mapping's layout: it ends FAILED and moves to error/. Over HTTP (a
 * preview): 422 "File cannot be read".
 */
@NamedInterface("api")
public class UnreadableFileException extends RuntimeException implements ErrorResponse {

    public UnreadableFileException(String message) {
        super(message);
    }

    @Override
    public HttpStatusCode getStatusCode() {
        return HttpStatus.UNPROCESSABLE_ENTITY;
    }

    @Override
    public ProblemDetail getBody() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, getMessage());
        problem.setTitle("File cannot be read");
        return problem;
    }
}
