package io.poshub.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.poshub.common.DatabaseAway;
import io.poshub.common.DomainException;
import io.poshub.common.InvalidField;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every API error as RFC 7807 problem JSON with a message a person can act on; never a stack trace. A capability's
 * domain's refusals ({@link DomainException}: not found, conflict, a file that cannot be read, a mapping that cannot
 * be used, the payment provider's answers, no room on disk) are translated here, once, by their kind, so this handler
 * knows no capability.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage());
        return e instanceof InvalidField invalid ? withField(problem, invalid.field(), invalid.getMessage()) : problem;
    }

    /** The domain's refusals, translated here once: each kind its status, with the title, code and figures it gave. */
    @ExceptionHandler(DomainException.class)
    ProblemDetail refused(DomainException e) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case UNREADABLE -> HttpStatus.UNPROCESSABLE_ENTITY;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
            case NO_ROOM -> HttpStatus.INSUFFICIENT_STORAGE;
        };
        ProblemDetail problem = problem(status, e.title(), e.getMessage());
        if (e.code() != null) {
            problem.setProperty("code", e.code());
        }
        e.details().forEach(problem::setProperty);
        return problem;
    }

    /** A query parameter that is not there, or not of its type: the problem names it. */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e, HttpHeaders headers,
                                                                          HttpStatusCode status, WebRequest request) {
        String message = "is required (" + e.getParameterType() + ")";
        return ResponseEntity.badRequest().body(withField(problem(HttpStatus.BAD_REQUEST, "Bad request",
                "parameter " + e.getParameterName() + " " + message), e.getParameterName(), message));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String field = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        String message = "must be " + (e.getRequiredType() == null ? "of another type" : article(e.getRequiredType().getSimpleName()))
                + ", not '" + e.getValue() + "'";
        return ResponseEntity.badRequest().body(withField(problem(HttpStatus.BAD_REQUEST, "Bad request", field + " " + message),
                field, message));
    }

    /**
     * A body Jackson could not read: 413 when it was cut at its limit ({@link JsonBodyLimit}); a field of the wrong type
     * a 400 naming the field; else a 400 with why.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonBodyLimit.TooLarge tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                        .body(problem(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large", tooLarge.getMessage()));
            }
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                String field = field(mapping.getPath());
                String message = mapping instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null
                        ? "must be " + article(mismatched.getTargetType().getSimpleName()) : "cannot be read";
                return ResponseEntity.badRequest().body(withField(problem(HttpStatus.BAD_REQUEST, "Bad request",
                        "field " + field + " " + message), field, message));
            }
        }
        return super.handleHttpMessageNotReadable(e, headers, status, request);
    }

    /** A JSON path as a till's developer writes it: {@code lines[2].amount}. */
    private static String field(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(step.getFieldName());
            } else {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String article(String type) {
        return switch (type) {
            case "Long", "long", "Integer", "int", "Short", "short", "BigInteger" -> "a whole number";
            case "BigDecimal", "Double", "double" -> "a number";
            case "Boolean", "boolean" -> "true or false";
            case "String" -> "a string";
            case "LocalDate" -> "a date (YYYY-MM-DD)";
            case "Instant", "OffsetDateTime" -> "a time (ISO 8601)";
            default -> type.endsWith("List") || type.equals("Set") ? "a list" : "a " + type;
        };
    }

    /** The problem with the field at fault in {@code errors}, as the contract's validation problems carry it. */
    private static ProblemDetail withField(ProblemDetail problem, String field, String message) {
        problem.setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return problem;
    }

    private static final Pattern TOO_LONG = Pattern.compile("Data too long for column '([A-Za-z0-9_]+)'");

    /**
     * A value longer than its column (a till's 10 000-character reference): the transaction rolled back, nothing of the
     * call is kept, and the caller learns which field — a 400, not an incident.
     */
    @ExceptionHandler(DataIntegrityViolationException.class)
    ProblemDetail notStorable(DataIntegrityViolationException e) {
        Matcher column = TOO_LONG.matcher(String.valueOf(e.getMostSpecificCause().getMessage()));
        if (!column.find()) {
            return unexpected(e);
        }
        String field = JdbcUtils.convertUnderscoreNameToPropertyName(column.group(1));
        String message = field + " is longer than the hub keeps; nothing of the call was kept";
        return withField(problem(HttpStatus.BAD_REQUEST, "Bad request", message), field, message);
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        if (e instanceof ErrorResponse known) {
            return known.getBody();
        }
        String incident = UUID.randomUUID().toString();
        if (DatabaseAway.is(e)) {
            log.warn("The database did not answer, incident {}: {}", incident, e.getMessage());
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "Database unavailable", "The hub's database did not answer. Retry "
                    + "shortly, with the same Idempotency-Key. The log names this incident " + incident + ".");
        }
        log.error("Unexpected error, incident {}", incident, e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error",
                "The hub could not answer; the log names this incident " + incident + ".");
    }

    /**
     * Writes a problem, with the code of its status, where no controller answers: the security chain's refusals and the
     * filters in front of the controllers.
     */
    static void write(com.fasterxml.jackson.databind.ObjectMapper json, jakarta.servlet.http.HttpServletResponse response,
                      HttpStatus status, String title, String detail) throws java.io.IOException {
        response.setStatus(status.value());
        response.setContentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ProblemCodes.withCode(problem(status, title, detail)));
    }

    /** A problem with its status, title and the detail a person reads. */
    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }
}
