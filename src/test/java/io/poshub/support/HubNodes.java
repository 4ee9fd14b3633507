package io.poshub.support;

import io.poshub.PoshubApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another hub node in this JVM, as a second machine would run one: on the schema given, with its own data dir and
 * a random port, the routes/ given (shared between nodes) and the checkout's mappings/, fast polling, no JMX (two
 * Camel contexts would meet there); {@code more} are further {@code --key=value} arguments.
 */
public final class HubNodes {

    private HubNodes() {
    }

    public static ConfigurableApplicationContext start(TestDatabase.Schema schema, Path dataDir, Path routes, String name,
                                                       String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + schema.url(), "--spring.datasource.username=" + schema.user(),
                "--spring.datasource.password=" + schema.password(), "--server.port=0",
                "--poshub.data-dir=" + dataDir, "--poshub.routes-dir=" + routes,
                "--poshub.mappings-dir=" + Path.of("mappings").toAbsolutePath(),
                "--poshub.ingest.poll-delay=100ms", "--poshub.ingest.read-lock-min-age=200ms",
                "--camel.main.name=poshub-" + name, "--camel.main.jmx-enabled=false", "--spring.jmx.enabled=false"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(PoshubApplication.class).run(args.toArray(String[]::new));
    }
}
