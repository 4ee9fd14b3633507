package io.poshub.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What a signed-in person may ask Jolokia (and so Hawtio), request by request, before Jolokia sees it (contract §16).
 * Below ADMIN: {@code read}, {@code list}, {@code search} and {@code version} only. ADMIN: those, attribute writes on
 * Camel's MBeans (statistics, tracing), and the operations of {@link #ADMIN_OPERATIONS} — starting and stopping routes,
 * Camel's XML dumps, a GC, a thread dump, a logger's level. Nothing that sends a message into a route
 * ({@code sendBody…}), adds or changes routes, writes a file (a heap dump, a flight recording) or runs code (the JVM's
 * diagnostic commands, an agent) is on it; whatever is not on it is refused with 403 {@code JMX_OPERATION_REFUSED}.
 * A bulk POST is refused whole when one of its requests is.
 */
final class JolokiaGuard extends OncePerRequestFilter {

    static final String PATH = "/actuator/jolokia";
    private static final int MAX_BODY = 256 * 1024;
    private static final Set<String> READS = Set.of("read", "list", "search", "version");
    /** MBean domain → the operations an ADMIN may run there. */
    static final Map<String, Set<String>> ADMIN_OPERATIONS = Map.of(
            "org.apache.camel", Set.of("start", "stop", "suspend", "resume", "restart", "reset",
                    "dumpRoutesAsXml", "dumpRouteAsXml", "dumpRoutesAsYaml", "dumpRouteAsYaml", "dumpStatsAsXml",
                    "dumpRouteStatsAsXml", "dumpRoutesStatsAsXml", "dumpStepStatsAsXml"),
            "java.lang", Set.of("gc", "dumpAllThreads", "findDeadlockedThreads", "findMonitorDeadlockedThreads", "getThreadInfo",
                    "getThreadCpuTime", "getThreadUserTime"),
            "java.util.logging", Set.of("getLoggerLevel", "setLoggerLevel", "getParentLoggerName"),
            "hawtio", Set.of("list"));

    private final ObjectMapper json;

    JolokiaGuard(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(PATH);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean admin = isAdmin(SecurityContextHolder.getContext().getAuthentication());
        if ("GET".equals(request.getMethod())) {
            String refusal = refusal(admin, getRequest(request));
            if (refusal != null) {
                refuse(response, refusal);
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            refuse(response, "Jolokia is asked by GET or POST, not " + request.getMethod());
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            refuse(response, "a Jolokia request of over " + MAX_BODY + " bytes");
            return;
        }
        List<JsonNode> asked = new ArrayList<>();
        try {
            JsonNode root = json.readTree(body);
            if (root != null && root.isArray()) {
                root.forEach(asked::add);
            } else if (root != null) {
                asked.add(root);
            }
        } catch (IOException e) {
            refuse(response, "the Jolokia request is not JSON");
            return;
        }
        for (JsonNode one : asked) {
            String refusal = refusal(admin, new Asked(one.path("type").asText(""), one.path("mbean").asText(null),
                    one.path("operation").asText(null)));
            if (refusal != null) {
                refuse(response, refusal);
                return;
            }
        }
        chain.doFilter(new Replayed(request, body), response);
    }

    /** One request to Jolokia: its type, and for exec and write the MBean and operation. */
    record Asked(String type, String mbean, String operation) {
    }

    /** Why the request is refused, or null when it may go on. */
    static String refusal(boolean admin, Asked asked) {
        String type = asked.type().toLowerCase(java.util.Locale.ROOT);
        if (READS.contains(type)) {
            return null;
        }
        if (!admin) {
            return "your role may read JMX, not " + (type.isEmpty() ? "an unnamed request" : type);
        }
        ObjectName name;
        try {
            name = new ObjectName(asked.mbean() == null ? "" : asked.mbean());
        } catch (MalformedObjectNameException e) {
            return "no MBean named in a " + type;
        }
        if (name.isPattern()) {
            return "a " + type + " names one MBean, not a pattern";
        }
        if ("write".equals(type)) {
            return "org.apache.camel".equals(name.getDomain()) ? null : "attributes are written on Camel's MBeans only";
        }
        if ("exec".equals(type)) {
            String operation = asked.operation() == null ? "" : asked.operation();
            int signature = operation.indexOf('(');
            String bare = signature < 0 ? operation : operation.substring(0, signature);
            return ADMIN_OPERATIONS.getOrDefault(name.getDomain(), Set.of()).contains(bare) ? null
                    : "the operation " + bare + " of " + name.getDomain() + " is not one the hub lets run over HTTP";
        }
        return "the request type " + type + " is not taken";
    }

    /** A GET names its request in the path (/exec/mbean/operation/…) or in the p parameter. */
    private static Asked getRequest(HttpServletRequest request) {
        String path = request.getParameter("p");
        if (path == null) {
            path = request.getRequestURI().substring(Math.min(request.getRequestURI().length(),
                    request.getContextPath().length() + PATH.length()));
            path = URLDecoder.decode(path, StandardCharsets.UTF_8);
        }
        String[] parts = path.replaceAll("^/+", "").split("/", 4);
        String type = parts.length == 0 || parts[0].isEmpty() ? "version" : parts[0];
        return new Asked(type, parts.length > 1 ? parts[1].replace("!/", "/") : null, parts.length > 2 ? parts[2] : null);
    }

    private static boolean isAdmin(Authentication authentication) {
        return authentication != null && authentication.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
    }

    private void refuse(HttpServletResponse response, String why) throws IOException {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType("application/problem+json");
        var problem = ProblemHandler.problem(HttpStatus.FORBIDDEN, "JMX request refused", why + ".");
        problem.setProperty("code", "JMX_OPERATION_REFUSED");
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The request with its body read once by the guard and again by Jolokia. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
