package io.poshub.ingest;

import io.poshub.PoshubProperties;
import io.poshub.common.Causes;
import io.poshub.common.WatchedFiles;
import io.poshub.mapping.ConfigErrors;
import io.poshub.mapping.MappingRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Keeps the running feeds in step with {@code routes/*.camel.yaml} and the mappings with
 * {@code mappings/*.yaml}: every {@code poshub.watch-interval} an added or changed file is checked and
 * loaded, a removed one stops its routes. A file that does not parse, holds anything but the hub's own feed templates
 * ({@link RouteFileRules}), names an unknown mapping or an unsafe source is refused, at its line, and reported in
 * {@link ConfigErrors}; whatever ran before keeps running.
 * Camel's own route reload is not used: it fails the whole app on a bad file at start-up and does not
 * stop the routes of a removed file.
 */
@Component
public class RouteFiles {

    private static final Logger log = LoggerFactory.getLogger(RouteFiles.class);
    private static final String SUFFIX = ".camel.yaml";

    private final CamelContext camel;
    private final PoshubProperties properties;
    private final MappingRepository mappings;
    private final FeedDefinitions feeds;
    private final ConfigErrors errors;
    private final TaskScheduler scheduler;
    private final RouteFileRules rules;
    private final WatchedFiles<Path> seen = new WatchedFiles<>();
    private final Map<Path, Loaded> loaded = new ConcurrentHashMap<>();

    /** A file as last loaded without error: its content and the routes it made. */
    private record Loaded(String content, Set<String> routeIds) {
    }

    public RouteFiles(CamelContext camel, PoshubProperties properties, RouteProperties routes, MappingRepository mappings,
                      FeedDefinitions feeds, ConfigErrors errors, TaskScheduler scheduler) {
        this.rules = new RouteFileRules(routes.allowedSources());
        this.scheduler = scheduler;
        this.camel = camel;
        this.properties = properties;
        this.mappings = mappings;
        this.feeds = feeds;
        this.errors = errors;
    }

    /** The first scan once the application is up (Camel started), then one every {@code poshub.watch-interval}. */
    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        scan();
        Duration every = properties.watchInterval();
        scheduler.scheduleWithFixedDelay(this::scanQuietly, Instant.now().plus(every), every);
        log.info("Watching {} and {} every {} ms", properties.routesDir().toAbsolutePath(),
                properties.mappingsDir().toAbsolutePath(), every.toMillis());
    }

    /** The route file a route came from, if it came from one. */
    public Optional<Path> fileOf(String routeId) {
        return loaded.entrySet().stream().filter(e -> e.getValue().routeIds().contains(routeId)).map(Map.Entry::getKey).findFirst();
    }

    private void scanQuietly() {
        try {
            scan();
        } catch (RuntimeException e) {
            log.error("Config watcher: {}", e.getMessage(), e);
        }
    }

    synchronized void scan() {
        mappings.refreshAll();
        Set<Path> present = new HashSet<>();
        if (Files.isDirectory(properties.routesDir())) {
            try (var files = Files.list(properties.routesDir())) {
                files.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p))
                        .map(p -> p.toAbsolutePath().normalize()).forEach(present::add);
            } catch (IOException e) {
                log.warn("Cannot list {}: {}", properties.routesDir(), e.getMessage());
                return;
            }
        }
        for (Path file : present.stream().sorted().toList()) {
            try {
                if (seen.changed(file, file)) {
                    apply(file, Files.readString(file));
                }
            } catch (IOException e) {
                errors.report(file.toString(), "cannot be read: " + e.getMessage());
            }
        }
        for (Path gone : seen.known()) {
            if (!present.contains(gone)) {
                seen.forget(gone);
                unload(gone);
            }
        }
    }

    private void apply(Path file, String content) {
        if (content.isBlank()) {
            return; // the first step of an editor's two-step save; the content follows
        }
        try {
            check(file, content);
        } catch (RuntimeException e) {
            log.warn("Route file {} refused: {}", file.getFileName(), e.getMessage());
            errors.report(file.toString(), e.getMessage());
            return;
        }
        Loaded before = loaded.remove(file);
        if (before != null) {
            remove(before.routeIds());
        }
        try {
            loaded.put(file, new Loaded(content, load(file, content)));
            errors.clear(file.toString());
            log.info("Route file {} loaded: {}", file.getFileName(), loaded.get(file).routeIds());
        } catch (Exception e) {
            errors.report(file.toString(), Causes.withRoot(e));
            if (before != null) {
                try {
                    loaded.put(file, new Loaded(before.content(), load(file, before.content())));
                    log.info("Route file {}: the last good version runs again", file.getFileName());
                } catch (Exception again) {
                    log.error("Route file {}: the last good version could not be restored: {}", file, Causes.withRoot(again));
                }
            }
        }
    }

    /** Loads the content as the file, returning the ids of the routes it added (none left behind on failure). */
    private Set<String> load(Path file, String content) throws Exception {
        Set<String> before = routeIds();
        try {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.fromString("file:" + file, content));
        } catch (Exception e) {
            Set<String> added = routeIds();
            added.removeAll(before);
            remove(added);
            throw e;
        }
        Set<String> added = routeIds();
        added.removeAll(before);
        return added;
    }

    private void unload(Path file) {
        errors.clear(file.toString());
        Loaded gone = loaded.remove(file);
        if (gone != null) {
            remove(gone.routeIds());
            log.info("Route file {} removed: stopped {}", file.getFileName(), gone.routeIds());
        }
    }

    /** Checks every feed in the file before any running route is touched. */
    private void check(Path file, String content) {
        Set<String> ownIds = new HashSet<>();
        for (RouteFileRules.Declared feed : rules.read(content)) {
            String routeId = feed.routeId();
            if (!ownIds.add(routeId)) {
                throw new IllegalArgumentException("line " + feed.line() + ": routeId " + routeId + " appears twice");
            }
            loaded.forEach((other, l) -> {
                if (!other.equals(file) && l.routeIds().contains(routeId)) {
                    throw new IllegalArgumentException("line " + feed.line() + ": routeId " + routeId + " is already the route of "
                            + other.getFileName());
                }
            });
            Map<String, String> parameters = feed.parameters();
            try {
                if (FeedRoutes.MEMBERS.equals(feed.template())) {
                    feeds.checkMembers(parameters.get("feed"), parameters.get("source"), parameters.get("merchant"), parameters.get("expect"));
                } else {
                    feeds.check(parameters.get("feed"), parameters.get("source"), parameters.get("mapping"), parameters.get("expect"),
                            parameters.get("maxRejects"));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + feed.line() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Ids of the route definitions: they exist as soon as a file is loaded, even before Camel has started. */
    private Set<String> routeIds() {
        return camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions().stream()
                .map(RouteDefinition::getRouteId).collect(Collectors.toCollection(HashSet::new));
    }

    private void remove(Set<String> routeIds) {
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        for (String id : routeIds) {
            try {
                if (camel.getRoute(id) != null) {
                    camel.getRouteController().stopRoute(id);
                    camel.removeRoute(id);
                }
                RouteDefinition definition = model.getRouteDefinition(id);
                if (definition != null) {
                    model.removeRouteDefinition(definition);
                }
            } catch (Exception e) {
                log.error("Could not stop route {}: {}", id, Causes.withRoot(e));
            }
        }
    }

}
