package io.poshub.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Who is signed in, and with which roles: the console shows a person only what their role may do. */
@Tag(name = "Operations")
@RestController
class MeController {

    /** The person signed in and their roles (a role includes the ones below it). */
    @Schema(name = "Me")
    record Me(@Schema(example = "admin") String name, @Schema(example = "[\"ADMIN\", \"OPERATOR\", \"VIEWER\"]") List<String> roles) {
    }

    @Operation(summary = "Who is signed in, and their roles")
    @GetMapping("/api/me")
    Me me(Authentication who) {
        return new Me(who.getName(), who.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring("ROLE_".length())).sorted().toList());
    }
}
