package io.poshub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Fault drills against the real jar in forked JVMs (docs/operating.md, "Reliability"); each exits non-zero when what it
 * proves does not hold.
 * <ul>
 *   <li>{@code crash}: SIGKILL the hub at random points while it books a file (after a random, ever larger number
 *   of its sales are committed, plus up to 300 ms), {@code --kills} times, restarting it each time; then the file must be DONE and sales, lines, points entries and every member's balance must
 *   equal a clean run's — 0 lost, 0 double.</li>
 *   <li>{@code giftcards}: SIGKILLs while a file with 1 000 gift-card lines books ({@link GiftCardDrill}); it needs no
 *   clean run.</li>
 *   <li>{@code receipts}: SIGKILLs while a file of 10 000 sales books and their e-receipts go out ({@link ReceiptDrill});
 *   it needs no clean run.</li>
 *   <li>{@code failover}: two hubs on one database and one inbox, clustered; small files are each booked once;
 *   SIGKILL the node booking the big file → the other takes the feed over within 30 s and the totals equal a
 *   clean run's.</li>
 * </ul>
 * Both drills book the same files (three small ones, then the big one), so one clean run serves both.
 */
public final class Drills {

    private static final int SMALL_FILES = 3;

    final Path jar;
    final Path work;
    final Path mappings;
    private final long lines;
    private final List<Generator.Member> members;
    final Database server = Database.fromEnv();
    private final SplittableRandom random;

    private Drills(Map<String, String> opt) {
        jar = Path.of(opt.getOrDefault("jar", "target/poshub-0.1.0-SNAPSHOT.jar"));
        work = Path.of(opt.getOrDefault("work", "bench/work"));
        mappings = Path.of(opt.getOrDefault("mappings", "mappings"));
        lines = Long.parseLong(opt.getOrDefault("lines", "100000"));
        members = Generator.members(Integer.parseInt(opt.getOrDefault("members", "2000")));
        random = new SplittableRandom(Long.parseLong(opt.getOrDefault("seed", String.valueOf(System.nanoTime()))));
    }

    List<Generator.Member> members() {
        return members;
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
        if (drills.equals(List.of("giftcards"))) {
            System.exit(new GiftCardDrill(d, opt).run() ? 0 : 1);
        }
        if (drills.equals(List.of("receipts"))) {
            System.exit(new ReceiptDrill(d, opt).run() ? 0 : 1);
        }
        Snapshot clean = d.clean();
        System.out.println("clean run: " + clean);
        boolean ok = true;
        for (String drill : drills) {
            ok &= switch (drill) {
                case "crash" -> d.crash(Integer.parseInt(opt.getOrDefault("kills", "20")), clean);
                case "failover" -> d.failover(clean);
                case "sigterm" -> d.sigterm(clean);
                case "upgrade" -> d.upgrade(clean, Path.of(opt.getOrDefault("previous", "bench/work/previous.jar")));
                case "galera" -> new GaleraDrill(d, opt).run(clean);
                case "giftcards" -> new GiftCardDrill(d, opt).run();
                case "receipts" -> new ReceiptDrill(d, opt).run();
                default -> throw new IllegalArgumentException("unknown drill " + drill + " (crash, failover, sigterm, upgrade, galera, giftcards, receipts)");
            };
        }
        System.exit(ok ? 0 : 1);
    }

    /** The files of every drill: three small ones (register 5), then the big one (register 1) and how many tickets it has. */
    record DrillFiles(List<Path> small, Path big, long bigTickets) {
        String bigName() {
            return big.getFileName().toString();
        }
    }

    DrillFiles files(Path dir) throws Exception {
        List<Path> small = new ArrayList<>();
        for (int i = 0; i < SMALL_FILES; i++) {
            Path file = dir.resolve("small-" + i + ".csv");
            Generator.write(file, 1000, members, "5", 500_000L + i * 10_000L, 7 + i);
            small.add(file);
        }
        Path big = dir.resolve("big-" + lines + ".csv");
        return new DrillFiles(small, big, Generator.write(big, lines, members, "1", 100_000, 42).tickets());
    }

