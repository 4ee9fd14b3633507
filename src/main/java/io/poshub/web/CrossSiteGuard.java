package io.poshub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.common.Names;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A browser that holds an admin's credentials (a Basic prompt answered once, the console's session) sends them with a
 * request a foreign page makes — a form's text/plain or multipart post needs no preflight. So every state-changing
 * request, and every request to Jolokia (its GET runs operations too), that says it comes from another site is refused
 * with 403 {@code CROSS_SITE_REQUEST} before anything else looks at it: {@code Sec-Fetch-Site: cross-site}, or an
 * {@code Origin} that is neither the hub's own (scheme, host and port of the request) nor one of
 * {@code poshub.security.allowed-origins}. Tills and scripts send neither header and are not concerned. The hub
 * answers no CORS preflight, so no foreign page can read an answer either.
 */
final class CrossSiteGuard extends OncePerRequestFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final ObjectMapper json;
    private final List<String> allowedOrigins;

    CrossSiteGuard(ObjectMapper json, List<String> allowedOrigins) {
        this.json = json;
        this.allowedOrigins = allowedOrigins.stream().map(CrossSiteGuard::normal).toList();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean guarded = !SAFE.contains(request.getMethod()) || request.getRequestURI().startsWith("/actuator/jolokia");
        if (guarded && fromAnotherSite(request)) {
            response.setStatus(HttpStatus.FORBIDDEN.value());
            response.setContentType("application/problem+json");
            var problem = ProblemHandler.problem(HttpStatus.FORBIDDEN, "Cross-site request",
                    "This request comes from another site (Origin " + shown(request.getHeader("Origin"))
                            + ", Sec-Fetch-Site " + shown(request.getHeader("Sec-Fetch-Site")) + "): the hub takes changes only from its own pages and from clients that are not browsers.");
            problem.setProperty("code", "CROSS_SITE_REQUEST");
            json.writeValue(response.getOutputStream(), problem);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean fromAnotherSite(HttpServletRequest request) {
        if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return false;
        }
        String given = normal(origin);
        return !given.equals(own(request)) && !allowedOrigins.contains(given);
    }

    /** The origin the request was sent to, as a browser on the hub's own page would name it. */
    private static String own(HttpServletRequest request) {
        int port = request.getServerPort();
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        boolean usual = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + request.getServerName().toLowerCase(Locale.ROOT) + (usual ? "" : ":" + port);
    }

    /** scheme://host[:port], lower case, without a default port; anything unreadable (e.g. "null") as itself. */
    private static String normal(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return origin.trim();
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean usual = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (usual ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return origin.trim();
        }
    }

    private static String shown(String header) {
        return header == null ? "none" : Names.shown(header);
    }
}
