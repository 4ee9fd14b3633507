package io.poshub.bench;

import java.io.BufferedWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Does bad input get in the tills' way? {@code bench/run limits --calls=400 --rate=20 --bad-mb=200}: on one hub
 * ({@code -Xmx256m}), a till looks members up by card at a steady rate — first with the hub idle, then while an upload of
 * one line of {@code bad-mb} MB without a newline is taken and read (one rejected row LINE_TOO_LONG, the file goes on),
 * then while an upload over {@code poshub.uploads.max-size} is refused (413). Each lookup's time, the phases' p50/p99,
 * and the heap's peak (from the GC log) against the heap's limit. Writes {@code <out>/<date>-limits.json}.
 */
final class LimitsBench {

    static final String TILL_KEY = "bench-till-key-0451";

    private LimitsBench() {
    }

    static void main(Map<String, String> opt) throws Exception {
        int calls = Integer.parseInt(opt.getOrDefault("calls", "400"));
        double rate = Double.parseDouble(opt.getOrDefault("rate", "20"));
        long badMb = Long.parseLong(opt.getOrDefault("bad-mb", "200"));
        long limitMb = badMb + 10;
        String heap = opt.getOrDefault("heap", "256m");
        Path jar = Path.of(opt.getOrDefault("jar", "target/poshub-0.1.0-SNAPSHOT.jar"));
        Path mappings = Path.of(opt.getOrDefault("mappings", "mappings"));
        Path work = Bench.clean(Path.of(opt.getOrDefault("work", "bench/work")).resolve("limits"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results"));
        int port = Integer.parseInt(opt.getOrDefault("port", "18080"));

        Database db = Database.fromEnv();
        List<Generator.Member> members = Generator.members(2000);
        Path bad = write(work.resolve("one-line-" + badMb + "mb.csv"), badMb * 1024 * 1024);
        Path oversize = write(work.resolve("oversize-" + (limitMb + 5) + "mb.csv"), (limitMb + 5) * 1024 * 1024);
        db.recreate();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", Instant.now().toString());
        result.put("heap", heap);
        result.put("badUploadMb", badMb);
        result.put("uploadLimitMb", limitMb);
        try (Hub hub = new Hub(jar, work, mappings, db, port, heap, Bench.hubJvm(opt),
                List.of("--poshub.till-keys.demo=" + TILL_KEY, "--poshub.uploads.max-size=" + limitMb + "MB"), "hub")) {
            hub.awaitStarted(Duration.ofMinutes(3));
            db.insertMembers(members);
            db.settle();
            Till till = new Till("http://localhost:" + port, members);
            till.lookups(50, rate); // warm-up, not counted

            result.put("idle", summary(till.lookups(calls, rate)));

            try (Hub.HeapSampler sampler = hub.sampleHeap()) {
                Instant started = Instant.now();
                // The upload and its import, from the first byte sent to the import row finished: the till calls run
                // for as long as that takes.
                CompletableFuture<Database.Import> taken = CompletableFuture.supplyAsync(() -> {
                    HttpResponse<String> accepted = post(hub, bad);
                    if (accepted.statusCode() != 202) {
                        throw new IllegalStateException("the bad upload answered " + accepted.statusCode() + ": " + accepted.body());
                    }
                    try {
                        return db.awaitFinished(bad.getFileName().toString(), Duration.ofMinutes(10));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                List<Long> during = till.lookupsWhile(() -> !taken.isDone(), calls * 10, rate);
                Database.Import imported = taken.get();
                double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
                if (imported.rowsRejected() != 1 || imported.status().equals("DONE")) {
                    throw new IllegalStateException("the one-line file ended " + imported + ", expected its one row rejected");
                }
                Map<String, Object> phase = summary(during);
                phase.put("uploadAndImportSeconds", Bench.round(seconds));
                phase.put("import", imported.status() + ", " + imported.rowsRejected() + " row rejected");
                long peak = sampler.heap().peakUsed();
                phase.put("heapPeakUsedMb", peak == 0 ? "no collection ran: the heap stayed within its young generation"
                        : peak / (1024 * 1024));
                result.put("duringBadLineUpload", phase);
            }

            // Refused once the body passes the limit: the client reads the 413, or — when more than Tomcat swallows
            // (2 MB) is still unsent — finds the connection closed under it. Either way nothing of it is an import.
            CompletableFuture<String> refused = CompletableFuture.supplyAsync(() -> {
                try {
                    HttpResponse<String> answer = hub.postMultipart("/api/feeds/" + Hub.FEED + "/uploads", oversize);
                    if (answer.statusCode() != 413 || !answer.body().contains("PAYLOAD_TOO_LARGE")) {
                        throw new IllegalStateException("the oversize upload answered " + answer.statusCode() + ": " + answer.body());
                    }
                    return "413 PAYLOAD_TOO_LARGE";
                } catch (java.io.IOException e) {
                    return "connection closed by the hub while the body was still being sent (" + e.getMessage() + ")";
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Long> during = till.lookupsWhile(() -> !refused.isDone(), calls * 10, rate);
            String how = refused.get();
            long imports = db.count("SELECT COUNT(*) FROM import_file WHERE name = '" + oversize.getFileName() + "'");
            if (imports != 0) {
                throw new IllegalStateException("the oversize upload made " + imports + " import(s)");
            }
            Map<String, Object> phase = summary(during);
            phase.put("answer", how);
            result.put("duringOversizeUpload", phase);
            result.put("rssPeakMb", hub.rssPeak() / (1024 * 1024));
        }
        for (String phase : List.of("idle", "duringBadLineUpload", "duringOversizeUpload")) {
            System.out.println("till lookups " + phase + ": " + result.get(phase));
        }
        Bench.write(out, "-limits", result);
    }

    /** A header and one line of x's of {@code bytes} bytes without a newline, written as a stream. */
    private static Path write(Path file, long bytes) throws Exception {
        char[] block = new char[1 << 16];
        Arrays.fill(block, 'x');
        try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            writer.write(Generator.HEADER);
            writer.write('\n');
            for (long left = bytes; left > 0; left -= block.length) {
                writer.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return file;
    }

    private static HttpResponse<String> post(Hub hub, Path file) {
        try {
            return hub.postMultipart("/api/feeds/" + Hub.FEED + "/uploads", file);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> summary(List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        sorted.sort(null);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("calls", sorted.size());
        summary.put("p50Ms", Bench.round(percentile(sorted, 0.50) / 1000.0));
        summary.put("p99Ms", Bench.round(percentile(sorted, 0.99) / 1000.0));
        summary.put("maxMs", Bench.round(sorted.get(sorted.size() - 1) / 1000.0));
        return summary;
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** A till looking members up by card, one call after another at a steady rate; each call's time in µs. */
    static final class Till {
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final String base;
        private final List<Generator.Member> members;
        private int next;

        Till(String base, List<Generator.Member> members) {
            this.base = base;
            this.members = members;
        }

        List<Long> lookups(int calls, double perSecond) throws Exception {
            return lookupsWhile(() -> true, calls, perSecond);
        }

        /** Lookups while {@code busy} holds (at least one), at most {@code calls}. */
        List<Long> lookupsWhile(BooleanSupplier busy, int calls, double perSecond) throws Exception {
            List<Long> micros = new ArrayList<>();
            long every = (long) (1_000_000_000L / perSecond);
            long due = System.nanoTime();
            for (int i = 0; i < calls && (i == 0 || busy.getAsBoolean()); i++) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Generator.Member member = members.get(next++ % members.size());
                long start = System.nanoTime();
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/api/members?card=" + member.card()))
                        .header("X-Api-Key", TILL_KEY).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                micros.add((System.nanoTime() - start) / 1000);
                if (answer.statusCode() != 200 || !answer.body().contains(member.externalId())) {
                    throw new IllegalStateException("a lookup of card " + member.card() + " answered " + answer.statusCode());
                }
                due += every;
            }
            return micros;
        }
    }
}
