package io.poshub.web;

import io.poshub.PoshubProperties;
import io.poshub.common.Hashes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates tills by {@code X-Api-Key}: a key configured for a merchant ({@code poshub.till-keys.*}, compared in
 * constant time) or made at run time ({@link TillKeys}, found by its SHA-256) makes the request a TILL of that merchant
 * — and of one store, when the key was made for one; any other key is refused with 401.
 */
class TillKeyFilter extends OncePerRequestFilter {

    static final String HEADER = "X-Api-Key";

    /** The principal of a till request; {@code store} null when the key is for every store of the merchant. */
    record Till(String merchant, String store) {
    }

    private final Map<String, List<String>> keys;
    private final TillKeys madeKeys;
    private final AuthenticationEntryPoint refused;

    TillKeyFilter(PoshubProperties properties, TillKeys madeKeys, AuthenticationEntryPoint refused) {
        this.keys = properties.tillKeys() == null ? Map.of() : properties.tillKeys();
        this.madeKeys = madeKeys;
        this.refused = refused;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (key == null) {
            chain.doFilter(request, response);
            return;
        }
        String merchant = merchantOf(key);
        Till till = merchant != null ? new Till(merchant, null) : madeKeys.find(sha256(key)).orElse(null);
        if (till == null) {
            refused.commence(request, response, new BadCredentialsException("unknown till key"));
            return;
        }
        SecurityContextHolder.getContext().setAuthentication(new TillAuthentication(till));
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private String merchantOf(String key) {
        byte[] given = key.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (var entry : keys.entrySet()) {
            for (String candidate : entry.getValue()) {
                if (!candidate.isBlank() && MessageDigest.isEqual(given, candidate.trim().getBytes(StandardCharsets.UTF_8))) {
                    found = entry.getKey();
                }
            }
        }
        return found;
    }

    static String sha256(String key) {
        return Hashes.sha256Hex(key.getBytes(StandardCharsets.UTF_8));
    }

    private static final class TillAuthentication extends AbstractAuthenticationToken {

        private final Till till;

        TillAuthentication(Till till) {
            super(AuthorityUtils.createAuthorityList("ROLE_TILL"));
            this.till = till;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return till;
        }
    }
}
