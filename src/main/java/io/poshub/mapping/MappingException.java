package io.poshub.mapping;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.modulith.NamedInterface;
import org.springframework.web.ErrorResponse;

/**
 * A mapping file that is missing or says something poshub cannot act on; the message names the file and the key.
 * Over HTTP: 409 "Mapping not usable".
 */
@NamedInterface("api")
public class MappingException extends RuntimeException implements ErrorResponse {

    /** The line of the mapping file the problem is at (1-based), when known. */
    private final Integer line;

    public MappingException(String message) {
        this(message, (Integer) null);
    }

    public MappingException(String message, Integer line) {
        super(message);
        this.line = line;
    }

    public MappingException(String message, Throwable cause) {
        super(message, cause);
        this.line = null;
    }

    public Integer line() {
        return line;
    }

    @Override
    public HttpStatusCode getStatusCode() {
        return HttpStatus.CONFLICT;
    }

    @Override
    public ProblemDetail getBody() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, getMessage());
        problem.setTitle("Mapping not usable");
        if (line != null) {
            problem.setProperty("line", line);
        }
        return problem;
    }
}
