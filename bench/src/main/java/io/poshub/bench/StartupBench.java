package io.poshub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run startup}: seconds from starting the JVM to {@code /actuator/health/readiness} answering UP, against
 * the bench's external database (schema migrated by a first start, so each measured start only validates it), each
 * launch {@code --runs} times (median):
 * <ul>
 *   <li>{@code plain}: {@code java -jar} of the fat jar on this JVM;</li>
 *   <li>{@code extractedWithoutCache}: the extracted jar on {@code --tuned-java}, no cache (what the cache itself gives);</li>
 *   <li>{@code tuned}: the image's launch ({@code docker/Dockerfile}) — the jar extracted by Spring Boot's
 *   {@code -Djarmode=tools extract}, run on {@code --tuned-java} (a JDK 25) with the AOT cache a training run wrote
 *   ({@code -XX:AOTCacheOutput} on a start that is stopped once ready).</li>
 * </ul>
 */
final class StartupBench {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
    private final Database db;
    private final Path work;
    private final int port;

    private StartupBench(Database db, Path work, int port) {
        this.db = db;
        this.work = work;
        this.port = port;
    }

    static void main(Map<String, String> opt) throws Exception {
        Path jar = Path.of(opt.getOrDefault("jar", "target/poshub-0.1.0-SNAPSHOT.jar")).toAbsolutePath();
        Path work = Bench.clean(Path.of(opt.getOrDefault("work", "bench/work")).resolve("startup")).toAbsolutePath();
        Path out = Path.of(opt.getOrDefault("out", "bench/results"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "5"));
        String tunedJava = opt.getOrDefault("tuned-java", ImageLaunch.JAVA_25);
        Database db = Database.fromEnv().schema("startup");
        db.recreate();
        StartupBench bench = new StartupBench(db, work, Integer.parseInt(opt.getOrDefault("port", "18097")));
        String plainJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", Instant.now().toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        bench.start(List.of(plainJava, "-Xmx256m", "-jar", jar.toString()), "migrate").close();

        List<Double> plain = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            plain.add(bench.timed(List.of(plainJava, "-Xmx256m", "-jar", jar.toString()), "plain-" + i));
        }
        result.put("plain", Map.of("java", System.getProperty("java.version"), "seconds", plain, "median", Bench.median(plain)));

        Path extracted = work.resolve("extracted");
        ImageLaunch.run(List.of(tunedJava, "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", extracted.toString()),
                Map.of());
        Path app = extracted.resolve(jar.getFileName());
        Path cache = extracted.resolve("poshub.aot");
        // The training run: a whole start, stopped (SIGTERM) once ready; the JVM writes the cache as it exits.
        bench.start(List.of(tunedJava, "-Xmx256m", "-XX:AOTCacheOutput=" + cache, "-jar", app.toString()), "training").close();
        if (!Files.exists(cache)) {
            throw new IllegalStateException("the training run wrote no AOT cache; see " + work.resolve("training.out"));
        }
        // The same JDK and layout without the cache, to tell what the cache itself gives.
        List<Double> uncached = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            uncached.add(bench.timed(List.of(tunedJava, "-Xmx256m", "-jar", app.toString()), "extracted-" + i));
        }
        result.put("extractedWithoutCache", Map.of("seconds", uncached, "median", Bench.median(uncached)));
        List<Double> tuned = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            tuned.add(bench.timed(List.of(tunedJava, "-Xmx256m", "-XX:AOTCache=" + cache, "-jar", app.toString()), "tuned-" + i));
        }
        result.put("tuned", Map.of("java", tunedJava, "seconds", tuned, "median", Bench.median(tuned), "aotCacheMb", Bench.mb(Files.size(cache))));
        System.out.println("start → ready: plain " + plain + " (median " + Bench.median(plain) + " s); extracted on " + tunedJava
                + " without the cache " + uncached + " (median " + Bench.median(uncached) + " s); tuned " + tuned + " (median "
                + Bench.median(tuned) + " s)");
        Bench.write(out, "-startup", result);
    }

    /** Seconds from the process's start to readiness UP; the hub is stopped after. */
    private double timed(List<String> command, String name) throws Exception {
        try (Started started = start(command, name)) {
            return started.seconds();
        }
    }

    private record Started(Process process, double seconds) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private Started start(List<String> java, String name) throws Exception {
        List<String> command = new ArrayList<>(java);
        command.addAll(List.of("--server.port=" + port,
                "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--poshub.data-dir=" + work.resolve("data"), "--poshub.routes-dir=" + Files.createDirectories(work.resolve("routes")),
                "--poshub.mappings-dir=" + Path.of("mappings").toAbsolutePath(), "--poshub.admin.password=bench-admin-password"));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".out").toFile()).start();
        URI ready = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
        Poll.until(name + " ready", Duration.ofMinutes(3), Duration.ofMillis(20), () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + work.resolve(name + ".out"));
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(ready).GET().build(), HttpResponse.BodyHandlers.ofString());
                return answer.statusCode() == 200 && answer.body().contains("UP");
            } catch (java.io.IOException notYet) {
                return false;
            }
        });
        return new Started(process, Math.round((System.nanoTime() - start) / 1e7) / 100.0);
    }
}
