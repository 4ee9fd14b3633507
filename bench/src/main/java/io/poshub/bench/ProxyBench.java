package io.poshub.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
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
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench/run payments}: what the hub adds to a Vipps call. WireMock answers the ePayment create at once (and
 * the access token); {@code --calls} payments are created one after another through the hub's
 * {@code POST /api/payments} (a till's call: the payment's row, the call to Vipps, its answer kept), and as many
 * creates are sent straight to WireMock with the same headers and body; p50 and p99 of each, after
 * {@code --warmup} calls of each that are not counted.
 */
final class ProxyBench {

    private ProxyBench() {
    }

    static void main(Map<String, String> opt) throws Exception {
        int calls = Integer.parseInt(opt.getOrDefault("calls", "3000"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "4000"));
        Path jar = Path.of(opt.getOrDefault("jar", "target/poshub-0.1.0-SNAPSHOT.jar"));
        Path work = Bench.clean(Path.of(opt.getOrDefault("work", "bench/work")).resolve("payments"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results"));
        WireMockServer vipps = new WireMockServer(options().dynamicPort().disableRequestJournal());
        vipps.start();
        vipps.stubFor(post("/accesstoken/get").willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"token_type\":\"Bearer\",\"expires_in\":\"3600\",\"access_token\":\"bench-token\"}")));
        vipps.stubFor(post("/epayment/v1/payments").willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"reference\":\"ok\"}")));
        // The hub follows each payment it made (a poll 5 s later): the customer has approved it by then, so each is
        // polled once, as in a shop, rather than for ever at the back-off of a payment the provider does not know.
        vipps.stubFor(get(urlPathMatching("/epayment/v1/payments/.+")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody("{\"state\":\"AUTHORIZED\",\"aggregate\":{\"authorizedAmount\":{\"currency\":\"NOK\",\"value\":10000}}}")));
        Database db = Database.fromEnv().schema("payments");
        db.recreate();
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", Instant.now().toString());
        result.put("calls", calls);
        try (Hub hub = new Hub(jar, work, Path.of(opt.getOrDefault("mappings", "mappings")), db, 18098, "256m", Bench.hubJvm(opt),
                List.of("--poshub.payments.vipps.base-url=http://127.0.0.1:" + vipps.port(),
                        "--poshub.payments.vipps.client-id=bench", "--poshub.payments.vipps.client-secret=bench",
                        "--poshub.payments.vipps.subscription-key=bench", "--poshub.payments.vipps.merchant-serial-number=123456",
                        "--poshub.payments.vipps.webhook-secret=bench", "--poshub.till-keys.demo=bench-till"), "hub")) {
            hub.awaitStarted(Duration.ofMinutes(3));
            URI viaHub = URI.create("http://127.0.0.1:18098/api/payments");
            URI direct = URI.create("http://127.0.0.1:" + vipps.port() + "/epayment/v1/payments");
            List<Long> hubNanos = new ArrayList<>();
            List<Long> directNanos = new ArrayList<>();
            for (int i = 0; i < warmup + calls; i++) {
                String reference = "bench-payment-" + i;
                long viaHubTime = time(http, HttpRequest.newBuilder(viaHub).header("X-Api-Key", "bench-till")
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"reference\":\"" + reference + "\",\"phone\":\"+4791234567\",\"amount\":10000,"
                                        + "\"currency\":\"NOK\",\"store\":\"001\"}")).build(), 201);
                long directTime = time(http, HttpRequest.newBuilder(direct).header("Authorization", "Bearer bench-token")
                        .header("Ocp-Apim-Subscription-Key", "bench").header("Merchant-Serial-Number", "123456")
                        .header("Idempotency-Key", "direct-" + reference).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":{\"currency\":\"NOK\",\"value\":10000},"
                                + "\"paymentMethod\":{\"type\":\"WALLET\"},\"customer\":{\"phoneNumber\":\"4791234567\"},"
                                + "\"reference\":\"direct-" + reference + "\",\"userFlow\":\"PUSH_MESSAGE\"}")).build(), 201);
                if (i >= warmup) {
                    hubNanos.add(viaHubTime);
                    directNanos.add(directTime);
                }
            }
            Map<String, Double> hubMs = percentiles(hubNanos);
            Map<String, Double> directMs = percentiles(directNanos);
            result.put("viaHubMs", hubMs);
            result.put("directMs", directMs);
            result.put("addedMs", Map.of("p50", Bench.round(hubMs.get("p50") - directMs.get("p50")),
                    "p99", Bench.round(hubMs.get("p99") - directMs.get("p99"))));
            System.out.printf(Locale.ROOT, "POST /api/payments through the hub: p50 %.2f ms, p99 %.2f ms; straight to the peer: "
                            + "p50 %.2f ms, p99 %.2f ms; the hub adds %.2f ms at p50, %.2f ms at p99 (%d calls)%n",
                    hubMs.get("p50"), hubMs.get("p99"), directMs.get("p50"), directMs.get("p99"),
                    hubMs.get("p50") - directMs.get("p50"), hubMs.get("p99") - directMs.get("p99"), calls);
        } finally {
            vipps.stop();
        }
        Bench.write(out, "-payments", result);
    }

    private static long time(HttpClient http, HttpRequest request, int expected) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - start;
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
        return took;
    }

    private static Map<String, Double> percentiles(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("p50", Bench.round(sorted.get(sorted.size() / 2) / 1e6));
        p.put("p99", Bench.round(sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6));
        p.put("max", Bench.round(sorted.get(sorted.size() - 1) / 1e6));
        return p;
    }
}