    /** Drops the small files one at a time, each booked before the next. */
    static void bookSmall(Hub hub, Database db, DrillFiles files) throws Exception {
        for (Path file : files.small()) {
            hub.drop(file);
            awaitDone(db, file.getFileName().toString(), Duration.ofMinutes(5));
        }
    }

    private Snapshot clean() throws Exception {
        Path run = Bench.clean(work.resolve("drill-clean"));
        Database db = server.schema("clean");
        db.recreate();
        try (Hub hub = new Hub(jar, run, mappings, db, 18090, "256m", List.of(), List.of(), "clean")) {
            hub.awaitStarted(Duration.ofMinutes(3));
            db.insertMembers(members);
            DrillFiles files = files(run);
            bookSmall(hub, db, files);
            hub.drop(files.big());
            awaitDone(db, files.bigName(), Duration.ofMinutes(10));
            return Snapshot.of(db, files.bigName());
        }
    }

    private boolean crash(int kills, Snapshot clean) throws Exception {
        Path run = Bench.clean(work.resolve("drill-crash"));
        Database db = server.schema("crash");
        db.recreate();
        DrillFiles files = files(run);
        String big = files.bigName();
        Hub hub = new Hub(jar, run, mappings, db, 18091, "256m", List.of(), List.of(), "crash-0");
        try {
            hub.awaitStarted(Duration.ofMinutes(3));
            db.insertMembers(members);
            bookSmall(hub, db, files);
            hub.drop(files.big());
            // Kill points spread over the file: after a random number of its sales are committed (each one further
            // on than the last, all before its last 5 %), plus 0–300 ms, so a kill lands mid-chunk as often as between
            // chunks. A hub fast enough to end the file within those milliseconds makes the kill one after DONE: it
            // must not book anything again either, and there is nothing left to kill.
            long[] targets = random.longs(kills, 1, files.bigTickets() * 95 / 100).sorted().toArray();
            int killed = 0;
            for (int k = 1; k <= kills; k++) {
                awaitLogged(hub, "received " + big, Duration.ofMinutes(3));
                awaitCommitted(db, big, targets[k - 1], Duration.ofMinutes(5));
                long jitter = random.nextLong(300);
                Thread.sleep(jitter);
                hub.kill();
                killed++;
                String then = db.progress(big);
                System.out.printf("kill %2d: at %5d sales committed + %3d ms; import then: %s%n", k, targets[k - 1], jitter, then);
                hub = new Hub(jar, run, mappings, db, 18091, "256m", List.of(), List.of(), "crash-" + k);
                hub.awaitStarted(Duration.ofMinutes(3));
                if (then.startsWith("DONE")) {
                    System.out.println("the file had ended before that kill: no further kill");
                    break;
                }
            }
            awaitDone(db, big, Duration.ofMinutes(10));
            kills = killed;
        } finally {
            hub.close();
        }
        Snapshot after = Snapshot.of(db, big);
        return report("crash (" + kills + " SIGKILLs)", clean, after);
    }

    /** A clustered drill's own folder and schema (emptied), its files, and the arguments that make a hub join the cluster. */
    private record Stage(Path run, Database db, DrillFiles files, List<String> clustered) {

        Hub hub(Drills drills, int port, String name) throws Exception {
            return hub(drills, drills.jar, port, name);
        }

        Hub hub(Drills drills, Path jar, int port, String name) throws Exception {
            return new Hub(jar, run, drills.mappings, db, port, "256m", List.of(), clustered, name);
        }

        /** Waits for both hubs, loads the members, and books the small files through the first. */
        void start(Drills drills, Hub first, Hub second) throws Exception {
            first.awaitStarted(Duration.ofMinutes(3));
            second.awaitStarted(Duration.ofMinutes(3));
            db.insertMembers(drills.members);
            bookSmall(first, db, files);
        }
    }

    private Stage stage(String name) throws Exception {
        Path run = Bench.clean(work.resolve("drill-" + name));
        Database db = server.schema(name);
        db.recreate();
        return new Stage(run, db, files(run), List.of("--poshub.cluster.enabled=true",
                "--poshub.cluster.file-root=" + run.resolve("cluster").toAbsolutePath()));
    }

