package io.poshub.web;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The role a bearer token of the chain's identity provider gives: the highest of VIEWER, OPERATOR and ADMIN named in
 * its roles claim (a list or one string, any case); a token naming none gets no role and is refused everywhere but the
 * public pages. The person is the token's {@code preferred_username}, else its subject — the name the audit trail keeps.
 */
final class TokenRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    private final String claim;

    TokenRoles(String claim) {
        this.claim = claim;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Object value = jwt.getClaims().get(claim);
        List<?> named = value instanceof Collection<?> many ? many.stream().filter(Objects::nonNull).toList()
                : value == null ? List.of() : List.of(value);
        Optional<Role> role = named.stream().map(String::valueOf).map(Role::named).flatMap(Optional::stream)
                .max(Enum::compareTo);
        Collection<GrantedAuthority> authorities = role.map(Role::authorities).orElse(List.of());
        String name = jwt.getClaimAsString("preferred_username");
        return new JwtAuthenticationToken(jwt, authorities, name != null ? name : jwt.getSubject());
    }
}
