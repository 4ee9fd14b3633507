package io.poshub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.support.DefaultHubTest;
import io.poshub.support.People;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * What operators see: the feed's MBean through the platform MBean server and through Jolokia over HTTP,
 * Camel's own MBeans, Hawtio and the actuator behind ADMIN, Prometheus counters, health — and no member's
 * phone, email or card number in the logs of a run over the samples.
 */
@DisableJmx(false)
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability
@ExtendWith(OutputCaptureExtension.class)
class OperationsTest extends DefaultHubTest {

    private static final String DAY1 = "counterpoint-store001-20261102.csv";
    private static final String DAY2 = "counterpoint-store001-20261103.csv";

    @Autowired
    TestRestTemplate http;

    @Test
    void aFeedIsVisibleInJmxJolokiaPrometheusAndHealthAndTheLogsHoldNoMemberKeys(CapturedOutput output) throws Exception {
        importSampleMembers();
        addFeed("store-001", "file:" + dataDir.resolve("inbox/store-001"), "counterpoint");
        NotifyBuilder done = files(camel, "store-001").whenDone(2).create();
        drop(SAMPLES.resolve(DAY1), dataDir.resolve("inbox/store-001"), DAY1);
        drop(SAMPLES.resolve(DAY2), dataDir.resolve("inbox/store-001"), DAY2);
        assertThat(done.matches(60, TimeUnit.SECONDS)).isTrue();
        awaitImport("store-001", DAY1);
        awaitImport("store-001", DAY2);

        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName feed = new ObjectName("poshub:type=feed,name=store-001");
        assertThat(server.getAttribute(feed, "FilesProcessed")).isEqualTo(2L);
        assertThat(server.getAttribute(feed, "RowsRejected")).isEqualTo(2L);
        assertThat(server.getAttribute(feed, "SalesBooked")).isEqualTo(33L);
        assertThat(server.getAttribute(feed, "SalesDuplicate")).isEqualTo(3L);
        assertThat(server.getAttribute(feed, "SalesParked")).isEqualTo(3L);
        assertThat((String) server.getAttribute(feed, "LastFileAt")).isNotEmpty();
        assertThat(server.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null))
                .anySatisfy(n -> assertThat(n.getKeyProperty("name")).isEqualTo("\"feed-store-001\""));

        ResponseEntity<Map> jolokia = admin().getForEntity("/actuator/jolokia/read/poshub:type=feed,name=store-001", Map.class);
        assertThat(jolokia.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat((Map<String, Object>) jolokia.getBody().get("value")).containsEntry("SalesBooked", 33).containsEntry("FilesProcessed", 2);
        assertThat(http.getForEntity("/actuator/jolokia/read/poshub:type=feed,name=store-001", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);

        assertThat(http.getForEntity("/actuator/hawtio/", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<String> hawtio = admin().getForEntity("/actuator/hawtio/", String.class);
        assertThat(hawtio.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(hawtio.getBody()).containsIgnoringCase("hawtio");

        String prometheus = admin().getForObject("/actuator/prometheus", String.class);
        assertThat(prometheus).contains("poshub_sales_total{feed=\"store-001\",outcome=\"booked\"} 33.0")
                .contains("poshub_files_total{feed=\"store-001\",status=\"DONE_WITH_REJECTS\"} 1.0")
                .containsPattern("camel_exchange_event_notifier_seconds_count\\{[^}]*routeId=\"feed-store-001\"");
        assertThat(http.getForEntity("/actuator/prometheus", String.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);

        assertThat(http.getForEntity("/actuator/health", Map.class).getBody()).containsEntry("status", "UP");
        Map<String, Object> components = (Map<String, Object>) admin().getForObject("/actuator/health", Map.class).get("components");
        assertThat(components).containsKeys("db", "feeds", "paymentProvider");

        List<String> lines = Files.readAllLines(SAMPLES.resolve("members.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            assertThat(output.getAll()).as("log lines hold no card, phone or email of " + f[0])
                    .doesNotContain(f[1]).doesNotContain(f[2]).doesNotContain(f[2].substring(1)).doesNotContain(f[3]);
        }
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD);
    }
}
