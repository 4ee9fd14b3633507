package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.support.ContractCheck;
import io.poshub.support.HubTest;
import io.poshub.support.People;
import io.poshub.support.TicketFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;

/**
 * A data folder that runs out of room loses nothing: on a 64 MB tmpfs with {@code poshub.disk.min-free} 40 MB, a ballast
 * file takes the room; uploads are refused with 507, a dropped file waits untouched, DISK_LOW is raised once, the till
 * API answers, and once the ballast is gone the file is booked, uploads work and DISK_RESTORED is raised once.
 */
@AutoConfigureObservability
class DiskFullTest extends HubTest {

    private static final String TILL = "till-key-of-disk";
    private static Path mount;

    @Autowired
    TestRestTemplate http;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) throws IOException, InterruptedException {
        hub(registry, Settings.defaults());
        mount = Files.createTempDirectory("poshub-tmpfs-");
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String said = new String(mounting.getInputStream().readAllBytes());
        boolean mounted = mounting.waitFor() == 0;
        Assumptions.assumeTrue(mounted, "this test mounts a 64 MB tmpfs and needs root (as CI runs): " + said);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor();
            } catch (Exception ignored) {
                // the machine's own clean-up takes it then
            }
        }));
        registry.add("poshub.data-dir", mount::toString);
        registry.add("poshub.disk.min-free", () -> "40MB");
        registry.add("poshub.disk.check-interval", () -> "200ms");
        registry.add("poshub.till-keys.demo", () -> TILL);
    }

    @Test
    void aFullDiskRefusesUploadsPausesFeedsAndLosesNothing() throws Exception {
        importSampleMembers();
        Path inbox = dataDir.resolve("inbox/disk");
        addFeed("disk", "file:" + inbox, "counterpoint");
        await().atMost(Duration.ofSeconds(10)).until(() -> disk().get("folders") instanceof List<?> folders && !folders.isEmpty());
        assertThat(disk()).containsEntry("low", false).containsEntry("minFreeBytes", 40 * 1024 * 1024);

        Path ballast = mount.resolve("ballast");
        long free = Files.getFileStore(mount).getUsableSpace();
        try (RandomAccessFile file = new RandomAccessFile(ballast.toFile(), "rw")) {
            byte[] block = new byte[1024 * 1024];
            for (long written = 0; written < free - 30L * 1024 * 1024; written += block.length) {
                file.write(block);
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(disk().get("low")));
        String prometheus = admin().getForObject("/actuator/prometheus", String.class);
        assertThat(prometheus).containsPattern("poshub_disk_free_bytes\\{folder=\"" + java.util.regex.Pattern.quote(mount.toString())
                + "\"\\} [0-9.E]+");

        ResponseEntity<Map> refused = upload("refused.csv", TicketFiles.counterpoint(2, "3", 1, List.of("")));
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.INSUFFICIENT_STORAGE);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getBody()).containsEntry("code", "DISK_LOW");

        drop(TicketFiles.counterpoint(3, "4", 1, List.of("")), inbox, "waits.csv");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> Files.exists(inbox.resolve("waits.csv"))
                && jdbc.queryForObject("SELECT COUNT(*) FROM import_file WHERE name = 'waits.csv'", Integer.class) == 0);
        assertThat(alerts("DISK_LOW")).as("raised once, not at every check").isEqualTo(1);
        assertThat(new TestRestTemplate(ContractCheck.client(port).defaultHeader("X-Api-Key", TILL))
                .getForEntity("/api/members?externalId=C10059", List.class).getStatusCode())
                .as("the till API answers on a full disk").isEqualTo(HttpStatus.OK);

        Files.delete(ballast);
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(disk().get("low")));
        awaitImport("disk", "waits.csv");
        assertThat(jdbc.queryForMap("SELECT status, sales_total FROM import_file WHERE name = 'waits.csv'"))
                .containsEntry("status", "DONE").containsEntry("sales_total", 3);
        ResponseEntity<Map> accepted = upload("accepted.csv", TicketFiles.counterpoint(2, "3", 1, List.of("")));
        assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        awaitImport(((Number) accepted.getBody().get("importId")).longValue());
        assertThat(alerts("DISK_LOW")).isEqualTo(1);
        assertThat(alerts("DISK_RESTORED")).isEqualTo(1);
    }

    private int alerts(String type) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM alert WHERE type = ?", Integer.class, type);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> disk() {
        Map<String, Object> health = admin().getForObject("/actuator/health", Map.class);
        Map<String, Object> components = (Map<String, Object>) health.get("components");
        return (Map<String, Object>) ((Map<String, Object>) components.get("dataDisk")).get("details");
    }

    private ResponseEntity<Map> upload(String name, String content) {
        LinkedMultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", new ByteArrayResource(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            @Override
            public String getFilename() {
                return name;
            }
        });
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return admin().postForEntity("/api/feeds/disk/uploads", new HttpEntity<>(form, headers), Map.class);
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD);
    }
}
