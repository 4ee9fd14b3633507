package io.poshub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run peer} (contract §21, docs/performance.md "Against a Spring Batch job"): the same generated
 * Counterpoint file booked by the hub (its jar in its own JVM, drop → DONE) and by the Spring Batch peer
 * ({@code peer.PeerJob}, in its own JVM with the same heap, its job's run) into a copy of the hub's schema, with the
 * same members; each run's ledgers compared table by table ({@link Ledgers}) — a difference fails the bench. The peer's
 * chunk size is swept in the first run and the fastest kept; then {@code --runs} runs of both, medians reported. The
 * floor ({@link Floor}: the hub's rows loaded by the database alone) is measured after each hub run twice: in one
 * transaction, and a transaction per hub chunk as the hub must commit.
 */
final class PeerBench {

    /** The peer's JVM options beside its heap: the serial collector, as the hub's. */
    static final List<String> PEER_JVM = List.of("-XX:+UseSerialGC");

    /** The hub's chunk: poshub.ingest.chunk-size tickets (1 000 by default), each a sale here. */
    private static final int HUB_CHUNK = 1000;

    private static final Pattern PEER_OUT = Pattern.compile("seconds=([0-9.]+) cpu=([0-9.]+) status=(\\w+) tickets=(\\d+)");

    private PeerBench() {
    }

    static void main(Map<String, String> opt) throws Exception {
        long lines = Long.parseLong(opt.getOrDefault("lines", "1000000"));
        int runs = Integer.parseInt(opt.getOrDefault("runs", "3"));
        int memberCount = Integer.parseInt(opt.getOrDefault("members", "20000"));
        List<Integer> sweep = Arrays.stream(opt.getOrDefault("peer-chunks", "500,2000,5000").split(",")).map(Integer::parseInt).toList();
        String heap = opt.getOrDefault("heap", "256m");
        Path jar = Path.of(opt.getOrDefault("jar", "target/poshub-0.1.0-SNAPSHOT.jar"));
        Path mappings = Path.of(opt.getOrDefault("mappings", "mappings"));
        Path work = Bench.clean(Path.of(opt.getOrDefault("work", "bench/work")).resolve("peer"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results"));
        int port = Integer.parseInt(opt.getOrDefault("port", "18081"));

        Database db = Database.fromEnv();
        Database peerDb = db.schema("peer");
        List<Generator.Member> members = Generator.members(memberCount);
        Path file = work.resolve("bench-" + lines + ".csv");
        Generator.Expected expected = Generator.write(file, lines, members, "1", 100000, 42);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", Instant.now().toString());
        result.put("cores", Runtime.getRuntime().availableProcessors());
        result.put("lines", lines);
        result.put("tickets", expected.tickets());
        result.put("heap", heap);
        List<Map<String, Object>> rows = new ArrayList<>();
        result.put("runs", rows);
        Map<Integer, Double> swept = new LinkedHashMap<>();
        int chunk = sweep.get(0);
        for (int run = 1; run <= runs; run++) {
            Map<String, Object> row = new LinkedHashMap<>();
            rows.add(row);
            Path dir = Bench.clean(work.resolve("run-" + run));
            Path staged = Files.copy(file, dir.resolve(file.getFileName()));
            db.recreate();
            Database.Import imported;
            try (Hub hub = new Hub(jar, dir, mappings, db, port, heap, Bench.hubJvm(opt))) {
                hub.awaitStarted(Duration.ofMinutes(3));
                db.insertMembers(members);
                db.settle();
                ProcessHandle process = ProcessHandle.of(hub.pid()).orElseThrow();
                Duration cpu = Bench.cpu(process);
                ThreadCpu threads = ThreadCpu.of(hub.pid());
                Instant dropped;
                try (Hub.HeapSampler sampler = hub.sampleHeap()) {
                    dropped = hub.drop(staged);
                    imported = db.awaitFinished(staged.getFileName().toString(), Duration.ofMinutes(60));
                    sampler.close();
                    row.put("hubHeapPeakMb", Bench.mb(sampler.heap().peakUsed()));
                }
                double hubCpu = Bench.round(Bench.cpu(process).minus(cpu).toMillis() / 1000.0);
                row.put("hubCpuSeconds", hubCpu);
                row.put("hubCpuByThread", ThreadCpu.of(hub.pid()).since(threads, hubCpu));
                Bench.check(imported, expected);
                row.put("hubSeconds", Bench.round(Bench.secondsSince(dropped, imported)));
            }
            Map<String, String> hubLedger = Ledgers.of(db);
            row.put("ledger", hubLedger);
            row.put("floorSeconds", Bench.round(Floor.measure(db, dir, imported.id(), 1, null).seconds()));
            row.put("floorPerChunkSeconds", Bench.round(Floor.perChunk(db, dir, imported.id(), HUB_CHUNK)));
            for (int size : run == 1 ? sweep : List.of(chunk)) {
                double[] peer = peer(db, peerDb, imported.id(), members, file, size, heap, dir);
                Map<String, String> differ = Ledgers.differences(hubLedger, Ledgers.of(peerDb));
                if (!differ.isEmpty()) {
                    throw new IllegalStateException("the peer's ledger (chunk " + size + ") is not the hub's: " + differ);
                }
                if (run == 1) {
                    double seconds = Bench.round(peer[0]);
                    swept.put(size, seconds);
                    if (seconds <= swept.values().stream().mapToDouble(Double::doubleValue).min().orElseThrow()) {
                        chunk = size;
                        row.put("peerSeconds", Bench.round(peer[0]));
                        row.put("peerCpuSeconds", Bench.round(peer[1]));
                        row.put("peerLaunchToExitSeconds", Bench.round(peer[2]));
                        row.put("peerHeapPeakMb", (long) peer[3]);
                    }
                } else {
                    row.put("peerSeconds", Bench.round(peer[0]));
                    row.put("peerCpuSeconds", Bench.round(peer[1]));
                    row.put("peerLaunchToExitSeconds", Bench.round(peer[2]));
                    row.put("peerHeapPeakMb", (long) peer[3]);
                }
            }
            row.put("peerChunk", chunk);
            System.out.printf(Locale.ROOT, "run %d: hub %.1f s (CPU %.1f s), peer %.1f s (CPU %.1f s, chunk %d), floor %.1f s in one "
                            + "transaction, %.1f s a transaction per chunk; ledgers equal%n",
                    run, Bench.seconds(row, "hubSeconds"), Bench.seconds(row, "hubCpuSeconds"), Bench.seconds(row, "peerSeconds"),
                    Bench.seconds(row, "peerCpuSeconds"), chunk, Bench.seconds(row, "floorSeconds"), Bench.seconds(row, "floorPerChunkSeconds"));
        }
        result.put("peerChunkSweep", swept);
        Map<String, Object> medians = new LinkedHashMap<>();
        for (String key : List.of("hubSeconds", "hubCpuSeconds", "hubHeapPeakMb", "peerSeconds", "peerLaunchToExitSeconds",
                "peerCpuSeconds", "peerHeapPeakMb", "floorSeconds", "floorPerChunkSeconds")) {
            medians.put(key, Bench.round(Bench.median(rows.stream().map(r -> (Number) r.get(key)).toList())));
        }
        medians.put("peerOverHub", Bench.round((Double) medians.get("peerSeconds") / (Double) medians.get("hubSeconds")));
        medians.put("floorOverHub", Bench.round((Double) medians.get("floorSeconds") / (Double) medians.get("hubSeconds")));
        medians.put("floorPerChunkOverHub", Bench.round((Double) medians.get("floorPerChunkSeconds") / (Double) medians.get("hubSeconds")));
        result.put("medians", medians);
        System.out.println("medians: " + medians + "; peer chunk sweep (tickets: seconds): " + swept);
        Bench.write(out, "-peer", result);
    }

    /**
     * The peer's run into a fresh copy of the hub's schema (its tables as SHOW CREATE TABLE gives them, the same members,
     * the hub's import row): seconds and CPU seconds of its job, seconds from launch to exit, and its heap peak in MB.
     */
    private static double[] peer(Database hub, Database peer, long importId, List<Generator.Member> members, Path file, int chunk,
                                 String heap, Path dir) throws Exception {
        peer.recreate();
        try (Connection to = peer.connect(); Statement write = to.createStatement()) {
            write.execute("SET FOREIGN_KEY_CHECKS = 0");
            for (String create : Floor.creates(hub)) {
                write.execute(create);
            }
            write.execute("INSERT INTO import_file SELECT * FROM `" + hub.schema() + "`.import_file WHERE id = " + importId);
        }
        peer.insertMembers(members);
        peer.settle();
        long launched = System.nanoTime();
        // The peer's JVM: the hub's heap and collector, with the young generation the JVM sizes itself (with half the heap
        // young, as the hub ships, the peer's 5 000-ticket chunks made 8 full collections a run; docs/performance.md).
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap));
        command.addAll(PEER_JVM);
        Path gcLog = dir.resolve("peer-" + chunk + "-gc.log");
        command.add("-Xlog:gc,gc+heap,gc+init:file=" + gcLog.toAbsolutePath());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.poshub.bench.peer.PeerJob",
                peer.url() + "?useBulkStmts=true", peer.user(), peer.password(), file.toAbsolutePath().toString(),
                String.valueOf(chunk), String.valueOf(importId), "bench"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("peer-" + chunk + ".out").toFile()).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("the peer failed; see " + dir.resolve("peer-" + chunk + ".out"));
        }
        double launchToExit = (System.nanoTime() - launched) / 1e9;
        Optional<Matcher> done = Files.readAllLines(dir.resolve("peer-" + chunk + ".out")).stream().map(PEER_OUT::matcher)
                .filter(Matcher::matches).findFirst();
        Matcher m = done.orElseThrow(() -> new IllegalStateException("the peer said nothing of its run"));
        System.out.printf(Locale.ROOT, "peer, chunk of %d tickets: %s s its job (%.1f s from launch to exit), CPU %s s, %s tickets%n",
                chunk, m.group(1), launchToExit, m.group(2), m.group(4));
        return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), launchToExit,
                Bench.mb(GcLog.heap(gcLog, 0).peakUsed())};
    }
}
