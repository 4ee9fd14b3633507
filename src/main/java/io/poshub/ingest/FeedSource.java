package io.poshub.ingest;

import io.poshub.PoshubProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.camel.Exchange;

/**
 * Turns the {@code source} an admin writes in a feed ({@code file:data/inbox/store-001} or
 * {@code sftp://user@host:22/outbox}) into the consumer URI the feed runs, adding poshub's defaults
 * where the admin gave none: never a half-written file (readLock=changed with a minimum age), files
 * taken oldest first, the file moved to {@code archive/} or {@code error/} when done, and for SFTP
 * public-key auth with strict host-key checking against the pinned known_hosts.
 */
final class FeedSource {

    /** Set by the feed route: {@code archive} or {@code error}; where the file moves when the exchange ends. */
    static final String OUTCOME = "poshubOutcome";
    /** Set by the feed route: the name the file is kept under in archive/ or error/ (a time stamp, then its name). */
    static final String STORED_NAME = "poshubStoredName";
    /** Names a writer gives a file while it is still writing it (WinSCP: .filepart); never read. */
    static final List<String> TEMPORARY_SUFFIXES = List.of(".tmp", ".part", ".filepart");

    private FeedSource() {
    }

    static String consumerUri(String feed, String source, PoshubProperties properties) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("feed " + feed + ": source is empty");
        }
        int q = source.indexOf('?');
        String base = q < 0 ? source : source.substring(0, q);
        Map<String, String> options = parseQuery(q < 0 ? "" : source.substring(q + 1));
        String scheme = base.substring(0, Math.max(0, base.indexOf(':'))).toLowerCase(Locale.ROOT);
        PoshubProperties.Ingest ingest = properties.ingest();
        String stamp = "${exchangeProperty." + STORED_NAME + "}";
        switch (scheme) {
            case "file" -> {
                options.putIfAbsent("move", storedPath(properties, "${exchangeProperty." + OUTCOME + "}", feed, stamp));
            }
            case "sftp" -> {
                String strict = options.get("strictHostKeyChecking");
                if (strict != null && !strict.equalsIgnoreCase("yes")) {
                    throw new IllegalArgumentException("feed " + feed + ": strictHostKeyChecking=" + strict
                            + " is refused; pin the server's host key in " + properties.sftp().knownHostsFile());
                }
                options.put("strictHostKeyChecking", "yes");
                options.putIfAbsent("useUserKnownHostsFile", "false");
                options.putIfAbsent("knownHostsFile", properties.sftp().knownHostsFile().toAbsolutePath().toString());
                if (!options.containsKey("password")) {
                    options.putIfAbsent("privateKeyFile", properties.sftp().privateKeyFile().toAbsolutePath().toString());
                }
                // Download to disk, not memory: big files stream from a local copy.
                options.putIfAbsent("localWorkDirectory",
                        properties.dataDir().resolve("work").resolve(feed).toAbsolutePath().toString());
                options.putIfAbsent("move", ".${exchangeProperty." + OUTCOME + "}/" + stamp);
                // A refused connection (server down, host key changed) must reach the poll strategy, not vanish.
                options.putIfAbsent("throwExceptionOnConnectFailed", "true");
                options.putIfAbsent("autoCreate", "false");
            }
            default -> throw new IllegalArgumentException("feed " + feed + ": source must start with file: or sftp:, found '"
                    + base + "'");
        }
        if (!options.containsKey("doneFileName")) {
            options.putIfAbsent("readLock", "changed");
            options.putIfAbsent("readLockMinAge", String.valueOf(ingest.readLockMinAge().toMillis()));
            options.putIfAbsent("readLockCheckInterval", "250");
            // Camel's default (1) would leave an empty file in the folder for ever; it is read, and FAILED as empty.
            options.putIfAbsent("readLockMinLength", "0");
        }
        options.putIfAbsent("antExclude", ".*," + String.join(",", TEMPORARY_SUFFIXES.stream().map(suffix -> "*" + suffix).toList()));
        options.putIfAbsent("sortBy", "file:modified;file:name");
        options.putIfAbsent("delay", String.valueOf(ingest.pollDelay().toMillis()));
        options.putIfAbsent("pollStrategy", "#" + FeedSourceStatus.BEAN);
        options.putIfAbsent("exceptionHandler", "#" + FeedSourceStatus.BEAN);
        StringJoiner query = new StringJoiner("&");
        options.forEach((k, v) -> query.add(k + "=" + v));
        return base + "?" + query;
    }

    /** Where a folder feed keeps a file it is done with: {@code <data-dir>/<archive or error>/<feed>/<stored name>}. */
    static String storedPath(PoshubProperties properties, String outcome, String feed, String storedName) {
        return properties.dataDir().toAbsolutePath().normalize().resolve(outcome).resolve(feed).resolve(storedName).toString();
    }

    /**
     * Where a folder feed's file of this exchange will be kept (archive/ or error/, as its outcome says); null for an
     * SFTP feed, whose files stay on the server.
     */
    static String stored(PoshubProperties properties, Exchange exchange, String feed) {
        if (exchange.getFromEndpoint() == null || !isFolder(exchange.getFromEndpoint().getEndpointUri())) {
            return null;
        }
        return storedPath(properties, exchange.getProperty(OUTCOME, String.class), feed, exchange.getProperty(STORED_NAME, String.class));
    }

    /**
     * The feed's consumer under Camel's {@code master:} component: of all nodes sharing the cluster service
     * (file lock or Kubernetes lease), only the leader of the namespace {@code poshub-<feed>} consumes.
     */
    static String clustered(String feed, String consumerUri) {
        return "master:poshub-" + feed + ":" + consumerUri;
    }

    /** Whether a feed's consumer reads a local folder (as opposed to SFTP), clustered or not. */
    static boolean isFolder(String endpointUri) {
        String uri = endpointUri.startsWith("master:") ? endpointUri.substring(endpointUri.indexOf(':', "master:".length()) + 1)
                : endpointUri;
        return uri.startsWith("file:");
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String part : query.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            options.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "" : part.substring(eq + 1));
        }
        return options;
    }
}
