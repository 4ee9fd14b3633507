package io.poshub.bench;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Points that mature and expire at scale (contract §18, docs/performance.md). {@code bench/run points --members=1000000
 * --lots=10}: one hub on a schema of {@code members} members with {@code lots} earnings each (10 000 000 entries), written
 * straight into the ledger in the order they were earned: 30 days apart, each expiring 12 months after it was earned, the last still pending —
 * the members spread over 30 cohorts a day apart, as members join on every day of a month. Then, through the API while a
 * till looks members up at {@code rate}/s: the run as of the day the first cohort's oldest points expire and its pending
 * points mature (a day's run: 1/30 of the members), then the run as of 29 days later (a month's backlog: the other 29
 * cohorts at once) — each run's time, and the till's p99 against its idle one. Then one member with {@code heavy}
 * entries: a look-up of it against one of a member with 10, and the check of every account against its ledger. Writes
 * {@code <out>/<date>-points.json}.
 */
final class PointsBench {

    private PointsBench() {
    }

    static void main(Map<String, String> opt) throws Exception {
        int memberCount = Integer.parseInt(opt.getOrDefault("members", "1000000"));
        int lots = Integer.parseInt(opt.getOrDefault("lots", "10"));
        int heavy = Integer.parseInt(opt.getOrDefault("heavy", "1000000"));
        int calls = Integer.parseInt(opt.getOrDefault("calls", "200"));
        double rate = Double.parseDouble(opt.getOrDefault("rate", "20"));
        String heap = opt.getOrDefault("heap", "512m");
        Path jar = Path.of(opt.getOrDefault("jar", "target/poshub-0.1.0-SNAPSHOT.jar"));
        Path mappings = Path.of(opt.getOrDefault("mappings", "mappings"));
        Path work = Bench.clean(Path.of(opt.getOrDefault("work", "bench/work")).resolve("points"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results"));
        int port = Integer.parseInt(opt.getOrDefault("port", "18080"));

        Database db = Database.fromEnv();
        List<Generator.Member> members = Generator.members(memberCount);
        db.recreate();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", Instant.now().toString());
        result.put("members", memberCount);
        // The first cohort's oldest points expire on this day; its pending points mature on it too.
        LocalDate base = LocalDate.now().minusYears(2);
        LocalDate firstDay = base.plusDays(30).plusMonths(12);
        try (Hub hub = new Hub(jar, work, mappings, db, port, heap, Bench.hubJvm(opt),
                List.of("--poshub.till-keys.demo=" + LimitsBench.TILL_KEY, "--poshub.loyalty.run.batch=" + opt.getOrDefault("batch", "2000")),
                "hub")) {
            hub.awaitStarted(Duration.ofMinutes(3));
            db.insertMembers(members);
            long started = System.nanoTime();
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                // Lot k of a member of cohort j (its id mod 30): earned on base + 30k + j days, expiring 12 months later; the
                // last pending until the first day + j. Written in the order they were earned, as a hub writes them: the
                // lots earned on one day lie together.
                for (int k = 1; k <= lots; k++) {
                    String earned = "DATE('" + base + "') + INTERVAL (" + 30 * k + " + m.id MOD 30) DAY + INTERVAL 12 HOUR";
                    s.executeUpdate("INSERT INTO points_entry (member_id, delta, reason, remaining, pending, available_at, expires_at, created_at)"
                            + " SELECT m.id, 100, 'EARN', 100, " + (k == lots) + ","
                            + (k == lots ? " DATE('" + firstDay + "') + INTERVAL (m.id MOD 30) DAY + INTERVAL 12 HOUR," : earned + ",")
                            + earned + " + INTERVAL 12 MONTH, " + earned
                            + " FROM member m ORDER BY m.id MOD 30, m.id");
                }
                s.executeUpdate("INSERT INTO points_account (member_id, merchant, balance, pending, last_activity_at)"
                        + " SELECT member_id, 'demo', SUM(IF(pending, 0, delta)), SUM(IF(pending, delta, 0)), MAX(created_at)"
                        + " FROM points_entry GROUP BY member_id");
            }
            result.put("entries", db.count("SELECT COUNT(*) FROM points_entry"));
            result.put("writeSeconds", Bench.round((System.nanoTime() - started) / 1e9));
            System.out.println(result.get("entries") + " entries of " + memberCount + " members written in " + result.get("writeSeconds") + " s");
            db.settle();

            LimitsBench.Till till = new LimitsBench.Till("http://localhost:" + port, members);
            till.lookups(50, rate);
            result.put("tillIdle", LimitsBench.summary(till.lookups(calls, rate)));
            result.put("dayRun", runBeside(hub, till, firstDay, calls, rate));
            db.settle();
            result.put("backlogRun", runBeside(hub, till, firstDay.plusDays(29), calls, rate));
            long expired = db.count("SELECT COUNT(*) FROM points_entry WHERE reason = 'EXPIRE'");
            long stillDue = db.count("SELECT COUNT(*) FROM points_entry WHERE due_at <= '" + firstDay.plusDays(30) + "'")
                    + db.count("SELECT COUNT(*) FROM points_entry WHERE lapse_at <= '" + firstDay.plusDays(30) + "'");
            if (expired != memberCount || stillDue != 0) {
                throw new IllegalStateException(expired + " EXPIRE entries for " + memberCount + " members, " + stillDue + " lots still due");
            }
            result.put("check", check(hub));

            // One member with a long ledger: its look-up against a member's with a short one.
            long shortOne = db.count("SELECT MIN(id) FROM member");
            long longOne = db.count("SELECT MAX(id) FROM member");
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO points_entry (member_id, delta, reason, remaining, available_at, created_at)"
                        + " SELECT " + longOne + ", 1, 'EARN', 1, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) FROM seq_1_to_" + heavy);
                s.executeUpdate("UPDATE points_account SET balance = balance + " + heavy + " WHERE member_id = " + longOne);
            }
            db.settle();
            Map<String, Object> lookups = new LinkedHashMap<>();
            lookups.put("entriesShort", db.count("SELECT COUNT(*) FROM points_entry WHERE member_id = " + shortOne));
            lookups.put("entriesLong", db.count("SELECT COUNT(*) FROM points_entry WHERE member_id = " + longOne));
            lookups.put("memberShortMicrosMedian", medianMicros(hub, "/api/members/" + shortOne, 51));
            lookups.put("memberLongMicrosMedian", medianMicros(hub, "/api/members/" + longOne, 51));
            result.put("balanceLookups", lookups);
            System.out.println("look-ups: " + lookups);
        }
        System.out.println("points: " + result);
        Bench.write(out, "-points", result);
    }

    /** The run as of {@code asOf} through the API while the till looks members up: its time and the till's figures. */
    private static Map<String, Object> runBeside(Hub hub, LimitsBench.Till till, LocalDate asOf, int calls, double rate) throws Exception {
        Instant started = Instant.now();
        CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> {
            try {
                HttpResponse<String> answer = hub.postJson("/api/loyalty/run?asOf=" + asOf, "");
                if (answer.statusCode() != 200) {
                    throw new IllegalStateException("the loyalty run answered " + answer.statusCode() + ": " + answer.body());
                }
                return answer.body();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, Object> during = LimitsBench.summary(till.lookupsWhile(() -> !run.isDone(), calls * 100, rate));
        String body = run.get();
        during.put("runSeconds", Bench.round(Duration.between(started, Instant.now()).toMillis() / 1000.0));
        during.put("run", body);
        System.out.println("run as of " + asOf + ": " + during);
        return during;
    }

    private static String check(Hub hub) throws Exception {
        HttpResponse<String> answer = hub.postJson("/api/loyalty/check", "");
        if (answer.statusCode() != 200 || !answer.body().contains("\"disagreeing\":[]")) {
            throw new IllegalStateException("the check answered " + answer.statusCode() + ": " + answer.body());
        }
        System.out.println("check: " + answer.body());
        return answer.body();
    }

    private static long medianMicros(Hub hub, String path, int times) throws Exception {
        List<Long> micros = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            HttpResponse<String> answer = hub.get(path);
            micros.add((System.nanoTime() - start) / 1000);
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + answer.statusCode());
            }
        }
        return micros.stream().sorted().toList().get(times / 2);
    }
}
