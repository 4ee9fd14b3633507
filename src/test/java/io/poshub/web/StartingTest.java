package io.poshub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.PoshubApplication;
import io.poshub.support.TestDatabase;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A till that calls while the hub starts gets 503 "starting" with Retry-After — never "Vipps did not answer" — and
 * readiness stays DOWN, until the hub is ready. The start is held just before ready (an application runner that waits)
 * so the test sees the window for certain; a caller hammers the till API from before Tomcat listens.
 */
class StartingTest {

    private static final String TILL = "till-key-while-starting";

    @Test
    void theApiAnswersStartingUntilTheHubIsReady() throws Exception {
        TestDatabase.Schema schema = TestDatabase.freshSchema("starting");
        Path data = Files.createTempDirectory("poshub-starting-");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ApplicationRunner holdStart = args -> {
            held.countDown();
            release.await(60, TimeUnit.SECONDS);
        };
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest payment = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/payments"))
                .header("X-Api-Key", TILL).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"phone\":\"+4791234567\",\"amount\":1000,\"currency\":\"NOK\",\"store\":\"001\"}"))
                .build();
        List<HttpResponse<String>> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean calling = new AtomicBoolean(true);
        CompletableFuture<Void> caller = CompletableFuture.runAsync(() -> {
            while (calling.get()) {
                try {
                    answers.add(client.send(payment, HttpResponse.BodyHandlers.ofString()));
                } catch (Exception notListeningYet) {
                    // Tomcat is not up yet
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(() ->
                new SpringApplicationBuilder(PoshubApplication.class)
                        .initializers(context -> context.getBeanFactory().registerSingleton("holdStart", holdStart))
                        .run("--spring.datasource.url=" + schema.url(), "--spring.datasource.username=" + schema.user(),
                                "--spring.datasource.password=" + schema.password(), "--server.port=" + port,
                                "--poshub.data-dir=" + data, "--poshub.routes-dir=" + data.resolve("routes"),
                                "--poshub.mappings-dir=" + Path.of("mappings").toAbsolutePath(), "--poshub.till-keys.demo=" + TILL,
                                "--camel.main.name=poshub-starting", "--camel.main.jmx-enabled=false", "--spring.jmx.enabled=false",
                                "--poshub.payments.vipps.base-url=http://127.0.0.1:9"));
        try {
            assertThat(held.await(120, TimeUnit.SECONDS)).as("the start reached its runners").isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> !answers.isEmpty());
            HttpResponse<String> whileStarting = client.send(payment, HttpResponse.BodyHandlers.ofString());
            assertThat(whileStarting.statusCode()).isEqualTo(503);
            assertThat(whileStarting.body()).contains("\"title\":\"starting\"");
            assertThat(whileStarting.headers().firstValue("Retry-After")).hasValue("2");
            HttpResponse<String> readiness = client.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
            calling.set(false);
            caller.get(10, TimeUnit.SECONDS);
            assertThat(answers).as("every call while starting").isNotEmpty()
                    .noneMatch(a -> a.body().contains("Vipps did not answer"))
                    .allSatisfy(a -> assertThat(a.statusCode()).isEqualTo(503))
                    .allSatisfy(a -> assertThat(a.body()).contains("\"title\":\"starting\""));

            release.countDown();
            try (ConfigurableApplicationContext hub = starting.get(60, TimeUnit.SECONDS)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> client.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/payments/no-such-payment")).header("X-Api-Key", TILL).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(404);
            }
        } finally {
            calling.set(false);
            release.countDown();
        }
    }
}
