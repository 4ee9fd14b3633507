package io.poshub.audit;

import io.poshub.web.OperationIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Records every change a person makes through the API as it is answered — whatever the endpoint, so a new one is in
 * the trail without a line of its own: the person, the operation's name ({@code memberChange}), the path it changed
 * (long digit runs masked: a card number in a path is not kept), the answer's status, and what the capability noted.
 * Reads are not recorded, nor tills' calls (their money calls have ledgers of their own); a refused change (4xx) is,
 * with its status.
 */
@Configuration(proxyBeanMethods = false)
class ChangesRecorded implements WebMvcConfigurer, HandlerInterceptor {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final Pattern LONG_NUMBER = Pattern.compile("\\d{5,}(\\d{4})");

    private final AuditTrail trail;
    private final Clock clock;

    ChangesRecorded(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (READS.contains(request.getMethod()) || !(handler instanceof HandlerMethod method)) {
            return;
        }
        Authentication person = SecurityContextHolder.getContext().getAuthentication();
        if (person == null || person.getAuthorities().stream().noneMatch(a -> "ROLE_VIEWER".equals(a.getAuthority()))) {
            return; // a till, or nobody (the Vipps callback)
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> noted = (Map<String, Object>) request.getAttribute(AuditDetails.ATTRIBUTE);
        Map<String, Object> detail = noted == null ? new LinkedHashMap<>() : new LinkedHashMap<>(noted);
        int status = ex != null && response.getStatus() < 400 ? 500 : response.getStatus();
        trail.record(clock.instant(), person.getName(), OperationIds.of(method), masked(request.getRequestURI()), status, detail);
    }

    /** A path with every run of nine or more digits cut to its last four: ids stay readable, card numbers do not. */
    static String masked(String path) {
        return LONG_NUMBER.matcher(path).replaceAll("****$1");
    }
}
