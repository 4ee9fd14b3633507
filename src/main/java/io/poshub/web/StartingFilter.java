package io.poshub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Until the hub is ready — Tomcat answers a moment before Camel's routes, feeds and payment calls have started — every
 * API call is answered 503 {@code {title: "starting"}} with {@code Retry-After}, so a till retries instead of blaming
 * Vipps for our start-up. Readiness ({@code /actuator/health/readiness}) stays DOWN for as long.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class StartingFilter extends OncePerRequestFilter {

    private static final int RETRY_AFTER_SECONDS = 2;

    private final ObjectMapper json;
    private volatile boolean ready;

    StartingFilter(ObjectMapper json) {
        this.json = json;
    }

    @EventListener
    void on(AvailabilityChangeEvent<ReadinessState> event) {
        ready = event.getState() == ReadinessState.ACCEPTING_TRAFFIC;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return ready || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("type", "about:blank", "title", "starting", "status", 503,
                "detail", "poshub is starting; try again in " + RETRY_AFTER_SECONDS + " s", "code", "STARTING"));
    }
}
