package io.poshub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ten failed logins from one address within a minute, and that address's next sign-ins are answered 429 with
 * {@code Retry-After} (the seconds until its oldest failure is a minute old) before any password is checked (contract
 * §16). Counted per node, in memory, for at most {@value #ADDRESSES} addresses (the least recently failed forgotten
 * first), so a flood of addresses cannot fill the heap.
 */
@Component
class LoginThrottle {

    static final int FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int ADDRESSES = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > ADDRESSES;
        }
    };

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    void failed(String address) {
        synchronized (failures) {
            Deque<Instant> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
            times.addLast(clock.instant());
            prune(times);
        }
    }

    /** How long the address must wait before it may sign in again, or null when it may now. */
    Duration retryAfter(String address) {
        synchronized (failures) {
            Deque<Instant> times = failures.get(address);
            if (times == null) {
                return null;
            }
            prune(times);
            if (times.size() < FAILURES) {
                return null;
            }
            return Duration.between(clock.instant(), times.peekFirst().plus(WINDOW));
        }
    }

    private void prune(Deque<Instant> times) {
        Instant since = clock.instant().minus(WINDOW);
        while (!times.isEmpty() && !times.peekFirst().isAfter(since)) {
            times.removeFirst();
        }
    }

    /**
     * The filter: a sign-in (an Authorization header) from a throttled address is a 429 problem; one answered 401 is a
     * failure of its address (counted here, once per request, whichever way the credentials were checked).
     */
    OncePerRequestFilter filter(ObjectMapper json) {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                boolean signIn = request.getHeader("Authorization") != null;
                Duration wait = signIn ? retryAfter(request.getRemoteAddr()) : null;
                if (wait != null) {
                    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
                    response.setHeader("Retry-After", String.valueOf(seconds));
                    ProblemHandler.write(json, response, HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins",
                            FAILURES + " sign-ins from this address failed within a minute: try again in " + seconds + " s.");
                    return;
                }
                chain.doFilter(request, response);
                if (signIn && response.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
                    failed(request.getRemoteAddr());
                }
            }
        };
    }
}
