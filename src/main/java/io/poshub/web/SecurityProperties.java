package io.poshub.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code poshub.security.*}: the people who may sign in besides the admin of {@code POSHUB_ADMIN_USER}, each with a
 * BCrypt hash ({@code {bcrypt}$2a$…}) and a role; optionally the chain's OpenID Connect issuer whose bearer tokens name
 * a role in {@code roles-claim}; and the origins a browser may post from besides the hub's own.
 */
@Validated
@ConfigurationProperties("poshub.security")
public record SecurityProperties(
        @DefaultValue List<@Valid User> users,
        @DefaultValue @Valid Oidc oidc,
        @DefaultValue List<String> allowedOrigins) {

    public record User(@NotBlank String name, @NotBlank String password, @NotNull Role role) {
    }

    /** No issuer: no bearer tokens are taken. */
    public record Oidc(String issuerUri, @DefaultValue("roles") @NotBlank String rolesClaim) {
    }
}
