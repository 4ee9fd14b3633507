package io.poshub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.PoshubProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.request.async.WebAsyncManagerIntegrationFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what (contract §16). People sign in by HTTP Basic — the admin of {@code POSHUB_ADMIN_USER}/{@code
 * POSHUB_ADMIN_PASSWORD} and the users of {@code poshub.security.users[]} — or, when {@code poshub.security.oidc.issuer-uri}
 * is set, with a bearer token of the chain's identity provider. A VIEWER reads (the API's GETs, metrics, Hawtio and
 * Jolokia read-only); an OPERATOR also uploads, reprocesses and assigns parked sales; an ADMIN does the rest. Tills
 * ({@code X-Api-Key}, per merchant) look members up, identify a swiped card, redeem and refund, and take gift cards and
 * payments. A request from another site that would change something is refused first; refusals are problem JSON.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /**
     * Every answer's Content-Security-Policy: nothing but the hub's own scripts, styles and images, no inline script or
     * style, no framing (with Spring Security's nosniff and X-Frame-Options: DENY beside it); images may be data: and blob: URLs
     * (the console's empty favicon, a member's barcode fetched with its credentials), which run nothing.
     */
    static final String POLICY = "default-src 'self'; img-src 'self' data: blob:; frame-ancestors 'none'; base-uri 'self'; "
            + "form-action 'self'; object-src 'none'";
    /** Hawtio's and Swagger UI's pages set inline styles and data: images of their own; still no foreign script, no framing. */
    static final String THIRD_PARTY_POLICY = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            + "font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";
    private static final RequestMatcher THIRD_PARTY_PAGES = new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher("/actuator/hawtio/**"),
            PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**"));

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json, PoshubProperties properties, SecurityProperties security,
                            TillKeys tillKeys, LoginThrottle throttle,
                            @Value("${poshub.api-docs.public:false}") boolean apiDocsPublic) throws Exception {
        String[] apiDocs = {"/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**"};
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            // The console's calls say who they are: it shows its own sign-in page instead of the browser's prompt.
            if (!"XMLHttpRequest".equals(request.getHeader("X-Requested-With"))) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"poshub\"");
            }
            ProblemHandler.write(json, response, HttpStatus.UNAUTHORIZED, "Unauthorized", request.getHeader(TillKeyFilter.HEADER) != null
                    ? "The X-Api-Key is not a till key of any merchant."
                    : "Sign in with the admin credentials (HTTP Basic), or send a till's X-Api-Key.");
        };
        AccessDeniedHandler forbidden = (request, response, e) ->
                ProblemHandler.write(json, response, HttpStatus.FORBIDDEN, "Forbidden", "Your role may not do this.");
        String issuer = security.oidc().issuerUri();
        if (issuer != null && !issuer.isBlank()) {
            http.oauth2ResourceServer(oauth -> oauth.authenticationEntryPoint(unauthorized)
                    .jwt(jwt -> jwt.decoder(tokens(issuer)).jwtAuthenticationConverter(new TokenRoles(security.oidc().rolesClaim()))));
        }
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        // The console's shell holds no data (every figure comes from the API, signed in): its sign-in
                        // page, script and styles load before anyone has signed in.
                        .requestMatchers(HttpMethod.GET, "/admin", "/admin/", "/admin/index.html", "/admin/login.html",
                                "/admin/login.js", "/admin/console.js", "/admin/console.css", "/webjars/**").permitAll()
                        // The API contract: for the hub's people and till developers, or anyone when published.
                        .requestMatchers(apiDocs).access(apiDocsPublic
                                ? (authentication, context) -> new AuthorizationDecision(true)
                                : AuthorityAuthorizationManager.hasAnyRole("VIEWER", "TILL"))
                        .requestMatchers(HttpMethod.POST, "/api/payments/callbacks/vipps").permitAll()
                        // What only an ADMIN reads: who did what, and the till keys.
                        .requestMatchers("/api/audit", "/api/till-keys", "/api/till-keys/**").hasRole("ADMIN")
                        // A member's whole record is personal data: its export is an ADMIN's (contract §17).
                        .requestMatchers(HttpMethod.GET, "/api/members/*/export").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/payments").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.GET, "/api/payments/*").hasAnyRole("VIEWER", "TILL")
                        .requestMatchers("/api/payments", "/api/payments/**").hasAnyRole("ADMIN", "TILL")
                        .requestMatchers(HttpMethod.GET, "/api/members", "/api/members/*", "/api/members/*/points", "/api/members/*/balance", "/api/members/*/gift-cards",
                                "/api/members/*/barcode.png", "/api/members/*/receipts").hasAnyRole("VIEWER", "TILL")
                        .requestMatchers(HttpMethod.POST, "/api/members/*/redemptions", "/api/members/*/redemptions/*/refunds")
                            .hasAnyRole("ADMIN", "TILL")
                        .requestMatchers(HttpMethod.PUT, "/api/members/by-card/*").hasAnyRole("ADMIN", "TILL")
                        // Rewards at the till (contract §18): what a member can afford, a voucher bought, looked up, taken or voided.
                        .requestMatchers(HttpMethod.GET, "/api/members/*/rewards", "/api/members/*/vouchers", "/api/vouchers/*")
                            .hasAnyRole("VIEWER", "TILL")
                        .requestMatchers(HttpMethod.POST, "/api/members/*/rewards/*/vouchers", "/api/vouchers/*/redeem",
                                "/api/vouchers/*/void").hasAnyRole("ADMIN", "TILL")
                        // Printed batches are the back office's; a till's wildcard below must not reach them.
                        .requestMatchers(HttpMethod.GET, "/api/gift-cards/batches", "/api/gift-cards/batches/**", "/api/gift-cards/liability",
                                "/api/gift-cards/sold")
                            .hasRole("VIEWER")
                        .requestMatchers("/api/gift-cards/batches", "/api/gift-cards/batches/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/gift-cards/*/activate", "/api/gift-cards/*/load",
                                "/api/gift-cards/*/redeem", "/api/gift-cards/*/refund", "/api/gift-cards/*/deactivate", "/api/gift-cards/*/owner")
                            .hasAnyRole("ADMIN", "TILL")
                        .requestMatchers(HttpMethod.GET, "/api/gift-cards/*", "/api/gift-cards/*/barcode.png").hasAnyRole("VIEWER", "TILL")
                        // An operator's day: files in, files again, parked sales to their member.
                        .requestMatchers(HttpMethod.POST, "/api/feeds/*/uploads", "/api/feeds/*/preview", "/api/imports/*/reprocess",
                                "/api/parked/*/assign", "/api/day-close/*/*/cash-counts", "/api/receipts/*/retry").hasRole("OPERATOR")
                        // Everything else a person reads: the API's GETs, metrics, Hawtio; Jolokia's reads (JolokiaGuard
                        // lets an ADMIN alone run operations).
                        .requestMatchers(HttpMethod.GET, "/api/**", "/actuator/**").hasRole("VIEWER")
                        .requestMatchers("/actuator/jolokia", "/actuator/jolokia/**").hasRole("VIEWER")
                        .anyRequest().hasRole("ADMIN"))
                .addFilterBefore(new CrossSiteGuard(json, security.allowedOrigins()), WebAsyncManagerIntegrationFilter.class)
                .addFilterBefore(throttle.filter(json), BasicAuthenticationFilter.class)
                .addFilterBefore(new TillKeyFilter(properties, tillKeys, unauthorized), BasicAuthenticationFilter.class)
                .addFilterAfter(new JolokiaGuard(json), AuthorizationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .headers(headers -> headers
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(THIRD_PARTY_PAGES,
                                new StaticHeadersWriter("Content-Security-Policy", THIRD_PARTY_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(THIRD_PARTY_PAGES),
                                new StaticHeadersWriter("Content-Security-Policy", POLICY))))
                .formLogin(form -> form.disable())
                .logout(Customizer.withDefaults())
                .build();
    }

    /** Tokens of the issuer: signed by a key of its JWKS (found through its discovery document), in date, and its own. */
    private static JwtDecoder tokens(String issuer) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(issuer));
        return decoder;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new ConfiguredSecretEncoder();
    }

    @Bean
    UserDetailsService people(PoshubProperties properties, SecurityProperties security, PasswordEncoder encoder,
                              @Value("${spring.datasource.url:}") String datasource) {
        return Accounts.of(properties.admin(), security, encoder, datasource.isBlank());
    }
}
