package io.poshub.ingest;

import io.poshub.dayclose.DayCloseProperties;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;

/**
 * The feeds that exist now: every route made from the {@code pos-feed} or {@code member-feed} template, with its parameters
 * and what its files hold.
 */
@Component
public class Feeds {

    private final CamelContext camel;
    private final MappingRepository mappings;
    private final ZoneId defaultZone;

    public Feeds(CamelContext camel, MappingRepository mappings, DayCloseProperties dayClose) {
        this.camel = camel;
        this.mappings = mappings;
        this.defaultZone = dayClose.timezone();
    }

    /** The time zone a feed's days are counted in: its mapping's, or for a member feed the hub's default. */
    ZoneId zone(Feed feed) {
        return feed.mapping() == null ? defaultZone : mappings.get(feed.mapping()).timezone();
    }

    /**
     * A feed: its name, route, the source as the admin wrote it, its mapping (sales, Z-reports) or merchant (members), and
     * when its files are due ({@code expect}, or null).
     */
    public record Feed(String name, String routeId, String source, ImportKind kind, String mapping, String merchant, String expect,
                       String maxRejects) {

        /** The folder of a {@code file:} source, or empty for SFTP. */
        public Optional<Path> folder() {
            if (!source.startsWith("file:")) {
                return Optional.empty();
            }
            String path = source.substring("file:".length());
            int q = path.indexOf('?');
            return Optional.of(Path.of(q < 0 ? path : path.substring(0, q)));
        }

        /**
         * The files a folder feed leaves alone, so an operator sees them: hidden names (a leading '.'), names with a
         * backslash (Camel's file component takes it for a path separator), and uploads still under a temporary
         * name ({@link FeedSource#TEMPORARY_SUFFIXES}) after {@code staleAfter}.
         */
        public List<Ignored> ignored(Duration staleAfter) {
            Optional<Path> folder = folder();
            if (folder.isEmpty() || !Files.isDirectory(folder.get())) {
                return List.of();
            }
            List<Ignored> ignored = new ArrayList<>();
            Instant stale = Instant.now().minus(staleAfter);
            try (Stream<Path> files = Files.list(folder.get())) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = file.getFileName().toString();
                    String lower = name.toLowerCase(Locale.ROOT);
                    boolean temporary = FeedSource.TEMPORARY_SUFFIXES.stream().anyMatch(lower::endsWith);
                    if (name.startsWith(".") && !temporary) {
                        ignored.add(new Ignored(name, "never read: a name starting with '.' is a hidden file; rename it"));
                    } else if (name.contains("\\")) {
                        ignored.add(new Ignored(name, "never read: a '\\' in a name is taken for a path separator; rename it"));
                    } else if (temporary && Files.getLastModifiedTime(file).toInstant().isBefore(stale)) {
                        ignored.add(new Ignored(name, "an upload that did not finish: still under a temporary name"));
                    }
                }
            } catch (IOException e) {
                return List.of(new Ignored(folder.get().toString(), "the folder cannot be listed: " + e.getMessage()));
            }
            return ignored;
        }
    }

    public List<Feed> all() {
        List<Feed> feeds = new ArrayList<>();
        for (RouteDefinition definition : camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            Map<String, Object> p = definition.getTemplateParameters();
            if (p != null && p.containsKey("feed") && p.containsKey("sourceUri")) {
                ImportKind kind = p.containsKey("merchant") ? ImportKind.MEMBERS : kindOf(String.valueOf(p.get("mapping")));
                feeds.add(new Feed(String.valueOf(p.get("feed")), definition.getRouteId(), String.valueOf(p.get("source")), kind,
                        (String) p.get("mapping"), (String) p.get("merchant"), blankToNull(p.get("expect")),
                        blankToNull(p.get("maxRejects"))));
            }
        }
        return feeds;
    }

    /** What a feed of this mapping reads: Z-reports, terminal settlements, or sales. */
    private ImportKind kindOf(String mapping) {
        try {
            Mapping m = mappings.get(mapping);
            return m.isZReport() ? ImportKind.ZREPORT : m.isTerminal() ? ImportKind.TERMINAL : ImportKind.SALES;
        } catch (RuntimeException e) {
            return ImportKind.SALES; // a mapping that does not load fails the feed's files, and says so there
        }
    }

    private static String blankToNull(Object value) {
        return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value);
    }

    /** A file in a folder feed's inbox that the feed will not read, and why. */
    public record Ignored(String name, String reason) {
    }

    public Optional<Feed> find(String name) {
        return all().stream().filter(f -> f.name().equals(name)).findFirst();
    }
}