    private boolean failover(Snapshot clean) throws Exception {
        Stage stage = stage("failover");
        Database db = stage.db();
        DrillFiles files = stage.files();
        String big = files.bigName();
        Hub a = stage.hub(this, 18092, "node-a");
        Hub b = stage.hub(this, 18093, "node-b");
        boolean ok = true;
        try {
            stage.start(this, a, b);
            for (Path file : files.small()) {
                long imports = db.importCount(file.getFileName().toString());
                System.out.printf("%s: %d import(s)%n", file.getFileName(), imports);
                ok &= imports == 1;
            }
            a.drop(files.big());
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

    /**
     * Two clustered hubs; SIGTERM the one booking the big file once part of it is committed: it must finish its chunk,
     * exit within 30 s, and the other must take the feed over within 5 s of the exit — the totals equal the clean run's.
     */
    private boolean sigterm(Snapshot clean) throws Exception {
        Stage stage = stage("sigterm");
        Database db = stage.db();
        DrillFiles files = stage.files();
        String big = files.bigName();
        Hub a = stage.hub(this, 18095, "term-a");
        Hub b = stage.hub(this, 18096, "term-b");
        boolean ok = true;
        try {
            stage.start(this, a, b);
            a.drop(files.big());
            Hub leader = awaitEither(a, b, "received " + big, Duration.ofMinutes(2));
            Hub standby = leader == a ? b : a;
            awaitCommitted(db, big, files.bigTickets() / 3, Duration.ofMinutes(5));
            System.out.println("import when the leader is told to stop: " + db.progress(big));
            Duration exit = leader.terminate(Duration.ofSeconds(60));
            Instant exited = Instant.now();
            System.out.println("import when the leader exited: " + db.progress(big));
            if (exit == null) {
                System.out.println("the leader did not exit within 60 s of SIGTERM");
                leader.kill();
                ok = false;
            } else {
                System.out.printf("the leader exited %.1f s after SIGTERM (%s)%n", exit.toMillis() / 1000.0,
                        leader.logged("stopped between two chunks") ? "it stopped its file between two chunks"
                                : leader.logged("interrupted while waiting for the next chunk")
                                ? "its feed stopped waiting for the next chunk as Camel gave the leadership up" : "no stop logged");
                ok &= exit.toSeconds() < 30;
            }
            awaitLogged(standby, "received " + big, Duration.ofSeconds(60));
            double takeover = Duration.between(exited, Instant.now()).toMillis() / 1000.0;
            System.out.printf("the standby node took the feed over %.1f s after the leader exited%n", takeover);
            ok &= takeover <= 5;
            awaitDone(db, big, Duration.ofMinutes(10));
        } finally {
            a.close();
            b.close();
        }
        return report("sigterm", clean, Snapshot.of(db, big)) && ok;
    }

    /**
     * A rolling upgrade: this version's jar migrates the schema and books the small files; the previous release's jar
     * (bench/previous-jar) joins the cluster on that schema; this version's hub is stopped for its upgrade, the previous
     * one books the big file and answers the till while it is away, and this version's hub comes back beside it. Holds
     * when the previous jar starts on the migrated schema, books, answers, and the totals equal the clean run's.
     */
    private boolean upgrade(Snapshot clean, Path previousJar) throws Exception {
        if (!java.nio.file.Files.isRegularFile(previousJar)) {
            throw new IllegalStateException(previousJar + " is missing: build it with bench/previous-jar");
        }
        Stage stage = stage("upgrade");
        Database db = stage.db();
        DrillFiles files = stage.files();
        String big = files.bigName();
        Hub current = stage.hub(this, 18097, "current");
        Hub previous = null;
        boolean ok = true;
        try {
            current.awaitStarted(Duration.ofMinutes(3));
            db.insertMembers(members);
            bookSmall(current, db, files);
            System.out.println("schema after this version's start: " + db.count("SELECT COUNT(*) FROM flyway_schema_history WHERE success")
                    + " migrations");
            previous = stage.hub(this, previousJar, 18098, "previous");
            previous.awaitStarted(Duration.ofMinutes(3));
            System.out.println("the previous release started on the migrated schema");
            Duration exit = current.terminate(Duration.ofSeconds(60));
            System.out.printf("this version's hub stopped for its upgrade (%.1f s)%n", exit == null ? -1 : exit.toMillis() / 1000.0);
            previous.drop(files.big());
            awaitLogged(previous, "received " + big, Duration.ofMinutes(2));
            HttpResponseCheck till = new HttpResponseCheck(previous.get("/api/members?externalId=" + members.get(0).externalId()));
            System.out.println("the previous release answers a member look-up while it books: " + till);
            ok &= till.status() == 200;
            current = stage.hub(this, 18097, "current-again");
            current.awaitStarted(Duration.ofMinutes(3));
            System.out.println("this version's hub is back beside it");
            awaitDone(db, big, Duration.ofMinutes(10));
        } finally {
            current.close();
            if (previous != null) {
                previous.close();
            }
        }
        return report("upgrade", clean, Snapshot.of(db, big)) && ok;
    }

    /** A till's answer, shown short. */
    private record HttpResponseCheck(int status, String body) {
        HttpResponseCheck(java.net.http.HttpResponse<String> response) {
            this(response.statusCode(), response.body());
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 80 ? body.substring(0, 80) + "…" : body);
        }
    }

    static boolean report(String drill, Snapshot clean, Snapshot after) {
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

    /**
     * A mappings folder under {@code run} with the drills' own Counterpoint mapping: merchant demo in NOK, members by
     * external id, unknown ones parked; {@code more} adds keys.
     */
    static Path demoMapping(Path run, String more) throws IOException {
        Path mappings = Files.createDirectories(run.resolve("mappings"));
        Files.writeString(mappings.resolve("counterpoint.yaml"), """
                format: counterpoint
                merchant: demo
                currency: NOK
                timezone: Europe/Oslo
                phoneRegion: NO
                match: [externalId]
                unknownMember: park
                """ + more);
        return mappings;
    }

    /**
     * Until the file is booked: one of its imports ended DONE (or DONE_WITH_REJECTS) and none is left running. Not "its
     * latest import is DONE": a kill after the import committed but before the file left the inbox makes the next node
     * read it again, and that import ends DUPLICATE_FILE, as it must.
     */
    static void awaitDone(Database db, String name, Duration limit) throws Exception {
        Poll.until(name + " booked", limit, Duration.ofMillis(250), () -> db.bookedOnce(name));
    }

    static void awaitCommitted(Database db, String name, long sales, Duration limit) throws Exception {
        Poll.until(name + " reaching " + sales + " committed sales", limit, Duration.ofMillis(10),
                () -> db.committed(name) >= sales);
    }

    static void awaitLogged(Hub hub, String text, Duration limit) throws Exception {
        Poll.until("the hub logging '" + text + "'", limit, Duration.ofMillis(20), () -> hub.logged(text));
    }

    static Hub awaitEither(Hub a, Hub b, String text, Duration limit) throws Exception {
        return Poll.until("a node logging '" + text + "'", limit, Duration.ofMillis(20),
                () -> a.logged(text) ? a : b.logged(text) ? b : null);
    }

    /**
     * What a run's files booked: the totals and every file member's balance from sales, and how the big file's imports
     * ended (a drill's till calls on members of their own are not counted here).
     */
    record Snapshot(long sales, long lines, long pointsEntries, long points, Map<String, Long> balances, String bigImport) {

        private static final String SALE_POINTS = "SELECT %s FROM points_entry WHERE sale_id IS NOT NULL";

        static Snapshot of(Database db, String big) throws Exception {
            Map<String, Long> balances = new TreeMap<>();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("""
                        SELECT m.external_id, COALESCE(SUM(p.delta), 0) FROM member m
                          LEFT JOIN points_entry p ON p.member_id = m.id AND p.sale_id IS NOT NULL
                         WHERE m.external_id LIKE 'B%' GROUP BY m.external_id""")) {
                    while (rs.next()) {
                        balances.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return new Snapshot(db.count("SELECT COUNT(*) FROM sale"), db.count("SELECT COUNT(*) FROM sale_line"),
                    db.count(SALE_POINTS.formatted("COUNT(*)")), db.count(SALE_POINTS.formatted("COALESCE(SUM(delta), 0)")),
                    balances, db.importsOf(big));
        }

        @Override
        public String toString() {
            return "sales " + sales + ", lines " + lines + ", points entries " + pointsEntries + ", points " + points
                    + ", members " + balances.size() + ", big file: " + bigImport;
        }
    }
}
