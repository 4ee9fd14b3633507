package io.poshub.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.poshub.mapping.ConfigErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.util.URISupport;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What runs: every feed with its source, mapping, state and last file; and the config edits that were refused. */
@Tag(name = "Feeds")
@RestController
class FeedController {

    /** An upload still under its temporary name after this long is listed as not finished. */
    private static final Duration STALE_UPLOAD = Duration.ofMinutes(10);

    private final CamelContext camel;
    private final Feeds feeds;
    private final RouteFiles routeFiles;
    private final FeedSourceStatus sources;
    private final ImportFiles importFiles;
    private final LateFeeds lateFeeds;
    private final ConfigErrors errors;

    FeedController(CamelContext camel, Feeds feeds, RouteFiles routeFiles, FeedSourceStatus sources, ImportFiles importFiles,
                   ConfigErrors errors, LateFeeds lateFeeds) {
        this.lateFeeds = lateFeeds;
        this.camel = camel;
        this.feeds = feeds;
        this.routeFiles = routeFiles;
        this.sources = sources;
        this.importFiles = importFiles;
        this.errors = errors;
    }

    /**
     * A feed as an operator sees it; {@code state} is running, stopped, error (with {@code error}) or LATE (with
     * {@code late}: the day whose file has not come, due since when).
     */
    record Feed(String feed, String routeId, String file, String source, ImportKind kind, String mapping, String merchant,
                String expect, @JsonInclude(JsonInclude.Include.NON_NULL) String maxRejects, String state, String error, @JsonInclude(JsonInclude.Include.NON_NULL) LateFeeds.Late late,
                @JsonInclude(JsonInclude.Include.NON_NULL) LastFile lastFile, List<Feeds.Ignored> ignored) {
    }

    record LastFile(long importId, String name, ImportStatus status, Instant receivedAt) {
    }

    @Operation(summary = "Every feed: its source, mapping, state and last file")
    @GetMapping("/api/feeds")
    List<Feed> feeds() {
        List<Feed> list = new ArrayList<>();
        for (Feeds.Feed feed : feeds.all()) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(feed.routeId());
            String state = status != null && status.isStarted() ? "running" : "stopped";
            String error = sources.lastPoll(feed.routeId()).filter(p -> !p.ok()).map(FeedSourceStatus.Poll::error).orElse(null);
            LateFeeds.Late late = lateFeeds.lateness(feed.name()).orElse(null);
            if (error != null) {
                state = "error";
            } else if (late != null) {
                state = "LATE";
            }
            LastFile last = importFiles.find(feed.name(), null, 1).stream().findFirst()
                    .map(i -> new LastFile(i.id(), i.name(), i.status(), i.receivedAt())).orElse(null);
            list.add(new Feed(feed.name(), feed.routeId(), routeFiles.fileOf(feed.routeId()).map(Object::toString).orElse(null),
                    URISupport.sanitizeUri(feed.source()), feed.kind(), feed.mapping(), feed.merchant(), feed.expect(), feed.maxRejects(), state, error, late, last,
                    feed.ignored(STALE_UPLOAD)));
        }
        list.sort(Comparator.comparing(Feed::feed));
        return list;
    }

    @Operation(summary = "Files in routes/ and mappings/ the hub refused, with why")
    @GetMapping("/api/config/errors")
    List<ConfigErrors.ConfigError> configErrors() {
        return errors.all();
    }
}
