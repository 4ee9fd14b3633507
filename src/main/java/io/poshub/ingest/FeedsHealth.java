package io.poshub.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code /actuator/health/feeds}: each feed's source, DOWN with the reason when its last poll failed (an SFTP
 * server unreachable, a host key changed); a feed whose file is late is marked LATE without taking the hub down.
 */
@Component("feedsHealthIndicator")
class FeedsHealth implements HealthIndicator {

    private final CamelContext camel;
    private final FeedSourceStatus sources;
    private final Feeds feeds;
    private final LateFeeds lateFeeds;

    FeedsHealth(CamelContext camel, FeedSourceStatus sources, Feeds feeds, LateFeeds lateFeeds) {
        this.camel = camel;
        this.sources = sources;
        this.feeds = feeds;
        this.lateFeeds = lateFeeds;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean down = false;
        for (Route route : camel.getRoutes()) {
            var poll = sources.lastPoll(route.getRouteId());
            if (poll.isEmpty()) {
                continue;
            }
            details.put(route.getRouteId(), poll.get().ok() ? "UP" : "DOWN: " + poll.get().error());
            down |= !poll.get().ok();
        }
        for (Feeds.Feed feed : feeds.all()) {
            if (feed.expect() != null) {
                lateFeeds.lateness(feed.name()).ifPresent(late -> details.put(feed.routeId(), "LATE: no file for " + late.day()
                        + " (due " + late.dueSince() + ")" + (details.containsKey(feed.routeId()) ? "; " + details.get(feed.routeId()) : "")));
            }
        }
        return (down ? Health.down() : Health.up()).withDetails(details).build();
    }
}
