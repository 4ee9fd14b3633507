package io.poshub.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * Raises an alert: written to the {@code alert} table in the caller's transaction (so it exists exactly when the change
 * that raised it does), and sent from there by {@link AlertSender}.
 */
@NamedInterface("api")
@Component
public class Alerts {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    Alerts(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void raise(Alert alert) {
        try {
            jdbc.update("INSERT INTO alert (type, body) VALUES (?, ?)", alert.type().name(), json.writeValueAsString(alert));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert that cannot be written as JSON: " + alert, e);
        }
    }
}
