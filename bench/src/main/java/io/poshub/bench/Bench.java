package io.poshub.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * poshub's benchmark (docs/performance.md). For every size: a fresh schema, the hub's jar in its own JVM,
 * a generated CounterPoint file with its members, dropped into the feed's folder; rows/s from the drop (the
 * file's mtime) to the import's {@code finished_at}, the hub's peak heap and RSS; then the floor — the rows the hub
 * wrote loaded alone into a copy of its schema ({@link Floor}) — and {@code LOAD DATA} of the file's lines into one
 * table (the old ceiling, {@link Ceiling}). Once: the naive per-row route, and the drop → committed latency of 10-line
 * files. Prints a table and writes {@code <out>/<date>.json}. Exits non-zero when an import's counts are
 * not the file's. {@code --statements=true} adds the database's time by statement ({@link Statements}).
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("members")) {
            MemberBench.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && args[0].equals("payments")) {
            ProxyBench.main(options(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        if (args.length > 0 && args[0].equals("preview")) {
            PreviewBench.main(options(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        if (args.length > 0 && args[0].equals("limits")) {
            LimitsBench.main(options(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        if (args.length > 0 && args[0].equals("rights")) {
            RightsBench.main(options(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        if (args.length > 0 && args[0].equals("points")) {
            PointsBench.main(options(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        if (args.length > 0 && args[0].equals("peer")) {
            PeerBench.main(options(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        if (args.length > 0 && args[0].equals("startup")) {
            StartupBench.main(options(Arrays.copyOfRange(args, 1, args.length)));
            return;
        }
        Map<String, String> opt = options(args);
        List<Long> sizes = Arrays.stream(opt.getOrDefault("lines", "100000,1000000").split(",")).map(Long::parseLong).toList();
        long naiveLines = Long.parseLong(opt.getOrDefault("naive-lines", "20000"));
        int latencyFiles = Integer.parseInt(opt.getOrDefault("latency-files", "10"));
        int memberCount = Integer.parseInt(opt.getOrDefault("members", "20000"));
        long warmupLines = Long.parseLong(opt.getOrDefault("warmup-lines", "0"));
        int floorRuns = Integer.parseInt(opt.getOrDefault("floor-runs", "3"));
        // What the database spent its time on, statement by statement, in the hub's import and the floor's first load.
        boolean breakDown = Boolean.parseBoolean(opt.getOrDefault("statements", "false"));
        String heap = opt.getOrDefault("heap", "256m");
        Path jar = Path.of(opt.getOrDefault("jar", "target/poshub-0.1.0-SNAPSHOT.jar"));
        Path mappings = Path.of(opt.getOrDefault("mappings", "mappings"));
        Path work = Path.of(opt.getOrDefault("work", "bench/work"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results"));
        int port = Integer.parseInt(opt.getOrDefault("port", "18080"));
        List<String> jvmOptions = hubJvm(opt);

        Database db = Database.fromEnv();
        List<Generator.Member> members = Generator.members(memberCount);
        // --launch=image: the hub as the image starts it (Java 25, extracted, an AOT cache trained on a booking).
        long trainingLines = Long.parseLong(opt.getOrDefault("training-lines", "200000"));
        ImageLaunch image = opt.getOrDefault("launch", "jar").equals("image")
                ? ImageLaunch.prepare(opt.getOrDefault("image-java", ImageLaunch.JAVA_25), jar, work, mappings, db, port, heap,
                trainingLines)
                : null;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", Instant.now().toString());
        result.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "os", System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                "java", System.getProperty("java.version")));
        result.put("hubHeap", heap);
        result.put("members", memberCount);
        result.put("warmupLines", warmupLines);
        result.put("launch", image == null ? Map.of("java", Hub.JAVA, "jar", jar.toString())
                : Map.of("java", image.java(), "jar", image.jar().toString(), "options", image.jvmOptions(),
                "trainingLines", trainingLines));
        List<Map<String, Object>> runs = new ArrayList<>();
        result.put("runs", runs);

        for (int i = 0; i < sizes.size(); i++) {
            long lines = sizes.get(i);
            boolean last = i == sizes.size() - 1;
            Path run = clean(work.resolve("run-" + lines));
            Path staged = run.resolve("bench-" + lines + ".csv");
            Generator.Expected expected = Generator.write(staged, lines, members, "1", 100000, 42);
            Path kept = Files.createLink(run.resolve("kept-" + lines + ".csv"), staged);
            db.recreate();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("lines", lines);
            row.put("tickets", expected.tickets());
            // Logging every statement is taken up by connections opened after it starts: the hub's and the floor's.
            Statements statements = breakDown ? Statements.start(db) : null;
            try (Hub hub = image == null ? new Hub(jar, run, mappings, db, port, heap, jvmOptions)
                    : new Hub(image.java(), image.jar(), run, mappings, db, port, heap,
                    concat(image.jvmOptions(), jvmOptions), List.of(), "hub")) {
                hub.awaitStarted(Duration.ofMinutes(3));
                result.putIfAbsent("mariadb", db.version());
                db.insertMembers(members);
                if (warmupLines > 0) {
                    // A hub that has booked before: another store's file first, so the file measured meets a warm JIT.
                    Path warmup = run.resolve("warmup-" + warmupLines + ".csv");
                    Generator.Expected warmed = Generator.write(warmup, warmupLines, members, "9", 500000, 7);
                    hub.drop(warmup);
                    check(db.awaitFinished(warmup.getFileName().toString(), Duration.ofMinutes(30)), warmed);
                }
                db.settle();
                Database.Import imported;
                Hub.Heap sampled;
                Instant dropped;
                String from = statements == null ? null : statements.mark();
                ProcessHandle hubProcess = ProcessHandle.of(hub.pid()).orElseThrow();
                Optional<ProcessHandle> database = db.local() ? localDatabase() : Optional.empty();
                Duration hubCpu = cpu(hubProcess);
                ThreadCpu hubThreads = ThreadCpu.of(hub.pid());
                Duration databaseCpu = database.map(Bench::cpu).orElse(Duration.ZERO);
                try (Hub.HeapSampler sampler = hub.sampleHeap()) {
                    dropped = hub.drop(staged);
                    imported = db.awaitFinished(staged.getFileName().toString(), Duration.ofMinutes(60));
                    sampler.close();
                    sampled = sampler.heap();
                }
                if (statements != null) {
                    Statements.Summary hubStatements = statements.between(db.schema(), from, statements.mark(), 14);
                    row.put("hubStatements", hubStatements);
                    hubStatements.print("the database for the hub's import of " + lines + " lines");
                }
                Map<String, Object> cpuSeconds = new LinkedHashMap<>();
                double hubSeconds = round(cpu(hubProcess).minus(hubCpu).toMillis() / 1000.0);
                cpuSeconds.put("hub", hubSeconds);
                cpuSeconds.put("hubByThread", ThreadCpu.of(hub.pid()).since(hubThreads, hubSeconds));
                database.ifPresent(p -> cpuSeconds.put("database", round(cpu(p).minus(databaseCpu).toMillis() / 1000.0)));
                row.put("cpuSeconds", cpuSeconds);
                check(imported, expected);
                double seconds = secondsSince(dropped, imported);
                row.put("hubSeconds", round(seconds));
                row.put("hubRowsPerSecond", Math.round(lines / seconds));
                row.put("peakHeapMb", mb(sampled.peakUsed()));
                row.put("peakOldGenAfterGcMb", mb(sampled.peakOldAfterGc()));
                row.put("peakRssMb", mb(hub.rssPeak()));
                // The true floor: the database doing this file's writes (same schema, keys and foreign keys), nothing
                // else — measured before the latency files add theirs, with the hub idle.
                Floor.Result floor = Floor.measure(db, run, imported.id(), floorRuns, statements);
                if (floor.statements() != null) {
                    row.put("floorStatements", floor.statements());
                    floor.statements().print("the database for the floor's first load");
                }
                row.put("floorSeconds", round(floor.seconds()));
                row.put("floorRuns", floor.runs().stream().map(Bench::round).toList());
                row.put("floorRows", floor.rowsByTable());
                row.put("hubToFloor", round(floor.seconds() / seconds));
                if (last) {
                    result.put("latency", latency(db, hub, run, members, latencyFiles));
                }
            } finally {
                if (statements != null) {
                    statements.close();
                }
            }
            Ceiling.Result ceiling = Ceiling.measure(db, kept, run);
            row.put("ceilingSeconds", round(ceiling.seconds()));
            row.put("ceilingRowsPerSecond", Math.round(ceiling.rowsPerSecond()));
            row.put("hubToCeiling", round(((Number) row.get("hubRowsPerSecond")).doubleValue() / ceiling.rowsPerSecond()));
            runs.add(row);
            System.out.println("CPU from the drop to the import's end, seconds (the database when it runs on this machine): "
                    + row.get("cpuSeconds"));
            System.out.printf(Locale.ROOT, "%,d lines: hub %,d rows/s in %.1f s (heap peak %d MB, old gen after GC %d MB, "
                            + "RSS peak %d MB); the same writes alone (floor) %.1f s; LOAD DATA of the lines %,d rows/s%n", lines,
                    row.get("hubRowsPerSecond"), seconds(row, "hubSeconds"), row.get("peakHeapMb"), row.get("peakOldGenAfterGcMb"),
                    row.get("peakRssMb"), seconds(row, "floorSeconds"), row.get("ceilingRowsPerSecond"));
            if (last) {
                Path naiveFile = run.resolve("naive-" + naiveLines + ".csv");
                Generator.write(naiveFile, naiveLines, members, "1", 100000, 42);
                NaiveRoute.Result naive = NaiveRoute.measure(db, naiveFile, naiveLines, run);
                result.put("naive", Map.of("lines", naiveLines, "seconds", round(naive.seconds()),
                        "rowsPerSecond", Math.round(naive.rowsPerSecond())));
                row.put("hubToNaive", round(((Number) row.get("hubRowsPerSecond")).doubleValue() / naive.rowsPerSecond()));
            }
        }
        if (runs.size() > 1) {
            long small = ((Number) runs.get(0).get("peakHeapMb")).longValue();
            long big = ((Number) runs.get(runs.size() - 1).get("peakHeapMb")).longValue();
            result.put("heapPeakRatioLargestToSmallest", round((double) big / small));
        }
        print(result);
        write(out, "", result);
    }

    /** A run's result as {@code <out>/<date><suffix>.json}: every bench writes its figures so. */
    static void write(Path out, String suffix, Map<String, Object> result) throws java.io.IOException {
        Files.createDirectories(out);
        Path file = out.resolve(LocalDate.now() + suffix + ".json");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), result);
        System.out.println("written " + file);
    }

    /** The median of some measurements (the mean of the middle two for an even count). */
    static double median(List<? extends Number> values) {
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The CPU time a process has had so far (zero when it may not be read). */
    static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /** MariaDB's server process on this machine, when its CPU time may be read. */
    static Optional<ProcessHandle> localDatabase() {
        return ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> c.endsWith("/mariadbd") || c.endsWith("/mysqld"))
                .orElse(false) && p.info().totalCpuDuration().isPresent()).findFirst();
    }

    /** From the drop (the file's mtime) to the import's finished_at. */
    static double secondsSince(Instant dropped, Database.Import imported) {
        return imported.finishedEpochSeconds() - dropped.toEpochMilli() / 1000.0;
    }

    private static Map<String, Object> latency(Database db, Hub hub, Path run, List<Generator.Member> members, int files)
            throws Exception {
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            Path staged = run.resolve("latency-" + i + ".csv");
            Generator.Expected expected = Generator.write(staged, 10, members, "9", 9_000_000L + i * 100L, i);
            Instant dropped = hub.drop(staged);
            Database.Import imported = db.awaitFinished(staged.getFileName().toString(), Duration.ofMinutes(1));
            check(imported, expected);
            millis.add(Math.round(secondsSince(dropped, imported) * 1000));
        }
        return Map.of("files", files, "linesPerFile", 10, "millis", millis, "medianMillis", median(millis));
    }

    static void check(Database.Import imported, Generator.Expected expected) {
        boolean ok = imported.status().equals("DONE") && imported.rowsTotal() == expected.lines()
                && imported.rowsRejected() == 0 && imported.salesBooked() == expected.memberTickets()
                && imported.salesAnonymous() == expected.walkIns() && imported.salesDuplicate() == 0
                && imported.salesParked() == 0;
        if (!ok) {
            throw new IllegalStateException("import of " + imported.name() + " is " + imported + ", expected " + expected);
        }
    }

    private static void print(Map<String, Object> result) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> runs = (List<Map<String, Object>>) result.get("runs");
        System.out.println();
        System.out.printf("%12s %12s %8s %8s %10s %16s %9s %13s %16s %12s%n", "lines", "hub rows/s", "hub s", "floor s",
                "hub/floor", "LOAD DATA rows/s", "hub/ceil", "heap peak MB", "old after GC MB", "RSS peak MB");
        for (Map<String, Object> run : runs) {
            System.out.printf(Locale.ROOT, "%,12d %,12d %8.1f %8.1f %10.2f %,16d %9.2f %13d %16d %12d%n", run.get("lines"),
                    run.get("hubRowsPerSecond"), seconds(run, "hubSeconds"), seconds(run, "floorSeconds"), seconds(run, "hubToFloor"),
                    run.get("ceilingRowsPerSecond"), seconds(run, "hubToCeiling"), run.get("peakHeapMb"),
                    run.get("peakOldGenAfterGcMb"), run.get("peakRssMb"));
        }
        System.out.println("naive per-row route: " + result.get("naive"));
        System.out.println("hub / naive (rows/s, largest run): " + runs.get(runs.size() - 1).get("hubToNaive"));
        System.out.println("10-line file, drop → committed: " + result.get("latency"));
        if (result.containsKey("heapPeakRatioLargestToSmallest")) {
            System.out.println("heap peak, largest / smallest run: " + result.get("heapPeakRatioLargestToSmallest"));
        }
    }

    static double seconds(Map<String, Object> row, String key) {
        return ((Number) row.get(key)).doubleValue();
    }

    static Path clean(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
            }
        }
        return Files.createDirectories(dir);
    }

    static long mb(long bytes) {
        return Math.round(bytes / (1024.0 * 1024.0));
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, found " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }

    /** The hub's extra JVM options, e.g. {@code --hub-jvm=-XX:StartFlightRecording=filename=hub.jfr,settings=profile}. */
    static List<String> hubJvm(Map<String, String> opt) {
        return opt.containsKey("hub-jvm") ? List.of(opt.get("hub-jvm").split(" ")) : List.of();
    }

    private Bench() {
    }
}
