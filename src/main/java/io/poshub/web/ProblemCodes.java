package io.poshub.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Every problem answer carries a stable {@code code} a till can switch on: the one its capability set
 * ({@code INSUFFICIENT_POINTS}, {@code DISK_LOW}, …), else the one of its status ({@code NOT_FOUND}, {@code CONFLICT}, …).
 */
@RestControllerAdvice
class ProblemCodes implements ResponseBodyAdvice<Object> {

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            withCode(problem);
        }
        return body;
    }

    /** Gives the problem the code of its status, unless it has one of its own. */
    static ProblemDetail withCode(ProblemDetail problem) {
        if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
            problem.setProperty("code", of(HttpStatusCode.valueOf(problem.getStatus())));
        }
        return problem;
    }

    /** The code of a status: its reason phrase in upper snake case, 400 as VALIDATION_FAILED. */
    static String of(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "VALIDATION_FAILED";
            case 401 -> "UNAUTHORIZED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 409 -> "CONFLICT";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 429 -> "TOO_MANY_REQUESTS";
            case 500 -> "INTERNAL_ERROR";
            case 502 -> "PROVIDER_ERROR";
            case 503 -> "UNAVAILABLE";
            default -> status instanceof org.springframework.http.HttpStatus known
                    ? known.name() : "HTTP_" + status.value();
        };
    }
}
