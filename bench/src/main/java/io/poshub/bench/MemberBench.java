package io.poshub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Members at scale (docs/performance.md): for every size, the hub's jar in its own JVM on a fresh schema: first
 * {@code LOAD DATA} of the generated rows into an empty copy of {@code member} (the ceiling), then the same member CSV
 * through {@code POST /api/members/import} (new members) and again (all unchanged); then, on a fresh schema again, the
 * file dropped into a member feed (from the file's mtime to the import's {@code finished_at}); the hub's heap while it
 * works. Before each measurement InnoDB writes back what the one before left dirty ({@link Database#settle}), so none
 * pays for another. Exits non-zero when a count is not the file's.
 *   bench/run members                         # 100 000 and 1 000 000 members
 *   bench/run members --sizes=10000 --out=target/bench-smoke
 */
final class MemberBench {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Bench.options(args);
        List<Integer> sizes = Arrays.stream(opt.getOrDefault("sizes", "100000,1000000").split(",")).map(Integer::parseInt).toList();
        String heap = opt.getOrDefault("heap", "256m");
        Path jar = Path.of(opt.getOrDefault("jar", "target/poshub-0.1.0-SNAPSHOT.jar"));
        Path mappings = Path.of(opt.getOrDefault("mappings", "mappings"));
        Path work = Path.of(opt.getOrDefault("work", "bench/work"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results"));
        int port = Integer.parseInt(opt.getOrDefault("port", "18080"));
        Database db = Database.fromEnv();
        List<String> jvmOptions = Bench.hubJvm(opt);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", Instant.now().toString());
        result.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"), "java", System.getProperty("java.version")));
        result.put("hubHeap", heap);
        List<Map<String, Object>> runs = new ArrayList<>();
        result.put("runs", runs);
        for (int size : sizes) {
            Path run = Bench.clean(work.resolve("members-" + size));
            Path csv = write(run.resolve("members-" + size + ".csv"), size);
            Path inbox = run.resolve("data/inbox/crm");
            Files.createDirectories(run.resolve("routes"));
            Files.writeString(run.resolve("routes/crm.camel.yaml"), """
                    - templatedRoute:
                        routeTemplateRef: member-feed
                        routeId: crm
                        parameters:
                          - { name: feed, value: crm }
                          - { name: source, value: "file:%s" }
                          - { name: merchant, value: crm }
                    """.formatted(inbox.toAbsolutePath()));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("members", size);
            // Each measurement starts from the same place: a fresh schema, an empty member table.
            db.recreate();
            try (Hub hub = new Hub(jar, run, mappings, db, port, heap, jvmOptions, List.of(), "hub-import")) {
                hub.awaitStarted(Duration.ofMinutes(3));
                result.putIfAbsent("mariadb", db.version());
                db.settle();
                row.put("ceilingSeconds", Bench.round(ceiling(db, csv, run, size)));
                db.settle();
                try (Hub.HeapSampler sampler = hub.sampleHeap()) {
                    row.put("importSeconds", post(hub, csv, size));
                    db.settle();
                    row.put("reimportUnchangedSeconds", post(hub, csv, size));
                    sampler.close();
                    heap(row, "import", sampler.heap());
                }
            }
            db.recreate();
            try (Hub hub = new Hub(jar, run, mappings, db, port, heap, jvmOptions, List.of(), "hub-feed")) {
                hub.awaitStarted(Duration.ofMinutes(3));
                db.settle();
                try (Hub.HeapSampler sampler = hub.sampleHeap()) {
                    Path dropped = Files.copy(csv, run.resolve("crm-" + size + ".csv"));
                    Instant at = Instant.now();
                    Files.setLastModifiedTime(dropped, FileTime.from(at));
                    Files.move(dropped, inbox.resolve(dropped.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                    Database.Import imported = db.awaitFinished(dropped.getFileName().toString(), Duration.ofMinutes(30));
                    if (!imported.status().equals("DONE") || imported.rowsTotal() != size || imported.rowsRejected() != 0) {
                        throw new IllegalStateException("member feed import is " + imported + ", expected " + size + " rows DONE");
                    }
                    row.put("feedSeconds", Bench.round(imported.finishedEpochSeconds() - at.toEpochMilli() / 1000.0));
                    sampler.close();
                    heap(row, "feed", sampler.heap());
                }
                row.put("peakRssMb", Bench.mb(hub.rssPeak()));
            }
            double ceiling = (Double) row.get("ceilingSeconds");
            row.put("importToCeiling", Bench.round(ceiling / (Double) row.get("importSeconds")));
            row.put("feedToCeiling", Bench.round(ceiling / (Double) row.get("feedSeconds")));
            runs.add(row);
            System.out.printf(Locale.ROOT, "%,d members: import %.1f s, again unchanged %.1f s, member feed %.1f s, LOAD DATA %.1f s "
                            + "(import %.2f×, feed %.2f× of it); heap peak import %d MB, feed %d MB%n",
                    size, row.get("importSeconds"), row.get("reimportUnchangedSeconds"), row.get("feedSeconds"), ceiling,
                    row.get("importToCeiling"), row.get("feedToCeiling"), row.get("importPeakHeapMb"), row.get("feedPeakHeapMb"));
        }
        if (runs.size() > 1) {
            for (String measure : List.of("importPeakHeapMb", "feedPeakHeapMb", "importPeakOldGenAfterGcMb", "feedPeakOldGenAfterGcMb")) {
                double small = ((Number) runs.get(0).get(measure)).doubleValue();
                double big = ((Number) runs.get(runs.size() - 1).get(measure)).doubleValue();
                result.put(measure + "RatioLargestToSmallest", Bench.round(big / small));
            }
            System.out.println("heap peak, largest / smallest: import " + result.get("importPeakHeapMbRatioLargestToSmallest")
                    + ", feed " + result.get("feedPeakHeapMbRatioLargestToSmallest") + "; old gen after GC: import "
                    + result.get("importPeakOldGenAfterGcMbRatioLargestToSmallest") + ", feed "
                    + result.get("feedPeakOldGenAfterGcMbRatioLargestToSmallest"));
        }
        Bench.write(out, "-members", result);
    }

    private static void heap(Map<String, Object> row, String what, Hub.Heap heap) {
        row.put(what + "PeakHeapMb", Bench.mb(heap.peakUsed()));
        row.put(what + "PeakOldGenAfterGcMb", Bench.mb(heap.peakOldAfterGc()));
    }

    /** POSTs the file and checks every member loaded; seconds from the first byte sent to the answer. */
    private static double post(Hub hub, Path csv, int size) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> answer = hub.postFile("/api/members/import?merchant=demo", csv, "text/csv");
        double seconds = (System.nanoTime() - start) / 1e9;
        JsonNode body = JSON.readTree(answer.body());
        if (answer.statusCode() != 200 || body.path("imported").asInt() != size || !body.path("rejected").isEmpty()) {
            throw new IllegalStateException("member import answered " + answer.statusCode() + " "
                    + answer.body().substring(0, Math.min(500, answer.body().length())));
        }
        return Bench.round(seconds);
    }

    /** A member CSV in the contract's columns: every member with a card, an E.164 phone, an email and names. */
    static Path write(Path file, int size) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("external_id,card_number,phone,email,first_name,last_name,tier,status,marketing_consent\n");
            for (int i = 0; i < size; i++) {
                out.write("CRM" + (10_000_000 + i) + ",C" + (100_000_000 + i) + ",+479" + (1_000_000 + i) + ",member" + i
                        + "@example.org,First" + i + ",Last" + i + "," + (i % 10 == 0 ? "SILVER" : "BASE") + ",ACTIVE,"
                        + (i % 2 == 0) + "\n");
            }
        }
        return file;
    }

    /** LOAD DATA of the same rows into a copy of {@code member} (same columns and keys); only the statement is timed. */
    private static double ceiling(Database db, Path csv, Path work, int size) throws Exception {
        Path tsv = work.resolve("ceiling.tsv");
        try (var lines = Files.lines(csv); BufferedWriter out = Files.newBufferedWriter(tsv)) {
            for (String line : (Iterable<String>) lines.skip(1)::iterator) {
                String[] f = line.split(",");
                out.write("demo\t" + f[0] + "\t" + f[1] + "\t" + f[2] + "\t" + f[3] + "\t" + f[4] + "\t" + f[5] + "\t" + f[6] + "\t"
                        + f[6] + "\t" + f[7] + "\t" + (f[8].equals("true") ? 1 : 0) + "\n");
            }
        }
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_member_ceiling");
            s.execute("CREATE TABLE bench_member_ceiling LIKE member");
            long start = System.nanoTime();
            long loaded = s.executeLargeUpdate("LOAD DATA LOCAL INFILE '" + tsv.toAbsolutePath() + "' INTO TABLE bench_member_ceiling"
                    + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n' (merchant, external_id, card_number,"
                    + " phone_e164, email, first_name, last_name, tier, assigned_tier, status, marketing_consent)");
            double seconds = (System.nanoTime() - start) / 1e9;
            if (loaded != size) {
                throw new IllegalStateException("LOAD DATA took " + loaded + " rows of " + size);
            }
            s.execute("DROP TABLE bench_member_ceiling");
            return seconds;
        }
    }

    private MemberBench() {
    }
}
