package io.poshub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every setting of the hub a user may set is in the configuration reference (docs/deployment.md): the names are taken
 * from what the build knows of the {@code poshub.*} properties (the configuration metadata Spring Boot's processor
 * writes from the properties records, and the few read one by one), so a new setting without its line fails here.
 */
class ConfigurationReferenceTest {

    private static final Pattern KEY = Pattern.compile("`((?:poshub|spring|server)\\.[a-z0-9.<>\\-]+)`|`\\.([a-z0-9\\-.]+)`");

    @Test
    void everySettingIsInTheConfigurationReference() throws IOException {
        Set<String> settings = settings();
        assertThat(settings).as("the hub's settings, as the build knows them").hasSizeGreaterThan(40)
                .contains("poshub.data-dir", "poshub.payments.vipps.base-url", "poshub.http.max-json");
        Set<String> documented = documented(Files.readAllLines(Path.of("docs/deployment.md")));
        List<String> missing = new ArrayList<>();
        for (String setting : settings) {
            // A map's entries (poshub.till-keys.<merchant>) document the map.
            if (!documented.contains(setting) && !documented.contains(setting + ".<merchant>")) {
                missing.add(setting);
            }
        }
        assertThat(missing).as("settings missing from docs/deployment.md's configuration reference").isEmpty();
    }

    /** The poshub.* names of the configuration metadata, nested records walked, maps given as their prefix. */
    private static Set<String> settings() throws IOException {
        Set<String> names = new TreeSet<>();
        for (URL url : Collections.list(ConfigurationReferenceTest.class.getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                JsonNode metadata = new ObjectMapper().readTree(in);
                metadata.path("properties").forEach(property -> {
                    String name = property.path("name").asText();
                    if (name.startsWith("poshub.")) {
                        names.add(name);
                    }
                });
            }
        }
        return names;
    }

    /**
     * The keys a reference line names: {@code `poshub.a.b`}, and the short forms after it on the line
     * ({@code `poshub.alerts.send-interval` / `.max-backoff`}).
     */
    static Set<String> documented(List<String> lines) {
        Set<String> keys = new TreeSet<>();
        for (String line : lines) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String first = null;
            Matcher m = KEY.matcher(line.substring(0, line.indexOf('|', 2)));
            while (m.find()) {
                if (m.group(1) != null) {
                    first = m.group(1);
                    keys.add(first);
                } else if (first != null) {
                    keys.add(first.substring(0, first.lastIndexOf('.') + 1) + m.group(2));
                }
            }
        }
        return keys;
    }
}
