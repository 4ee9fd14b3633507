package io.poshub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Does a big preview get in a feed's way? {@code bench/run preview --lines=1000000 --files=10}: on one hub, 10-line files
 * dropped one after another into its feed (drop → committed, each), first with the hub idle, then while a preview of a
 * file of {@code lines} lines for the same members runs. The preview's own time and counts are checked against the file.
 * Writes {@code <out>/<date>-preview.json}.
 */
final class PreviewBench {

    private PreviewBench() {
    }

    static void main(Map<String, String> opt) throws Exception {
        long lines = Long.parseLong(opt.getOrDefault("lines", "1000000"));
        int files = Integer.parseInt(opt.getOrDefault("files", "10"));
        int memberCount = Integer.parseInt(opt.getOrDefault("members", "20000"));
        Path jar = Path.of(opt.getOrDefault("jar", "target/poshub-0.1.0-SNAPSHOT.jar"));
        Path mappings = Path.of(opt.getOrDefault("mappings", "mappings"));
        Path work = Bench.clean(Path.of(opt.getOrDefault("work", "bench/work")).resolve("preview"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results"));
        int port = Integer.parseInt(opt.getOrDefault("port", "18080"));

        Database db = Database.fromEnv();
        List<Generator.Member> members = Generator.members(memberCount);
        Path big = work.resolve("preview-" + lines + ".csv");
        Generator.Expected expected = Generator.write(big, lines, members, "1", 100_000, 42);
        db.recreate();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", Instant.now().toString());
        result.put("lines", lines);
        try (Hub hub = new Hub(jar, work, mappings, db, port, opt.getOrDefault("heap", "256m"), Bench.hubJvm(opt))) {
            hub.awaitStarted(Duration.ofMinutes(3));
            db.insertMembers(members);
            db.settle();
            List<Long> idle = drops(db, hub, work, members, files, 0, () -> true);
            result.put("idleMillis", idle);
            result.put("idleMedianMillis", Bench.median(idle));

            Instant started = Instant.now();
            CompletableFuture<HttpResponse<String>> preview = CompletableFuture.supplyAsync(() -> {
                try {
                    return hub.postMultipart("/api/feeds/" + Hub.FEED + "/preview?limit=100", big);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Long> during = drops(db, hub, work, members, files, 1, () -> !preview.isDone());
            HttpResponse<String> answer = preview.get();
            double previewSeconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the preview answered " + answer.statusCode() + ": " + answer.body());
            }
            JsonNode counts = new ObjectMapper().readTree(answer.body()).path("counts");
            if (counts.path("rowsAccepted").asLong() != expected.lines() || counts.path("salesBooked").asLong() != expected.memberTickets()
                    || counts.path("salesAnonymous").asLong() != expected.walkIns()) {
                throw new IllegalStateException("the preview's counts " + counts + " are not the file's " + expected);
            }
            long written = db.count("SELECT COUNT(*) FROM sale WHERE register = '1'");
            if (written != 0) {
                throw new IllegalStateException("the preview wrote " + written + " sales");
            }
            result.put("previewSeconds", Bench.round(previewSeconds));
            result.put("duringPreviewMillis", during);
            result.put("duringPreviewFiles", during.size());
            result.put("duringPreviewMedianMillis", during.isEmpty() ? null : Bench.median(during));
            result.put("duringPreviewMaxMillis", during.stream().mapToLong(Long::longValue).max().orElse(0));
        }
        System.out.println("10-line files, drop → committed, hub idle: " + result.get("idleMillis") + " ms (median "
                + result.get("idleMedianMillis") + ")");
        System.out.println("… while a preview of " + lines + " lines ran (" + result.get("previewSeconds") + " s): "
                + result.get("duringPreviewMillis") + " ms (median " + result.get("duringPreviewMedianMillis") + ")");
        Bench.write(out, "-preview", result);
    }

    /**
     * Drops 10-line files one after another while {@code go} holds (up to {@code files}), each checked against what it
     * holds; answers each one's drop → committed time.
     */
    private static List<Long> drops(Database db, Hub hub, Path work, List<Generator.Member> members, int files, int round,
                                    java.util.function.BooleanSupplier go) throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < files && go.getAsBoolean(); i++) {
            Path staged = work.resolve("small-" + round + "-" + i + ".csv");
            Generator.Expected expected = Generator.write(staged, 10, members, "9", 9_000_000L + round * 10_000L + i * 100L, i);
            Instant dropped = hub.drop(staged);
            Database.Import imported = db.awaitFinished(staged.getFileName().toString(), Duration.ofMinutes(2));
            if (!imported.status().equals("DONE") || imported.rowsTotal() != expected.lines()) {
                throw new IllegalStateException("import of " + staged.getFileName() + " is " + imported + ", expected " + expected);
            }
            millis.add(Math.round((imported.finishedEpochSeconds() - dropped.toEpochMilli() / 1000.0) * 1000));
        }
        return millis;
    }
}
