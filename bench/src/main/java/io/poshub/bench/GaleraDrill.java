package io.poshub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code bench/drill galera}: everything on loopback, started here — three Galera nodes ({@code bench/galera/start}), a
 * three-server ZooKeeper ensemble ({@link Ensemble}), two hub jars with {@code poshub.cluster.kind=zookeeper}, hub A on
 * {@code sequential://3311,3312,3313}, hub B on {@code 3312,3313,3311}, one shared inbox. While the big file books and
 * till calls run on both hubs: SIGKILL the Galera node the leading hub writes through, then the leading hub (started
 * again once the other took over), then the ZooKeeper server that leads the ensemble (started again once a new one
 * leads). Holds when the standby took the feed over within 30 s, no file ever had two imports, the bookings equal the
 * clean single-node run, every till call ended 2xx or 409 with no 5xx but from a dying hub, and the ledgers equal the
 * answers.
 */
final class GaleraDrill {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TILL_KEY = "drill-till-key";
    private static final long MEMBER_POINTS = 8;
    private static final long CARD_AMOUNT = 3000;
    private static final long CARD_REDEEM = 500;

    private final Drills drills;
    private final Path galeraRoot;
    private final int redemptions;
    private final int giftRedemptions;
    private final double callsPerSecond;
    private final long seed;

    GaleraDrill(Drills drills, Map<String, String> opt) {
        this.drills = drills;
        galeraRoot = Path.of(opt.getOrDefault("galera-root", "/tmp/poshub-galera"));
        redemptions = Integer.parseInt(opt.getOrDefault("redemptions", "2000"));
        giftRedemptions = Integer.parseInt(opt.getOrDefault("gift-redemptions", "200"));
        callsPerSecond = Double.parseDouble(opt.getOrDefault("calls-per-second", "40"));
        seed = Long.parseLong(opt.getOrDefault("seed", "17"));
    }

    boolean run(Drills.Snapshot clean) throws Exception {
        Path run = Bench.clean(drills.work.resolve("drill-galera"));
        boolean ok = true;
        try (Galera galera = new Galera(galeraRoot); Ensemble zookeeper = new Ensemble(run.resolve("zookeeper"))) {
            Instant began = Instant.now();
            galera.start();
            zookeeper.start();
            System.out.printf("three Galera nodes and three ZooKeeper servers up in %.1f s (ZooKeeper leader: server %d)%n",
                    seconds(began), zookeeper.leader());
            Database hubADb = drills.server.schema("galera").on(Galera.url(1), "root", "");
            Database hubBDb = hubADb.on(Galera.url(2), "root", "");
            Database check = hubADb.on(Galera.url(3), "root", "").causal();
            check.recreate();
            Drills.DrillFiles files = drills.files(run);
            String big = files.bigName();
            List<String> clustered = List.of("--poshub.cluster.enabled=true", "--poshub.cluster.kind=zookeeper",
                    "--poshub.cluster.zookeeper.connect=" + zookeeper.connect(), "--poshub.till-keys.demo=" + TILL_KEY);
            Hub[] hubs = new Hub[2];
            Database[] hubDbs = {hubADb, hubBDb};
            int[] ports = {18094, 18095};
            // One after the other: Flyway's lock is a GET_LOCK, which Galera does not share between nodes.
            for (int h = 0; h < 2; h++) {
                hubs[h] = hub(run, hubDbs[h], ports[h], clustered, "node-" + (char) ('a' + h));
                hubs[h].awaitStarted(Duration.ofMinutes(4));
            }
            try {
                check.insertMembers(drills.members());
                Path kept = Files.createDirectories(run.resolve("kept"));
                for (Path file : files.small()) {
                    Files.copy(file, kept.resolve(file.getFileName()));
                }
                // The write set of a chunk: what node 1 (hub A's) replicated while the small files booked, per sale.
                Map<String, String> wsBefore = Galera.status(1, "wsrep_replicated", "wsrep_replicated_bytes");
                long salesBefore = check.count("SELECT COUNT(*) FROM sale");
                Drills.bookSmall(hubs[0], check, files);
                Map<String, String> wsAfter = Galera.status(1, "wsrep_replicated", "wsrep_replicated_bytes");
                long smallSales = check.count("SELECT COUNT(*) FROM sale") - salesBefore;
                long bytes = Long.parseLong(wsAfter.get("wsrep_replicated_bytes")) - Long.parseLong(wsBefore.get("wsrep_replicated_bytes"));
                System.out.printf("the small files' %d sales: %d write sets, %.1f KB replicated — %.0f bytes a sale, %.2f MB for a "
                                + "chunk of 1 000 tickets%n", smallSales,
                        Long.parseLong(wsAfter.get("wsrep_replicated")) - Long.parseLong(wsBefore.get("wsrep_replicated")),
                        bytes / 1024.0, (double) bytes / smallSales, bytes * 1000.0 / smallSales / 1024 / 1024);
                for (Path file : files.small()) {
                    ok &= expect(check.importCount(file.getFileName().toString()) == 1, file.getFileName() + ": one import");
                }
                TillLoad load = new TillLoad(List.of(base(ports[0]), base(ports[1])), TILL_KEY, callsPerSecond);
                Map<String, Long> memberIds = loadMembers(check, redemptions / 10);
                List<String> cards = activateCards(load, giftRedemptions / 10);
                List<TillLoad.Call> calls = calls(memberIds, cards);

                AtomicBoolean watching = new AtomicBoolean(true);
                Set<String> doubled = ConcurrentHashMap.newKeySet();
                Thread watcher = watchImports(check, watching, doubled);

                hubs[0].drop(files.big());
                load.start(calls);
                Hub leader = Drills.awaitEither(hubs[0], hubs[1], "received " + big, Duration.ofMinutes(2));
                int l = leader == hubs[0] ? 0 : 1;
                long tickets = files.bigTickets();

                Drills.awaitCommitted(check, big, tickets / 5, Duration.ofMinutes(10));
                int node = l + 1;
                galera.kill(node);
                Instant nodeKilled = Instant.now();
                System.out.printf("SIGKILL of Galera node %d (hub %s writes through it), import then: %s%n", node,
                        (char) ('A' + l), check.progress(big));
                long before = check.committed(big);
                Drills.awaitCommitted(check, big, before + 1, Duration.ofMinutes(5));
                System.out.printf("the import went on through the next node %.1f s after%n", seconds(nodeKilled));

                Drills.awaitCommitted(check, big, tickets * 9 / 20, Duration.ofMinutes(10));
                System.out.println("SIGKILL of the leading hub " + (char) ('A' + l) + ", import then: " + check.progress(big));
                leader.kill();
                Instant hubKilled = Instant.now();
                Hub standby = hubs[1 - l];
                Drills.awaitLogged(standby, "received " + big, Duration.ofSeconds(90));
                double takeover = seconds(hubKilled);
                System.out.printf("hub %s took the feed over %.1f s after the leader was killed%n", (char) ('A' + 1 - l), takeover);
                ok &= expect(takeover <= 30, "takeover within 30 s");

                int zkLeader = zookeeper.leader();
                String progress = check.progress(big);
                zookeeper.kill(zkLeader);
                Instant zkKilled = Instant.now();
                Poll.until("a new ZooKeeper leader", Duration.ofMinutes(2), Duration.ofMillis(100), () -> zookeeper.leader() != 0);
                System.out.printf("SIGKILL of ZooKeeper server %d (the ensemble's leader; import then: %s): server %d leads %.1f s after%n",
                        zkLeader, progress, zookeeper.leader(), seconds(zkKilled));
                zookeeper.start(zkLeader);
                Poll.until("ZooKeeper server " + zkLeader + " following again", Duration.ofMinutes(2), Duration.ofMillis(200),
                        () -> zookeeper.modes().get(zkLeader - 1).equals("follower"));
                System.out.println("ZooKeeper server " + zkLeader + " is back as a follower: " + zookeeper.modes());
                hubs[l] = hub(run, hubDbs[l], ports[l], clustered, "node-" + (char) ('a' + l) + "-again");
                hubs[l].awaitStarted(Duration.ofMinutes(4));
                Instant hubBack = Instant.now();
                System.out.printf("hub %s started again, %.1f s after its kill%n", (char) ('A' + l), seconds(hubKilled));

                Drills.awaitDone(check, big, Duration.ofMinutes(15));
                System.out.println("the big file: " + check.progress(big));
                List<TillLoad.Outcome> outcomes = load.await(calls.size(), Duration.ofMinutes(15));
                // The feed still has one leader after all this: files dropped again (same content, new names) are
                // each seen once, as duplicates.
                for (Path file : files.small()) {
                    Path again = run.resolve("again-" + file.getFileName());
                    Files.copy(kept.resolve(file.getFileName()), again);
                    hubs[1 - l].drop(again);
                    check.awaitFinished(again.getFileName().toString(), Duration.ofMinutes(2));
                    ok &= expect(check.importCount(again.getFileName().toString()) == 1, again.getFileName() + ": one import");
                }
                watching.set(false);
                watcher.join();
                ok &= expect(doubled.isEmpty(), "no file ever had two imports" + (doubled.isEmpty() ? "" : ": " + doubled));
                ok &= checkLoad(outcomes, check, memberIds, cards, List.of(new long[] {hubKilled.toEpochMilli(), hubBack.toEpochMilli()}));
                wsrep(node);
            } finally {
                for (Hub hub : hubs) {
                    if (hub != null) {
                        hub.close();
                    }
                }
            }
            ok &= Drills.report("galera", clean, Drills.Snapshot.of(check, big));
        }
        return ok;
    }

    private Hub hub(Path run, Database db, int port, List<String> args, String name) throws Exception {
        return new Hub(drills.jar, run, drills.mappings, db, port, "256m", List.of(), args, name);
    }

    private static String base(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** The load's members (external ids L…), each with {@link #MEMBER_POINTS} points given straight in the ledger. */
    private static Map<String, Long> loadMembers(Database db, int count) throws Exception {
        Map<String, Long> ids = new TreeMap<>();
        try (Connection c = db.connect()) {
            try (PreparedStatement member = c.prepareStatement(
                    "INSERT INTO member (merchant, external_id, first_name) VALUES ('demo', ?, 'Load')", Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement points = c.prepareStatement(
                         "INSERT INTO points_entry (member_id, delta, reason, reference, remaining, available_at)"
                                 + " VALUES (?, ?, 'ADJUST', 'galera drill', ?, UTC_TIMESTAMP(3))");
                 PreparedStatement account = c.prepareStatement(
                         "INSERT INTO points_account (member_id, merchant, balance) VALUES (?, 'demo', ?)")) {
                for (int i = 0; i < count; i++) {
                    String external = String.format("L%05d", i);
                    member.setString(1, external);
                    member.executeUpdate();
                    try (ResultSet key = member.getGeneratedKeys()) {
                        key.next();
                        ids.put(external, key.getLong(1));
                    }
                    points.setLong(1, ids.get(external));
                    points.setLong(2, MEMBER_POINTS);
                    points.setLong(3, MEMBER_POINTS);
                    points.executeUpdate();
                    account.setLong(1, ids.get(external));
                    account.setLong(2, MEMBER_POINTS);
                    account.executeUpdate();
                }
            }
        }
        return ids;
    }

    /** Gift cards of {@link #CARD_AMOUNT} øre, activated through the till API. */
    private static List<String> activateCards(TillLoad load, int count) {
        List<String> cards = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String number = luhn("60012345" + String.format("%07d", i));
            TillLoad.Outcome activated = load.call(new TillLoad.Call("/api/gift-cards/" + number + "/activate", "activate-" + number,
                    "{\"amount\": " + CARD_AMOUNT + ", \"currency\": \"NOK\", \"store\": \"S1\", \"reference\": \"drill\"}"));
            if (activated.status() != 201) {
                throw new IllegalStateException("activating " + number + " answered " + activated.status() + " " + activated.body());
            }
            cards.add(number);
        }
        return cards;
    }

    /** Ten one-point redemptions per member and ten redemptions per card, shuffled. */
    private List<TillLoad.Call> calls(Map<String, Long> members, List<String> cards) {
        List<TillLoad.Call> calls = new ArrayList<>();
        List<Long> ids = new ArrayList<>(members.values());
        for (int i = 0; i < redemptions; i++) {
            calls.add(new TillLoad.Call("/api/members/" + ids.get(i % ids.size()) + "/redemptions", "redeem-" + i,
                    "{\"points\": 1, \"reference\": \"drill-" + i + "\", \"store\": \"S1\"}"));
        }
        for (int i = 0; i < giftRedemptions; i++) {
            calls.add(new TillLoad.Call("/api/gift-cards/" + cards.get(i % cards.size()) + "/redeem", "gift-" + i,
                    "{\"amount\": " + CARD_REDEEM + ", \"store\": \"S1\", \"reference\": \"drill-gift-" + i + "\"}"));
        }
        Collections.shuffle(calls, new Random(seed));
        return calls;
    }

    /**
     * Every call ended 2xx or 409; a try that failed (no answer or 5xx) did so only while a hub was dead; each member
     * and each card holds exactly what the 2xx answers say.
     */
    private static boolean checkLoad(List<TillLoad.Outcome> outcomes, Database db, Map<String, Long> members, List<String> cards,
                                     List<long[]> deadWindows) throws Exception {
        Map<Integer, Integer> finals = new TreeMap<>();
        int failedTries = 0;
        int failedOutside = 0;
        int fiveHundreds = 0;
        int retried = 0;
        long slowest = 0;
        Map<String, Long> approvedPoints = new HashMap<>();
        Map<String, Long> approvedMoney = new HashMap<>();
        long offset = System.currentTimeMillis() * 1_000_000L - System.nanoTime();
        for (TillLoad.Outcome outcome : outcomes) {
            finals.merge(outcome.status(), 1, Integer::sum);
            retried += outcome.attempts().size() > 1 ? 1 : 0;
            slowest = Math.max(slowest, outcome.attempts().get(outcome.attempts().size() - 1).endNanos() - outcome.attempts().get(0).startNanos());
            for (TillLoad.Attempt attempt : outcome.attempts()) {
                if (attempt.failed()) {
                    failedTries++;
                    fiveHundreds += attempt.status() >= 500 ? 1 : 0;
                    long start = (attempt.startNanos() + offset) / 1_000_000L;
                    long end = (attempt.endNanos() + offset) / 1_000_000L;
                    boolean whileDead = deadWindows.stream().anyMatch(w -> start <= w[1] && end >= w[0] - 1000);
                    if (!whileDead && failedOutside++ < 5) {
                        System.out.printf("  failed try at %s, hub %c: %d %s%n", Instant.ofEpochMilli(start), (char) ('A' + attempt.hub()),
                                attempt.status(), attempt.detail());
                    }
                }
            }
            if (outcome.status() / 100 == 2) {
                JsonNode body = JSON.readTree(outcome.body());
                String path = outcome.call().path();
                if (path.endsWith("/redemptions")) {
                    approvedPoints.merge(path.split("/")[3], 1L, Long::sum);
                } else {
                    approvedMoney.merge(path.split("/")[3], body.path("redeemed").asLong(), Long::sum);
                }
            }
        }
        System.out.printf("till calls: %d, ended %s; %d needed more than one try (%d failed tries, %d of them 5xx answers, "
                        + "%d outside a dead hub's window); slowest call %.1f s%n", outcomes.size(), finals, retried, failedTries,
                fiveHundreds, failedOutside, (slowest / 1e9));
        boolean ok = expect(finals.keySet().stream().allMatch(s -> s / 100 == 2 || s == 409), "every call ended 2xx or 409");
        ok &= expect(failedOutside == 0, "no failed try but while a hub was dead");
        int wrong = 0;
        for (Map.Entry<String, Long> member : members.entrySet()) {
            long balance = db.count("SELECT COALESCE(SUM(delta), 0) FROM points_entry WHERE member_id = " + member.getValue());
            long redeemed = approvedPoints.getOrDefault(String.valueOf(member.getValue()), 0L);
            wrong += balance == MEMBER_POINTS - redeemed ? 0 : 1;
        }
        for (String card : cards) {
            long balance = db.count("SELECT balance FROM gift_card WHERE number = '" + card + "'");
            long activities = db.count("SELECT COALESCE(SUM(amount), 0) FROM gift_card_activity a JOIN gift_card g ON g.id = a.gift_card_id "
                    + "WHERE g.number = '" + card + "' AND a.type = 'REDEEM'");
            long redeemed = approvedMoney.getOrDefault(card, 0L);
            wrong += balance == CARD_AMOUNT - redeemed && Math.abs(activities) == redeemed ? 0 : 1;
        }
        long points = approvedPoints.values().stream().mapToLong(Long::longValue).sum();
        long money = approvedMoney.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("ledgers: %d points redeemed over %d members, %d øre over %d gift cards as the 2xx answers say; %d differ%n",
                points, members.size(), money, cards.size(), wrong);
        return ok & expect(wrong == 0, "the ledgers equal the answers");
    }

    /** Watches every import in the background: a file name with two imports (duplicates apart) is recorded. */
    private static Thread watchImports(Database db, AtomicBoolean watching, Set<String> doubled) {
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                        "SELECT name FROM import_file WHERE status <> 'DUPLICATE_FILE' GROUP BY name HAVING COUNT(*) > 1")) {
                    while (rs.next()) {
                        doubled.add(rs.getString(1));
                    }
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception nodeGone) {
                    // the check's node is busy or changing: look again
                }
            }
        }, "import-watch");
        watcher.start();
        return watcher;
    }

    /** What the Galera nodes replicated (write sets and their size) and how many conflicts they resolved. */
    private static void wsrep(int killed) {
        for (int n = 1; n <= 3; n++) {
            if (n == killed) {
                continue;
            }
            try {
                Map<String, String> status = Galera.status(n, "wsrep_cluster_size", "wsrep_replicated", "wsrep_replicated_bytes",
                        "wsrep_local_cert_failures", "wsrep_local_bf_aborts");
                long sets = Long.parseLong(status.get("wsrep_replicated"));
                long bytes = Long.parseLong(status.get("wsrep_replicated_bytes"));
                System.out.printf("Galera node %d: %s; %d write sets from it, %.1f KB on average%n", n, status, sets,
                        sets == 0 ? 0.0 : bytes / 1024.0 / sets);
            } catch (Exception e) {
                System.out.println("Galera node " + n + ": " + e.getMessage());
            }
        }
    }

    private static String luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                d = d > 9 ? d - 9 : d;
            }
            sum += d;
        }
        return digits + (10 - sum % 10) % 10;
    }

    private static boolean expect(boolean holds, String what) {
        System.out.println((holds ? "  holds: " : "  FAILS: ") + what);
        return holds;
    }

    private static double seconds(Instant since) {
        return Duration.between(since, Instant.now()).toMillis() / 1000.0;
    }
}
