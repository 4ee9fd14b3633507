package io.poshub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The hub under test: the real jar in its own JVM ({@code -Xmx256m}), on the bench's database, with one
 * folder feed {@code bench} read by the shipped CounterPoint mapping. Reads its heap through Jolokia and
 * its resident set from /proc.
 */
final class Hub implements AutoCloseable {

    static final String FEED = "bench";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String auth = "Basic " + Base64.getEncoder().encodeToString("admin:bench".getBytes(StandardCharsets.UTF_8));
    private final Path inbox;
    private final Path out;

    Hub(Path jar, Path work, Path mappings, Database db, int port, String heap, List<String> jvmOptions) throws IOException {
        this(jar, work, mappings, db, port, heap, jvmOptions, List.of(), "hub");
    }

    /** A hub whose console goes to {@code <work>/<name>.out}, with extra application arguments. */
    Hub(Path jar, Path work, Path mappings, Database db, int port, String heap, List<String> jvmOptions,
        List<String> appArgs, String name) throws IOException {
        Path routes = work.resolve("routes");
        Path data = work.resolve("data");
        Files.createDirectories(routes);
        inbox = data.resolve("inbox").resolve(FEED);
        Files.createDirectories(inbox);
        Files.writeString(routes.resolve(FEED + ".camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: pos-feed
                    routeId: bench
                    parameters:
                      - name: feed
                        value: bench
                      - name: source
                        value: "file:%s"
                      - name: mapping
                        value: counterpoint
                """.formatted(inbox.toAbsolutePath()));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + port,
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--poshub.data-dir=" + data.toAbsolutePath(),
                "--poshub.routes-dir=" + routes.toAbsolutePath(),
                "--poshub.mappings-dir=" + mappings.toAbsolutePath(),
                "--poshub.admin.password=bench",
                "--logging.file.name=" + work.resolve(name + ".log").toAbsolutePath()));
        command.addAll(appArgs);
        this.out = work.resolve(name + ".out");
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        base = "http://127.0.0.1:" + port;
    }

    /** Whether the hub's console has a line containing the text. */
    boolean logged(String text) throws IOException {
        return Files.exists(out) && Files.readString(out).contains(text);
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path inbox() {
        return inbox;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the bench feed's route runs. */
    void awaitStarted(Duration limit) throws Exception {
        Poll.until("the hub starting its feed", limit, Duration.ofMillis(200), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited with " + process.exitValue() + "; see its hub.out");
            }
            try {
                HttpResponse<String> feeds = get("/api/feeds");
                return feeds.statusCode() == 200 && feeds.body().contains("\"state\":\"running\"");
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    /**
     * Drops a file the way a careful writer does: its mtime stamped with now, moved into the feed's folder in
     * one step. Returns the moment of the drop (the mtime), from which the bench measures.
     */
    Instant drop(Path file) throws IOException {
        Instant now = Instant.now();
        Files.setLastModifiedTime(file, FileTime.from(now));
        Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        return now;
    }

    /** The heap as sampled while a file is booked: its largest use, and the largest old generation left after a GC. */
    record Heap(long peakUsed, long peakOldAfterGc) {
    }

    /**
     * Samples the hub's heap through Jolokia every 100 ms until the returned handle is closed: the used heap
     * ({@code java.lang:type=Memory}) and what the old generation kept after its last collection
     * ({@code G1 Old Gen} CollectionUsage) — the memory the import really holds on to.
     */
    HeapSampler sampleHeap() {
        HeapSampler sampler = new HeapSampler();
        sampler.thread.start();
        return sampler;
    }

    final class HeapSampler implements AutoCloseable {
        private volatile boolean running = true;
        private long used;
        private long oldAfterGc;
        private final Thread thread = new Thread(() -> {
            while (running) {
                try {
                    JsonNode memory = jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}");
                    JsonNode old = jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=MemoryPool,name=G1 Old Gen\","
                            + "\"attribute\":\"CollectionUsage\"}");
                    synchronized (this) {
                        used = Math.max(used, memory.path("value").path("used").asLong());
                        oldAfterGc = Math.max(oldAfterGc, old.path("value").path("used").asLong());
                    }
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the hub is busy: try again
                }
            }
        }, "heap-sampler");

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
        }

        synchronized Heap heap() {
            return new Heap(used, oldAfterGc);
        }
    }

    /** The largest resident set the hub's JVM had (VmHWM), in bytes. */
    long rssPeak() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmHWM for the hub");
    }

    private JsonNode jolokia(String request) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/jolokia"))
                .header("Authorization", auth).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = JSON.readTree(response.body());
        if (node.path("status").asInt() != 200) {
            throw new IllegalStateException("Jolokia answered " + response.body());
        }
        return node;
    }

    /** Posts a file as the request body, streamed from disk. */
    HttpResponse<String> postFile(String path, Path file, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .header("Content-Type", contentType).timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
