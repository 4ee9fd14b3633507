package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.support.FeedYaml;
import io.poshub.support.HubNodes;
import io.poshub.support.People;
import io.poshub.support.TestDatabase;
import io.poshub.support.TicketFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestTemplate;

/**
 * Two hub nodes on one database and one inbox (the file-lock cluster): files of the same name uploaded to both at once
 * are each booked whole, once, whichever node leads the feed.
 */
class UploadsOnTwoHubsTest {

    private static final String FEED = "shared-store";

    @Test
    void uploadsOfOneNameToTwoHubsAreEachBookedOnce() throws Exception {
        TestDatabase.Schema schema = TestDatabase.freshSchema("twohubs");
        Path shared = Files.createTempDirectory("poshub-two-");
        Path inbox = Files.createDirectories(shared.resolve("inbox"));
        Path routes = Files.createDirectories(shared.resolve("routes"));
        Files.writeString(routes.resolve("shared.camel.yaml"), FeedYaml.posFeed(FEED, "file:" + inbox, "counterpoint"));
        List<ConfigurableApplicationContext> nodes = new ArrayList<>();
        try {
            for (String name : List.of("a", "b")) {
                nodes.add(HubNodes.start(schema, Files.createDirectories(shared.resolve("node-" + name)), routes, "two-" + name,
                        "--poshub.cluster.enabled=true", "--poshub.cluster.file-root=" + shared.resolve("cluster"),
                        "--poshub.cluster.lock-interval=500ms"));
            }
            String big = TicketFiles.counterpoint(3_000, "1", 1, List.of(""));
            String small = TicketFiles.counterpoint(2, "2", 1, List.of(""));
            CompletableFuture<Long> toA = CompletableFuture.supplyAsync(() -> upload(nodes.get(0), "day.csv", big));
            CompletableFuture<Long> toB = CompletableFuture.supplyAsync(() -> upload(nodes.get(1), "day.csv", small));
            long first = toA.get();
            long second = toB.get();

            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(schema.url(), schema.user(), schema.password()));
            await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM import_file WHERE finished_at IS NOT NULL AND id IN (?, ?)", Integer.class, first, second) == 2);
            assertThat(jdbc.queryForMap("SELECT name, status, sales_total FROM import_file WHERE id = ?", first))
                    .containsEntry("name", "day.csv").containsEntry("status", "DONE").containsEntry("sales_total", 3_000);
            assertThat(jdbc.queryForMap("SELECT name, status, sales_total FROM import_file WHERE id = ?", second))
                    .containsEntry("name", "day.csv").containsEntry("status", "DONE").containsEntry("sales_total", 2);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_file", Integer.class)).as("an import per upload").isEqualTo(2);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale", Integer.class)).isEqualTo(3_002);
            try (var left = Files.list(inbox)) {
                assertThat(left.toList()).as("nothing left in the inbox").isEmpty();
            }
        } finally {
            nodes.forEach(ConfigurableApplicationContext::close);
        }
    }

    private static long upload(ConfigurableApplicationContext node, String name, String content) {
        RestTemplate http = new RestTemplateBuilder().basicAuthentication(People.ADMIN, People.ADMIN_PASSWORD)
                .rootUri("http://localhost:" + node.getEnvironment().getProperty("local.server.port")).build();
        LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return name;
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        Map<?, ?> answer = http.postForObject("/api/feeds/" + FEED + "/uploads", new HttpEntity<>(form, headers), Map.class);
        return ((Number) answer.get("importId")).longValue();
    }
}
