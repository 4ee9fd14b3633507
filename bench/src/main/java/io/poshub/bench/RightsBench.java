package io.poshub.bench;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Members' rights at scale (contract §17, docs/performance.md). {@code bench/run rights --members=1000000 --lines=100000
 * --erasures=5 --rejects=1000000}: one hub on a schema of {@code members} members, one sales file of {@code lines} lines
 * booked and archived; then {@code erasures} members with sales erased one after another through the API (each call's
 * time: the member's row and the merged ones, parked sales, every rejected line, import error and alert searched, every
 * kept file read); then {@code rejects} rejected lines of an import 100 days old added, one more erasure timed over them,
 * and the retention sweep run through the API while a till looks members up at {@code rate}/s — its p99 against the idle
 * one. Writes {@code <out>/<date>-rights.json}.
 */
final class RightsBench {

    private RightsBench() {
    }

    static void main(Map<String, String> opt) throws Exception {
        int memberCount = Integer.parseInt(opt.getOrDefault("members", "1000000"));
        long lines = Long.parseLong(opt.getOrDefault("lines", "100000"));
        int erasures = Integer.parseInt(opt.getOrDefault("erasures", "5"));
        long rejects = Long.parseLong(opt.getOrDefault("rejects", "1000000"));
        int calls = Integer.parseInt(opt.getOrDefault("calls", "200"));
        double rate = Double.parseDouble(opt.getOrDefault("rate", "20"));
        String heap = opt.getOrDefault("heap", "512m");
        Path jar = Path.of(opt.getOrDefault("jar", "target/poshub-0.1.0-SNAPSHOT.jar"));
        Path mappings = Path.of(opt.getOrDefault("mappings", "mappings"));
        Path work = Bench.clean(Path.of(opt.getOrDefault("work", "bench/work")).resolve("rights"));
        Path out = Path.of(opt.getOrDefault("out", "bench/results"));
        int port = Integer.parseInt(opt.getOrDefault("port", "18080"));

        Database db = Database.fromEnv();
        List<Generator.Member> members = Generator.members(memberCount);
        db.recreate();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("date", Instant.now().toString());
        result.put("members", memberCount);
        result.put("archivedLines", lines);
        try (Hub hub = new Hub(jar, work, mappings, db, port, heap, Bench.hubJvm(opt),
                List.of("--poshub.till-keys.demo=" + LimitsBench.TILL_KEY), "hub")) {
            hub.awaitStarted(Duration.ofMinutes(3));
            db.insertMembers(members);
            Path file = work.resolve("rights-sales.csv");
            Generator.write(file, lines, members.subList(0, Math.min(members.size(), 20_000)), "1", 1, 42);
            hub.drop(file);
            Database.Import booked = db.awaitFinished("rights-sales.csv", Duration.ofMinutes(20));
            result.put("salesFile", booked.status());
            db.settle();

            List<Long> erased = new ArrayList<>();
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT member_id FROM sale WHERE member_id IS NOT NULL GROUP BY member_id ORDER BY member_id LIMIT "
                         + (erasures + 1))) {
                while (rs.next()) {
                    erased.add(rs.getLong(1));
                }
            }
            List<Double> seconds = new ArrayList<>();
            for (long id : erased.subList(0, erasures)) {
                seconds.add(erase(hub, id));
            }
            result.put("erasureSeconds", seconds);
            result.put("erasureSecondsMedian", Bench.round(seconds.stream().sorted().toList().get(seconds.size() / 2)));
            result.put("erasureSecondsMax", Bench.round(seconds.stream().mapToDouble(Double::doubleValue).max().orElse(0)));
            System.out.println("erasures among " + memberCount + " members, " + lines + " archived lines: " + seconds + " s");

            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO import_file (feed, name, sha256, status, received_at, finished_at) VALUES ('bench', 'old.csv',"
                        + " REPEAT('0', 64), 'DONE_WITH_REJECTS', UTC_TIMESTAMP(3) - INTERVAL 100 DAY, UTC_TIMESTAMP(3) - INTERVAL 100 DAY)");
                s.executeUpdate("INSERT INTO import_reject (import_file_id, line_no, reason, raw) SELECT LAST_INSERT_ID(), seq,"
                        + " 'QTY_SOLD: ''x'' is not a number', CONCAT('001,1,', seq, ',2026-08-20,2026-08-20 10:00:00,C', seq,"
                        + " ',CARD', seq, ',old', seq, '@example.org,+4790', LPAD(seq, 6, '0'), ',1,S,SKU-1,Wool sweater,APPAREL,x,0,20.00,20.00,3.25,28.25,VISA,')"
                        + " FROM seq_1_to_" + rejects);
            }
            db.settle();
            result.put("rejectLines", rejects);
            result.put("erasureSecondsWithRejectLines", Bench.round(erase(hub, erased.get(erasures))));
            System.out.println("an erasure with " + rejects + " reject lines kept: " + result.get("erasureSecondsWithRejectLines") + " s");

            // Members the erasures did not touch (they took the first ones with sales).
            LimitsBench.Till till = new LimitsBench.Till("http://localhost:" + port, members.subList(members.size() / 2, members.size()));
            till.lookups(50, rate);
            result.put("tillIdle", LimitsBench.summary(till.lookups(calls, rate)));
            Instant started = Instant.now();
            CompletableFuture<String> sweep = CompletableFuture.supplyAsync(() -> {
                try {
                    HttpResponse<String> run = hub.postJson("/api/retention/run", "");
                    if (run.statusCode() != 200) {
                        throw new IllegalStateException("the retention run answered " + run.statusCode() + ": " + run.body());
                    }
                    return run.body();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Map<String, Object> during = LimitsBench.summary(till.lookupsWhile(() -> !sweep.isDone(), calls * 100, rate));
            during.put("sweepSeconds", Bench.round(Duration.between(started, Instant.now()).toMillis() / 1000.0));
            during.put("run", sweep.get());
            result.put("tillDuringRetentionSweep", during);
            long left = db.count("SELECT COUNT(*) FROM import_reject WHERE raw IS NOT NULL AND import_file_id = (SELECT id FROM import_file WHERE name = 'old.csv')");
            if (left != 0) {
                throw new IllegalStateException(left + " old reject lines kept their raw text");
            }
        }
        System.out.println("members' rights: " + result);
        Bench.write(out, "-rights", result);
    }

    /** Erases a member through the API; the call's wall time in seconds. */
    private static double erase(Hub hub, long id) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> answer = hub.postJson("/api/members/" + id + "/erasure", "{\"reason\":\"bench\"}");
        double seconds = (System.nanoTime() - start) / 1e9;
        if (answer.statusCode() != 200 || !answer.body().contains("\"repeated\":false")) {
            throw new IllegalStateException("the erasure of member " + id + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return Bench.round(seconds);
    }
}
