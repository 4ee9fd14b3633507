package io.poshub.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;

/** The feeds that exist now: every route made from the {@code pos-feed} template, with its parameters. */
@Component
public class Feeds {

    private final CamelContext camel;

    public Feeds(CamelContext camel) {
        this.camel = camel;
    }

    /** A feed: its name, route, the source as the admin wrote it, and its mapping. */
    public record Feed(String name, String routeId, String source, String mapping) {

        /** The folder of a {@code file:} source, or empty for SFTP. */
        public Optional<java.nio.file.Path> folder() {
            if (!source.startsWith("file:")) {
                return Optional.empty();
            }
            String path = source.substring("file:".length());
            int q = path.indexOf('?');
            return Optional.of(java.nio.file.Path.of(q < 0 ? path : path.substring(0, q)));
        }
    }

    public List<Feed> all() {
        List<Feed> feeds = new ArrayList<>();
        for (RouteDefinition definition : camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            Map<String, Object> p = definition.getTemplateParameters();
            if (p != null && p.containsKey("feed") && p.containsKey("sourceUri")) {
                feeds.add(new Feed(String.valueOf(p.get("feed")), definition.getRouteId(), String.valueOf(p.get("source")),
                        String.valueOf(p.get("mapping"))));
            }
        }
        return feeds;
    }

    public Optional<Feed> find(String name) {
        return all().stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
