package io.poshub.web;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Outside the embedded run (a datasource is configured) the hub does not start with an admin password that is unset,
 * {@code admin}, or shorter than {@value Accounts#MIN_ADMIN_PASSWORD} characters (contract §16): such a hub holds real
 * members and money. The check runs as soon as the configuration is read — before a port opens or a table is touched —
 * so the start ends with its one line and nothing else.
 */
public class AdminPasswordCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Environment environment = event.getEnvironment();
        if (environment.getProperty("spring.datasource.url", "").isBlank()) {
            return;
        }
        String weakness = Accounts.weakness(environment.getProperty("poshub.admin.password", "admin"));
        if (weakness != null) {
            throw new UnsafeConfiguration("POSHUB_ADMIN_PASSWORD " + weakness + ": set it to " + Accounts.MIN_ADMIN_PASSWORD
                    + " or more characters — the hub does not start with a weak admin password on a real database");
        }
    }
}
