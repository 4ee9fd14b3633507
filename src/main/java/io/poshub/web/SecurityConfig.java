package io.poshub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.PoshubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * The admin API and actuator (but health) are for the ADMIN role, by HTTP Basic with credentials from
 * {@code POSHUB_ADMIN_USER}/{@code POSHUB_ADMIN_PASSWORD}. Tills ({@code X-Api-Key}, per merchant) may look
 * members up, identify a swiped card, redeem and refund. Refusals are problem JSON too.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectMapper json, PoshubProperties properties, TillKeys tillKeys,
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
                        // The API contract: for the hub's admins and till developers, or anyone when published.
                        .requestMatchers(apiDocs).access(apiDocsPublic
                                ? (authentication, context) -> new AuthorizationDecision(true)
                                : AuthorityAuthorizationManager.hasAnyRole("ADMIN", "TILL"))
                        .requestMatchers(HttpMethod.POST, "/api/payments/callbacks/vipps").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/payments").hasRole("ADMIN")
                        .requestMatchers("/api/payments", "/api/payments/**").hasAnyRole("ADMIN", "TILL")
                        .requestMatchers(HttpMethod.GET, "/api/members", "/api/members/*", "/api/members/*/points",
                                "/api/members/*/barcode.png").hasAnyRole("ADMIN", "TILL")
                        .requestMatchers(HttpMethod.POST, "/api/members/*/redemptions", "/api/members/*/redemptions/*/refunds")
                            .hasAnyRole("ADMIN", "TILL")
                        .requestMatchers(HttpMethod.PUT, "/api/members/by-card/*").hasAnyRole("ADMIN", "TILL")
                        // Printed batches are the back office's; a till's wildcard below must not reach them.
                        .requestMatchers("/api/gift-cards/batches", "/api/gift-cards/batches/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.POST, "/api/gift-cards/*/activate", "/api/gift-cards/*/load",
                                "/api/gift-cards/*/redeem", "/api/gift-cards/*/refund", "/api/gift-cards/*/deactivate")
                            .hasAnyRole("ADMIN", "TILL")
                        .requestMatchers(HttpMethod.GET, "/api/gift-cards/*", "/api/gift-cards/*/barcode.png").hasAnyRole("ADMIN", "TILL")
                        .anyRequest().hasRole("ADMIN"))
                .addFilterBefore(new TillKeyFilter(properties, tillKeys, unauthorized), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .formLogin(form -> form.disable())
                .logout(Customizer.withDefaults())
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new ConfiguredSecretEncoder();
    }

    @Bean
    UserDetailsService admins(PoshubProperties properties, PasswordEncoder encoder) {
        PoshubProperties.Admin admin = properties.admin();
        if ("admin".equals(admin.user()) && "admin".equals(admin.password())) {
            log.warn("The admin API uses the default credentials admin/admin: set POSHUB_ADMIN_USER and POSHUB_ADMIN_PASSWORD");
        }
        return new InMemoryUserDetailsManager(User.withUsername(admin.user())
                .password(encoder.encode(admin.password()))
                .roles("ADMIN")
                .build());
    }
}
