package io.poshub.support;

/** A routes/*.camel.yaml file as an admin writes one, for tests that give a second node (or a live reload) its feeds. */
public final class FeedYaml {

    private FeedYaml() {
    }

    /**
     * A feed from the {@code pos-feed} template (route id {@code feed-<feed>}); {@code more} are further parameters as
     * name, value pairs (e.g. "expect", "daily 06:00").
     */
    public static String posFeed(String feed, String source, String mapping, String... more) {
        StringBuilder yaml = new StringBuilder("""
                - templatedRoute:
                    routeTemplateRef: pos-feed
                    routeId: feed-%s
                    parameters:
                      - { name: feed, value: %s }
                      - { name: source, value: "%s" }
                      - { name: mapping, value: %s }
                """.formatted(feed, feed, source, mapping));
        for (int i = 0; i + 1 < more.length; i += 2) {
            yaml.append("      - { name: ").append(more[i]).append(", value: \"").append(more[i + 1]).append("\" }\n");
        }
        return yaml.toString();
    }
}
