package io.poshub.web;

import io.poshub.PoshubProperties;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * Who may sign in with a password: the admin of {@code POSHUB_ADMIN_USER}/{@code POSHUB_ADMIN_PASSWORD}, and the
 * users of {@code poshub.security.users[]} with their BCrypt hashes and roles. A weak admin password is only warned
 * about here, in the embedded run: elsewhere {@link AdminPasswordCheck} stopped the start before.
 */
final class Accounts {

    static final int MIN_ADMIN_PASSWORD = 12;
    private static final Logger log = LoggerFactory.getLogger(Accounts.class);

    private Accounts() {
    }

    static UserDetailsService of(PoshubProperties.Admin admin, SecurityProperties security, PasswordEncoder encoder,
                                 boolean embedded) {
        String weakness = weakness(admin.password());
        if (weakness != null && embedded) {
            log.warn("The admin password {}: fine for the embedded training run, refused on a real database (set POSHUB_ADMIN_PASSWORD)",
                    weakness);
        }
        List<UserDetails> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        users.add(User.withUsername(admin.user()).password(encoder.encode(admin.password()))
                .authorities(Role.ADMIN.authorities()).build());
        names.add(admin.user());
        for (int i = 0; i < security.users().size(); i++) {
            SecurityProperties.User user = security.users().get(i);
            if (!user.password().startsWith(ConfiguredSecretEncoder.BCRYPT)) {
                throw new UnsafeConfiguration("poshub.security.users[" + i + "].password (" + user.name()
                        + ") is not a BCrypt hash: give it as {bcrypt}$2a$… — the configuration holds no password in clear");
            }
            if (!names.add(user.name())) {
                throw new UnsafeConfiguration("poshub.security.users[" + i + "].name " + user.name() + " is given twice");
            }
            users.add(User.withUsername(user.name()).password(user.password()).authorities(user.role().authorities()).build());
        }
        return new InMemoryUserDetailsManager(users);
    }

    /** What is wrong with an admin password, or null. */
    static String weakness(String password) {
        if (password == null || password.isBlank()) {
            return "is unset";
        }
        if (password.equals("admin")) {
            return "is the default 'admin'";
        }
        if (password.length() < MIN_ADMIN_PASSWORD) {
            return "is shorter than " + MIN_ADMIN_PASSWORD + " characters";
        }
        return null;
    }
}
