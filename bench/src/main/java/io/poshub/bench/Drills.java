package io.poshub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Fault drills against the real jar in forked JVMs (README "Reliability"); each exits non-zero when what it
 * proves does not hold.
 * <ul>
 *   <li>{@code crash}: SIGKILL the hub at random points while it books a file (after a random, ever larger number
 *   of its sales are committed, plus up to 300 ms), {@code --kills} times, restarting it each time; then the file must be DONE and sales, lines, points entries and every member's balance must
 *   equal a clean run's — 0 lost, 0 double.</li>
 *   <li>{@code failover}: two hubs on one database and one inbox, clustered; small files are each booked once;
 *   SIGKILL the node booking the big file → the other takes the feed over within 30 s and the totals equal a
 *   clean run's.</li>
 * </ul>
 * Both drills book the same files (three small ones, then the big one), so one clean run serves both.
 */
public final class Drills {

    private static final int SMALL_FILES = 3;

    private final Path jar;
    private final Path work;
    private final Path mappings;
    private final long lines;
    private final List<Generator.Member> members;
    private final Database server = Database.fromEnv();
    private final SplittableRandom random;
    private long bigTickets;

    private Drills(Map<String, String> opt) {
        jar = Path.of(opt.getOrDefault("jar", "target/poshub-0.1.0-SNAPSHOT.jar"));
        work = Path.of(opt.getOrDefault("work", "bench/work"));
        mappings = Path.of(opt.getOrDefault("mappings", "mappings"));
        lines = Long.parseLong(opt.getOrDefault("lines", "100000"));
        members = Generator.members(Integer.parseInt(opt.getOrDefault("members", "2000")));
        random = new SplittableRandom(Long.parseLong(opt.getOrDefault("seed", String.valueOf(System.nanoTime()))));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        List<String> drills = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                opt.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                drills.add(arg);
            }
        }
        if (drills.isEmpty()) {
            drills = List.of("crash", "failover");
        }
        Drills d = new Drills(opt);
        Snapshot clean = d.clean();
        System.out.println("clean run: " + clean);
        boolean ok = true;
        for (String drill : drills) {
            ok &= switch (drill) {
                case "crash" -> d.crash(Integer.parseInt(opt.getOrDefault("kills", "20")), clean);
                case "failover" -> d.failover(clean);
                default -> throw new IllegalArgumentException("unknown drill " + drill + " (crash, failover)");
            };
        }
        System.exit(ok ? 0 : 1);
    }

    /** The files of every drill: three small ones (register 5), then the big one (register 1). */
    private List<Path> files(Path dir) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < SMALL_FILES; i++) {
            Path small = dir.resolve("small-" + i + ".csv");
            Generator.write(small, 1000, members, "5", 500_000L + i * 10_000L, 7 + i);
            files.add(small);
        }
        Path big = dir.resolve("big-" + lines + ".csv");
        bigTickets = Generator.write(big, lines, members, "1", 100_000, 42).tickets();
        files.add(big);
        return files;
    }

    private Snapshot clean() throws Exception {
        Path run = Bench.clean(work.resolve("drill-clean"));
        Database db = server.schema("clean");
        db.recreate();
        try (Hub hub = new Hub(jar, run, mappings, db, 18090, "256m", List.of(), List.of(), "clean")) {
            hub.awaitStarted(Duration.ofMinutes(3));
            db.insertMembers(members);
            for (Path file : files(run)) {
                drop(file, hub.inbox());
                awaitDone(db, file.getFileName().toString(), Duration.ofMinutes(10));
            }
        }
        return Snapshot.of(db, "big-" + lines + ".csv");
    }

    private boolean crash(int kills, Snapshot clean) throws Exception {
        Path run = Bench.clean(work.resolve("drill-crash"));
        Database db = server.schema("crash");
        db.recreate();
        List<Path> files = files(run);
        String big = files.get(files.size() - 1).getFileName().toString();
        Hub hub = new Hub(jar, run, mappings, db, 18091, "256m", List.of(), List.of(), "crash-0");
        try {
            hub.awaitStarted(Duration.ofMinutes(3));
            db.insertMembers(members);
            for (Path file : files.subList(0, SMALL_FILES)) {
                drop(file, hub.inbox());
                awaitDone(db, file.getFileName().toString(), Duration.ofMinutes(5));
            }
            drop(files.get(files.size() - 1), hub.inbox());
            // Kill points spread over the whole file: after a random number of its sales are committed (each one
            // further on than the last), plus 0–300 ms, so a kill lands mid-chunk as often as between chunks.
            long[] targets = random.longs(kills, 1, bigTickets).sorted().toArray();
            for (int k = 1; k <= kills; k++) {
                awaitLogged(hub, "received " + big, Duration.ofMinutes(3));
                awaitCommitted(db, big, targets[k - 1], Duration.ofMinutes(5));
                long jitter = random.nextLong(300);
                Thread.sleep(jitter);
                hub.kill();
                System.out.printf("kill %2d: at %5d sales committed + %3d ms; import then: %s%n", k, targets[k - 1], jitter,
                        db.progress(big));
                hub = new Hub(jar, run, mappings, db, 18091, "256m", List.of(), List.of(), "crash-" + k);
                hub.awaitStarted(Duration.ofMinutes(3));
            }
            awaitDone(db, big, Duration.ofMinutes(10));
        } finally {
            hub.close();
        }
        Snapshot after = Snapshot.of(db, big);
        return report("crash (" + kills + " SIGKILLs)", clean, after);
    }

    private boolean failover(Snapshot clean) throws Exception {
        Path run = Bench.clean(work.resolve("drill-failover"));
        Database db = server.schema("failover");
        db.recreate();
        List<Path> files = files(run);
        String big = files.get(files.size() - 1).getFileName().toString();
        List<String> clustered = List.of("--poshub.cluster.enabled=true",
                "--poshub.cluster.file-root=" + run.resolve("cluster").toAbsolutePath());
        Hub a = new Hub(jar, run, mappings, db, 18092, "256m", List.of(), clustered, "node-a");
        Hub b = new Hub(jar, run, mappings, db, 18093, "256m", List.of(), clustered, "node-b");
        boolean ok = true;
        try {
            a.awaitStarted(Duration.ofMinutes(3));
            b.awaitStarted(Duration.ofMinutes(3));
            db.insertMembers(members);
            for (Path file : files.subList(0, SMALL_FILES)) {
                drop(file, a.inbox());
                awaitDone(db, file.getFileName().toString(), Duration.ofMinutes(5));
            }
            for (int i = 0; i < SMALL_FILES; i++) {
                long imports = db.count("SELECT COUNT(*) FROM import_file WHERE name = 'small-" + i + ".csv'");
                System.out.printf("small-%d.csv: %d import(s)%n", i, imports);
                ok &= imports == 1;
            }
            drop(files.get(files.size() - 1), a.inbox());
            Hub leader = awaitEither(a, b, "received " + big, Duration.ofMinutes(2));
            Hub standby = leader == a ? b : a;
            Thread.sleep(2000);
            System.out.println("import when the leader is killed: " + db.progress(big));
            leader.kill();
            Instant killed = Instant.now();
            awaitLogged(standby, "received " + big, Duration.ofSeconds(60));
            double takeover = Duration.between(killed, Instant.now()).toMillis() / 1000.0;
            System.out.printf("the standby node took the feed over %.1f s after the leader was killed%n", takeover);
            ok &= takeover <= 30;
            awaitDone(db, big, Duration.ofMinutes(10));
        } finally {
            a.close();
            b.close();
        }
        return report("failover", clean, Snapshot.of(db, big)) && ok;
    }

    private static boolean report(String drill, Snapshot clean, Snapshot after) {
        boolean same = clean.equals(after);
        System.out.println(drill + ": " + after);
        System.out.println(drill + (same ? ": equal to the clean run — 0 lost, 0 double" : ": DIFFERS from the clean run"));
        if (!same) {
            clean.balances().forEach((member, balance) -> {
                if (!balance.equals(after.balances().get(member))) {
                    System.out.println("  member " + member + ": clean " + balance + ", here " + after.balances().get(member));
                }
            });
        }
        return same;
    }

    private static void drop(Path file, Path inbox) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        Files.move(file, inbox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitDone(Database db, String name, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Database.Import done = db.finished(name);
            if (done != null && done.status().startsWith("DONE")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " was not DONE within " + limit + ": " + db.progress(name));
    }

    private static void awaitCommitted(Database db, String name, long sales, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (db.committed(name) >= sales) {
                return;
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException(name + " did not reach " + sales + " sales within " + limit + ": " + db.progress(name));
    }

    private static void awaitLogged(Hub hub, String text, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (hub.logged(text)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the hub did not log '" + text + "' within " + limit);
    }

    private static Hub awaitEither(Hub a, Hub b, String text, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (a.logged(text)) {
                return a;
            }
            if (b.logged(text)) {
                return b;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("neither node logged '" + text + "' within " + limit);
    }

    /** What a run booked: the totals and every member's balance, and how the big file's imports ended. */
    record Snapshot(long sales, long lines, long pointsEntries, long points, Map<String, Long> balances, String bigImport) {

        static Snapshot of(Database db, String big) throws Exception {
            Map<String, Long> balances = new TreeMap<>();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("""
                        SELECT m.external_id, COALESCE(SUM(p.delta), 0) FROM member m
                          LEFT JOIN points_entry p ON p.member_id = m.id GROUP BY m.external_id""")) {
                    while (rs.next()) {
                        balances.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return new Snapshot(db.count("SELECT COUNT(*) FROM sale"), db.count("SELECT COUNT(*) FROM sale_line"),
                    db.count("SELECT COUNT(*) FROM points_entry"), db.count("SELECT COALESCE(SUM(delta), 0) FROM points_entry"),
                    balances, db.importsOf(big));
        }

        @Override
        public String toString() {
            return "sales " + sales + ", lines " + lines + ", points entries " + pointsEntries + ", points " + points
                    + ", members " + balances.size() + ", big file: " + bigImport;
        }
    }
}
