package io.poshub.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The servlet container's error page (a request refused before it reached a controller — by the firewall for a
 * double-encoded or traversing path, by a filter's sendError): a problem answer with the status's code, repeating
 * nothing of the request. Spring Boot's own page answered {@code {timestamp, status, error, path}}, path included.
 */
@Hidden
@RestController
class ErrorAnswers implements ErrorController {

    @RequestMapping(path = "/error", produces = MediaType.APPLICATION_PROBLEM_JSON_VALUE)
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null ? HttpStatus.valueOf(value)
                : HttpStatus.INTERNAL_SERVER_ERROR;
        String detail = switch (status) {
            case BAD_REQUEST -> "The request cannot be read: its path, query or headers are not ones the hub takes.";
            case NOT_FOUND -> "Nothing is here.";
            default -> status.getReasonPhrase() + ".";
        };
        ProblemDetail problem = ProblemCodes.withCode(ProblemHandler.problem(status, status.getReasonPhrase(), detail));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
