package io.poshub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.support.FeedYaml;
import io.poshub.support.HubNodes;
import io.poshub.support.HubTest;
import io.poshub.support.TestDatabase;
import io.poshub.support.TicketFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.master.MasterConsumer;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code poshub.cluster.kind=zookeeper} against a real ZooKeeper server (Curator's TestingServer runs ZooKeeper's own
 * server in this JVM): two hub nodes on one database and one inbox, the feed led by one of them at a time; its leader
 * stops, the other takes the feed over, and every file is imported once.
 */
class ZooKeeperClusterTest {

    private static final String FEED = "zk-store";

    @Test
    void oneNodeLeadsTheFeedAndTheOtherTakesItOverWhenItStops() throws Exception {
        TestDatabase.Schema schema = TestDatabase.freshSchema("zookeeper");
        Path shared = Files.createTempDirectory("poshub-zk-");
        Path inbox = Files.createDirectories(shared.resolve("inbox"));
        Path routes = Files.createDirectories(shared.resolve("routes"));
        Files.writeString(routes.resolve("zk.camel.yaml"), FeedYaml.posFeed(FEED, "file:" + inbox, "counterpoint"));
        try (TestingServer zookeeper = new TestingServer(true)) {
            List<ConfigurableApplicationContext> nodes = new ArrayList<>();
            try {
                for (String name : List.of("a", "b")) {
                    nodes.add(HubNodes.start(schema, Files.createDirectories(shared.resolve("node-" + name)), routes, "zk-" + name,
                            "--poshub.cluster.enabled=true", "--poshub.cluster.kind=zookeeper",
                            "--poshub.cluster.zookeeper.connect=" + zookeeper.getConnectString(),
                            "--poshub.cluster.zookeeper.session-timeout=3s", "--poshub.cluster.zookeeper.base-path=/poshub-test"));
                }
                ConfigurableApplicationContext leader = await().atMost(Duration.ofSeconds(30)).until(() -> leaderOf(nodes), n -> n != null);
                assertThat(nodes.stream().filter(n -> isMaster(n))).as("one leader at a time").hasSize(1);

                HubTest.drop(TicketFiles.counterpoint(20, "1", 1, List.of("")), inbox, "first.csv");
                awaitDone(schema, "first.csv");

                leader.close();
                nodes.remove(leader);
                ConfigurableApplicationContext next = nodes.get(0);
                // Taken over within 30 s of the leader's end: the wait is the bound (it fails past 30 s).
                await().atMost(Duration.ofSeconds(30)).until(() -> isMaster(next));

                HubTest.drop(TicketFiles.counterpoint(20, "1", 101, List.of("")), inbox, "second.csv");
                awaitDone(schema, "second.csv");
                Map<String, Integer> imports = importsByName(schema);
                assertThat(imports).as("every file imported once").containsExactlyInAnyOrderEntriesOf(Map.of("first.csv", 1, "second.csv", 1));
            } finally {
                nodes.forEach(ConfigurableApplicationContext::close);
            }
        }
    }

    private static ConfigurableApplicationContext leaderOf(List<ConfigurableApplicationContext> nodes) {
        return nodes.stream().filter(ZooKeeperClusterTest::isMaster).findFirst().orElse(null);
    }

    private static boolean isMaster(ConfigurableApplicationContext node) {
        Route route = node.getBean(CamelContext.class).getRoute("feed-" + FEED);
        return route != null && route.getConsumer() instanceof MasterConsumer master && master.isMaster();
    }

    private static void awaitDone(TestDatabase.Schema schema, String name) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            try (Connection c = DriverManager.getConnection(schema.url(), schema.user(), schema.password());
                 var st = c.prepareStatement("SELECT COUNT(*) FROM import_file WHERE name = ? AND status = 'DONE'")) {
                st.setString(1, name);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) > 0;
                }
            }
        });
    }

    private static Map<String, Integer> importsByName(TestDatabase.Schema schema) throws Exception {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        try (Connection c = DriverManager.getConnection(schema.url(), schema.user(), schema.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT name, COUNT(*) FROM import_file GROUP BY name")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }
}
