package io.poshub.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hub started as the image starts it (docker/Dockerfile): Java 25, the jar extracted by Spring Boot's tools mode, and
 * an AOT cache written by the image's training run, which books a file ({@code docker/train}), so a hub's first file meets classes
 * already linked and the JIT's profiles of a booking. {@code bench/run --launch=image}.
 *
 * @param java       the JVM (the image's is Java 25)
 * @param jar        the extracted application's jar
 * @param jvmOptions what starts the hub on the cache
 */
record ImageLaunch(String java, Path jar, List<String> jvmOptions) {

    /** The default Java 25 of this machine, as {@code bench/run startup} uses it. */
    static final String JAVA_25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";

    /**
     * Extracts the jar into {@code <work>/image} and trains its cache with the image's own training run
     * ({@code docker/train}: members, then a generated file booked through a folder feed) on a fresh schema, with the
     * image's collector; the measured file comes from another register, so it is new to the database either way.
     */
    static ImageLaunch prepare(String java, Path fatJar, Path work, Path mappings, Database db, int port, String heap,
                               long trainingLines) throws Exception {
        Path app = Bench.clean(work.resolve("image")).toAbsolutePath();
        run(List.of(java, "-Djarmode=tools", "-jar", fatJar.toAbsolutePath().toString(), "extract", "--destination", app.toString()),
                Map.of());
        Path jar = app.resolve(fatJar.getFileName());
        Path cache = app.resolve("poshub.aot");
        Path training = Bench.clean(work.resolve("training")).toAbsolutePath();
        db.recreate();
        URI server = URI.create(db.server().substring("jdbc:".length()));
        String client = "-u" + db.user() + (db.password().isEmpty() ? "" : " -p" + db.password()) + " -h" + server.getHost()
                + " -P" + (server.getPort() < 0 ? 3306 : server.getPort()) + " " + db.schema();
        List<String> command = new ArrayList<>(List.of("docker/train", cache.toString(), "--", java, "-Xmx" + heap));
        command.addAll(Hub.SHIPPED_JVM);
        command.addAll(List.of("--", "-jar", jar.toString(), "--server.port=" + port, "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.user(), "--spring.datasource.password=" + db.password(),
                "--poshub.mappings-dir=" + mappings.toAbsolutePath(), "--poshub.admin.password=bench-admin-password"));
        run(command, Map.of("TRAIN_DB", client, "TRAIN_URL", "http://127.0.0.1:" + port, "TRAIN_WORK", training.toString(),
                "TRAIN_LINES", String.valueOf(trainingLines)));
        System.out.printf("image launch: %s, AOT cache %d MB, trained on %,d lines%n", java, Files.size(cache) >> 20, trainingLines);
        return new ImageLaunch(java, jar, List.of("-XX:AOTCache=" + cache));
    }

    /** Runs a command to its end with {@code env} added, its output the bench's; a non-zero exit is an error. */
    static void run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(env);
        Process process = builder.start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " exited with " + process.exitValue());
        }
    }
}
