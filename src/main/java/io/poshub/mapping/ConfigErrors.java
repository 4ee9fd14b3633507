package io.poshub.mapping;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * Edits of {@code routes/} and {@code mappings/} that were refused, by file, until the file loads again.
 * What an admin sees at {@code GET /api/config/errors}.
 */
@NamedInterface("api")
@Component
public class ConfigErrors {

    private static final Logger log = LoggerFactory.getLogger(ConfigErrors.class);

    /** A refused file: which, why, since when. */
    @NamedInterface("api")
    public record ConfigError(String file, String message, Instant at) {
    }

    private final Map<String, ConfigError> errors = new ConcurrentHashMap<>();

    public void report(String file, String message) {
        ConfigError before = errors.get(file);
        if (before == null || !before.message().equals(message)) {
            log.warn("Config file {} refused, the last good version (if any) keeps running: {}", file, message);
            errors.put(file, new ConfigError(file, message, Instant.now()));
        }
    }

    public void clear(String file) {
        if (errors.remove(file) != null) {
            log.info("Config file {} loads again", file);
        }
    }

    public List<ConfigError> all() {
        return errors.values().stream().sorted(Comparator.comparing(ConfigError::file)).toList();
    }
}
