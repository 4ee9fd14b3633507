package io.poshub.web;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * What a person may do (contract §16). Each role holds the ones below it: an OPERATOR reads what a VIEWER reads, an
 * ADMIN does what an OPERATOR does. Tills are not people: their keys carry {@code ROLE_TILL} alone.
 */
public enum Role {
    /** Reads everything an operator reads; Hawtio and Jolokia read-only. */
    VIEWER,
    /** Also uploads, reprocesses, assigns parked sales. */
    OPERATOR,
    /** Also routes, mappings, members' changes, till keys, gift-card admin, the audit trail, JMX operations. */
    ADMIN;

    /** This role's authorities and those of every role below it. */
    public List<GrantedAuthority> authorities() {
        return Arrays.stream(values()).filter(r -> r.ordinal() <= ordinal())
                .<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList();
    }

    /** The role a token's claim names (any case), if it names one. */
    public static Optional<Role> named(String name) {
        return Arrays.stream(values()).filter(r -> r.name().equalsIgnoreCase(name)).findFirst();
    }
}
