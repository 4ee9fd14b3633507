package io.poshub.admin;

import io.poshub.payment.VippsClient;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Every API error as RFC 7807 problem JSON with a message a person can act on; never a stack trace. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
    }

    @ExceptionHandler(VippsClient.ProviderUnavailable.class)
    ProblemDetail providerUnavailable(VippsClient.ProviderUnavailable e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "Payment provider unavailable", e.getMessage());
    }

    @ExceptionHandler(VippsClient.ProviderRejected.class)
    ProblemDetail providerRejected(VippsClient.ProviderRejected e) {
        HttpStatus status = e.status() == 404 ? HttpStatus.NOT_FOUND : e.status() == 409 ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
        return problem(status, "Refused by Vipps", e.getMessage());
    }

    @ExceptionHandler(io.poshub.format.UnreadableFileException.class)
    ProblemDetail unreadable(io.poshub.format.UnreadableFileException e) {
        return problem(HttpStatus.UNPROCESSABLE_ENTITY, "File cannot be read", e.getMessage());
    }

    @ExceptionHandler(io.poshub.format.MappingException.class)
    ProblemDetail mapping(io.poshub.format.MappingException e) {
        return problem(HttpStatus.CONFLICT, "Mapping not usable", e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        String incident = UUID.randomUUID().toString();
        log.error("Unexpected error, incident {}", incident, e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The hub could not answer; the log names this incident " + incident + ".");
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
