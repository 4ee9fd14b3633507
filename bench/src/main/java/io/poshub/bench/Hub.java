package io.poshub.bench;

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
 * folder feed {@code bench} read by the shipped CounterPoint mapping. Reads its heap from its GC log and
 * its resident set from /proc.
 */
final class Hub implements AutoCloseable {

    static final String FEED = "bench";
    /**
     * The JVM options the image starts the hub with beside its heap (docker/Dockerfile): the serial collector, whose
     * small heap and two cores cost less CPU than G1's, with half the heap young, where a file's chunks in flight die
     * (docs/performance.md). A run's own options come after these.
     */
    static final List<String> SHIPPED_JVM = List.of("-XX:+UseSerialGC", "-XX:NewRatio=1");

    /** The java that runs the hub: the bench's own, or {@code POSHUB_BENCH_HUB_JAVA} (e.g. the image's Java 25). */
    static final String JAVA = System.getenv().getOrDefault("POSHUB_BENCH_HUB_JAVA",
            Path.of(System.getProperty("java.home"), "bin", "java").toString());

    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;
    private final String auth = "Basic " + Base64.getEncoder().encodeToString("admin:bench-admin-password".getBytes(StandardCharsets.UTF_8));
    private final Path inbox;
    private final Path out;
    private final Path gcLog;

    Hub(Path jar, Path work, Path mappings, Database db, int port, String heap, List<String> jvmOptions) throws IOException {
        this(jar, work, mappings, db, port, heap, jvmOptions, List.of(), "hub");
    }

    /** A hub whose console goes to {@code <work>/<name>.out}, with extra application arguments. */
    Hub(Path jar, Path work, Path mappings, Database db, int port, String heap, List<String> jvmOptions,
        List<String> appArgs, String name) throws IOException {
        this(JAVA, jar, work, mappings, db, port, heap, jvmOptions, appArgs, name);
    }

    /** The same on the JVM {@code java} (the image's: {@link ImageLaunch}). */
    Hub(String java, Path jar, Path work, Path mappings, Database db, int port, String heap, List<String> jvmOptions,
        List<String> appArgs, String name) throws IOException {
        gcLog = work.resolve(name + "-gc.log");
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
                java,
                "-Xmx" + heap));
        command.add("-Xlog:gc,gc+heap,gc+init:file=" + gcLog.toAbsolutePath());
        command.addAll(SHIPPED_JVM);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(),
                "--server.port=" + port,
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--poshub.data-dir=" + data.toAbsolutePath(),
                "--poshub.routes-dir=" + routes.toAbsolutePath(),
                "--poshub.mappings-dir=" + mappings.toAbsolutePath(),
                "--poshub.admin.password=bench-admin-password",
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

    /** SIGTERM, as Kubernetes or systemd stop a process; answers how long it took to exit (null: not within the limit). */
    Duration terminate(Duration limit) throws InterruptedException {
        Instant asked = Instant.now();
        process.destroy();
        if (!process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            return null;
        }
        return Duration.between(asked, Instant.now());
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

    /** The heap while a file is booked: its largest use, and the largest old generation left after a GC. */
    record Heap(long peakUsed, long peakOldAfterGc) {
    }

    /**
     * Watches the hub's heap until the returned handle is closed, from its GC log: the heap in use when each collection
     * began (the heap only grows between them, so the largest is the peak) and what the old generation kept after
     * each — the memory the import really holds on to. Read from the log rather than asked of the hub: asking ten
     * times a second through Jolokia cost the hub ~2 s of CPU on a 1 000 000-line file.
     */
    HeapSampler sampleHeap() throws IOException {
        return new HeapSampler(Files.exists(gcLog) ? Files.size(gcLog) : 0);
    }

    final class HeapSampler implements AutoCloseable {
        private final long from;
        private Heap heap;

        private HeapSampler(long from) {
            this.from = from;
        }

        @Override
        public void close() throws IOException {
            if (heap == null) {
                heap = GcLog.heap(gcLog, from);
            }
        }

        Heap heap() throws IOException {
            close();
            return heap;
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

    /** Posts a file as the request body, streamed from disk. */
    HttpResponse<String> postFile(String path, Path file, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .header("Content-Type", contentType).timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a file as the multipart part {@code file} (as a browser's form would), streamed from disk. */
    HttpResponse<String> postMultipart(String path, Path file) throws Exception {
        String boundary = "poshub-bench-" + System.nanoTime();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + file.getFileName()
                + "\"\r\nContent-Type: text/csv\r\n\r\n";
        String tail = "\r\n--" + boundary + "--\r\n";
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofString(head), HttpRequest.BodyPublishers.ofFile(file),
                HttpRequest.BodyPublishers.ofString(tail));
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).timeout(Duration.ofMinutes(30))
                .POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a JSON body as the admin. */
    HttpResponse<String> postJson(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", auth)
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(30))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Gets a path as the admin. */
    HttpResponse<String> get(String path) throws Exception {
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
