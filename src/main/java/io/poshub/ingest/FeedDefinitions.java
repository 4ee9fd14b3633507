package io.poshub.ingest;

import io.poshub.PoshubProperties;
import io.poshub.common.Names;
import io.poshub.mapping.MappingRepository;
import org.springframework.stereotype.Component;

/**
 * What makes a feed acceptable before it runs: a usable name, a mapping that loads, a source poshub
 * can run safely, and an {@code expect} that reads. The route template checks it when a feed is created, the config watcher before it
 * touches a running feed.
 */
@Component
public class FeedDefinitions {

    private final PoshubProperties properties;
    private final MappingRepository mappings;

    public FeedDefinitions(PoshubProperties properties, MappingRepository mappings) {
        this.properties = properties;
        this.mappings = mappings;
    }

    /**
     * @return the consumer URI the feed will run
     * @throws IllegalArgumentException or MappingException naming what is wrong
     */
    public String check(Object feed, Object source, Object mapping, Object expect, Object maxRejects) {
        checkName(feed);
        checkExpect(feed, expect);
        try {
            RejectLimit.parse(maxRejects);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("feed " + feed + ": " + e.getMessage());
        }
        if (mapping == null) {
            throw new IllegalArgumentException("feed " + feed + ": the mapping parameter is required");
        }
        if (mappings.get(String.valueOf(mapping)).isTerminal()) {
            throw new IllegalArgumentException("feed " + feed + ": mapping " + mapping + " reads card terminals' settlements: "
                    + "use the terminal-feed template for it");
        }
        return sourceUri(feed, source);
    }

    /**
     * A terminal feed ({@code terminal-feed}, contract §22): a usable name, a mapping of {@code format: terminal}, and a
     * source poshub can run safely.
     *
     * @return the consumer URI the feed will run
     */
    public String checkTerminals(Object feed, Object source, Object mapping, Object expect) {
        checkName(feed);
        checkExpect(feed, expect);
        if (mapping == null) {
            throw new IllegalArgumentException("terminal feed " + feed + ": the mapping parameter is required");
        }
        if (!mappings.get(String.valueOf(mapping)).isTerminal()) {
            throw new IllegalArgumentException("terminal feed " + feed + ": mapping " + mapping + " is not of format: terminal");
        }
        return sourceUri(feed, source);
    }

    /**
     * A member feed ({@code member-feed}): a usable name, a merchant, and a source poshub can run safely.
     *
     * @return the consumer URI the feed will run
     */
    public String checkMembers(Object feed, Object source, Object merchant, Object expect) {
        checkName(feed);
        checkExpect(feed, expect);
        if (merchant == null || String.valueOf(merchant).isBlank()) {
            throw new IllegalArgumentException("member feed " + feed + ": the merchant parameter is required");
        }
        return sourceUri(feed, source);
    }

    private static void checkExpect(Object feed, Object expect) {
        if (expect != null && !String.valueOf(expect).isBlank()) {
            try {
                FeedExpectation.parse(String.valueOf(expect));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("feed " + feed + ": " + e.getMessage());
            }
        }
    }

    private static void checkName(Object feed) {
        Names.require("feed", feed == null ? null : String.valueOf(feed));
    }

    private String sourceUri(Object feed, Object source) {
        String uri = FeedSource.consumerUri(String.valueOf(feed), source == null ? null : String.valueOf(source), properties);
        return properties.cluster().enabled() ? FeedSource.clustered(String.valueOf(feed), uri) : uri;
    }
}
