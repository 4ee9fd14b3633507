package io.poshub.bench;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedWriter;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code bench/drill receipts} (contract §22): {@code --receipts} members who want their receipts (half by e-mail, half by
 * SMS), a file of one sale for each, booked and its receipts sent — to a real SMTP server (GreenMail) and an SMS provider
 * (WireMock) in this JVM — while the hub is SIGKILLed {@code --kills} times (the first while the file books, the others
 * while receipts go out) and started again. Holds when the file ends DONE, every sale has exactly one receipt, every
 * receipt is SENT and arrived, and a receipt arrived twice at most once per kill (the one a node had in hand: sent, not
 * yet noted).
 */
final class ReceiptDrill {

    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final int PORT = 18095;

    private final Drills drills;
    private final int receipts;
    private final int kills;
    private final SplittableRandom random;

    ReceiptDrill(Drills drills, Map<String, String> opt) {
        this.drills = drills;
        this.receipts = Integer.parseInt(opt.getOrDefault("receipts", "10000"));
        this.kills = Integer.parseInt(opt.getOrDefault("kills", "5"));
        this.random = new SplittableRandom(Long.parseLong(opt.getOrDefault("seed", String.valueOf(System.nanoTime()))));
    }

    boolean run() throws Exception {
        Path run = Bench.clean(drills.work.resolve("drill-receipts"));
        Path mappings = Drills.demoMapping(run, "");
        Path members = run.resolve("members.csv");
        Path file = run.resolve("receipts-" + receipts + ".csv");
        write(members, file);
        String name = file.getFileName().toString();
        // GreenMail notes each new mailbox at INFO: ten thousand lines that say nothing here.
        System.setProperty("org.slf4j.simpleLogger.log.com.icegreen", "warn");
        GreenMail smtp = new GreenMail(ServerSetup.SMTP.dynamicPort());
        WireMockServer provider = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        smtp.start();
        provider.start();
        provider.stubFor(WireMock.post("/sms").willReturn(WireMock.aResponse().withStatus(202)));
        Database db = drills.server.schema("receipts");
        db.recreate();
        List<String> args = List.of("--poshub.receipts.mail.host=127.0.0.1", "--poshub.receipts.mail.port=" + smtp.getSmtp().getPort(),
                "--poshub.receipts.mail.from=receipts@demo.example", "--poshub.receipts.sms.url=http://127.0.0.1:" + provider.port() + "/sms",
                "--poshub.receipts.send-interval=200ms", "--poshub.receipts.claim-for=10s");
        long started = System.nanoTime();
        Hub hub = new Hub(drills.jar, run, mappings, db, PORT, "256m", List.of(), args, "receipts-0");
        try {
            hub.awaitStarted(Duration.ofMinutes(3));
            HttpResponse<String> loaded = hub.postFile("/api/members/import?merchant=demo", members, "text/csv");
            if (loaded.statusCode() != 200 || !loaded.body().contains("\"imported\":" + receipts)) {
                throw new IllegalStateException("the members' import answered " + loaded.statusCode() + " " + loaded.body());
            }
            hub.drop(file);
            for (int k = 1; k <= kills; k++) {
                String at;
                if (k == 1) {
                    long target = 1 + random.nextLong(receipts - 1);
                    Drills.awaitLogged(hub, "received " + name, Duration.ofMinutes(3));
                    Drills.awaitCommitted(db, name, target, Duration.ofMinutes(5));
                    at = target + " sales committed";
                } else {
                    long target = (long) receipts * (k - 1) / kills + random.nextLong(receipts / kills);
                    Poll.until(target + " receipts sent", Duration.ofMinutes(10), Duration.ofMillis(10),
                            () -> db.count("SELECT COUNT(*) FROM receipt_outbox WHERE state = 'SENT'") >= target);
                    at = target + " receipts sent";
                }
                long jitter = random.nextLong(300);
                Thread.sleep(jitter);
                hub.kill();
                // One line, after the kill: the SMTP server's thread prints the connection the kill cut meanwhile.
                System.out.printf("kill %2d: at %s + %3d ms; then %s, %d receipts sent%n", k, at, jitter, db.progress(name),
                        db.count("SELECT COUNT(*) FROM receipt_outbox WHERE state = 'SENT'"));
                hub = new Hub(drills.jar, run, mappings, db, PORT, "256m", List.of(), args, "receipts-" + k);
                hub.awaitStarted(Duration.ofMinutes(3));
            }
            Drills.awaitDone(db, name, Duration.ofMinutes(10));
            Poll.until("every receipt sent", Duration.ofMinutes(15), Duration.ofMillis(200),
                    () -> db.count("SELECT COUNT(*) FROM receipt_outbox WHERE state <> 'SENT'") == 0
                            && db.count("SELECT COUNT(*) FROM receipt_outbox") >= receipts);
        } finally {
            hub.close();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        try {
            return check(db, smtp, provider, seconds);
        } finally {
            smtp.stop();
            provider.stop();
        }
    }

    /** Members R00001… (odd by e-mail, even by SMS) and one sale of today for each, of 100,00. */
    private void write(Path members, Path file) throws Exception {
        String today = LocalDate.now(OSLO).toString();
        try (BufferedWriter m = Files.newBufferedWriter(members, StandardCharsets.UTF_8);
             BufferedWriter f = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            m.write("external_id,email,phone,receipt_consent\n");
            f.write("STR_ID,STA_ID,TKT_NO,BUS_DAT,TKT_DT,CUST_NO,LOY_CARD_NO,EMAIL_ADRS_1,PHONE_1,LIN_SEQ_NO,LIN_TYP,ITEM_NO,DESCR,"
                    + "CATEG_COD,QTY_SOLD,QTY_RET,PRC,EXT_PRC,TAX_AMT,TOT,PAY_COD,ORIG_TKT_NO\n");
            for (int i = 1; i <= receipts; i++) {
                String id = String.format("R%05d", i);
                boolean mail = i % 2 == 1;
                m.write(id + "," + (mail ? "r" + i + "@demo.example,," : "," + String.format("+47%08d", 40_000_000 + i) + ",")
                        + (mail ? "EMAIL" : "SMS") + "\n");
                f.write(String.join(",", "RD1", "1", String.valueOf(200_000 + i), today, today + " 09:00:00", id, "", "", "", "1", "S",
                        "ITEM", "Item", "CAT", "1", "0", "100.00", "100.00", "0.00", "100.00", "VISA", "") + "\n");
            }
        }
    }

    private boolean check(Database db, GreenMail smtp, WireMockServer provider, double seconds) throws Exception {
        Set<String> outbox = new HashSet<>();
        long sales;
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT id FROM receipt_outbox WHERE state = 'SENT'")) {
                while (rs.next()) {
                    outbox.add(String.valueOf(rs.getLong(1)));
                }
            }
            sales = db.count("SELECT COUNT(*) FROM sale");
        }
        long rows = db.count("SELECT COUNT(*) FROM receipt_outbox");
        long salesWithOne = db.count("SELECT COUNT(*) FROM (SELECT source_id FROM receipt_outbox WHERE kind = 'SALE' GROUP BY source_id"
                + " HAVING COUNT(*) = 1) x");
        Map<String, Integer> arrived = new HashMap<>();
        for (MimeMessage message : smtp.getReceivedMessages()) {
            String[] id = message.getHeader("X-Poshub-Receipt");
            arrived.merge(id == null ? "?" : id[0], 1, Integer::sum);
        }
        for (LoggedRequest request : provider.findAll(WireMock.postRequestedFor(WireMock.urlEqualTo("/sms")))) {
            arrived.merge(request.getHeader("Idempotency-Key").replace("receipt-", ""), 1, Integer::sum);
        }
        long deliveries = arrived.values().stream().mapToLong(Integer::longValue).sum();
        long twice = arrived.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
        Set<String> missing = new HashSet<>(outbox);
        missing.removeAll(arrived.keySet());
        Set<String> unknown = new HashSet<>(arrived.keySet());
        unknown.removeAll(outbox);
        boolean ok = sales == receipts && rows == receipts && salesWithOne == receipts && outbox.size() == receipts && missing.isEmpty()
                && unknown.isEmpty() && twice <= kills;
        System.out.printf("receipts (%d SIGKILLs): %d sales, %d receipts written (%d sales with exactly one), %d SENT; %d arrived "
                        + "(%d by mail, %d by SMS), %d distinct, %d missing, %d unknown, %d arrived twice (at most %d: one per kill); "
                        + "%.1f s from the first start to the last receipt%n", kills, sales, rows, salesWithOne, outbox.size(), deliveries,
                smtp.getReceivedMessages().length, deliveries - smtp.getReceivedMessages().length, arrived.size(), missing.size(),
                unknown.size(), twice, kills, seconds);
        System.out.println("receipts: " + (ok ? "every sale's receipt sent and arrived — 0 lost, " + twice + " sent again after a kill"
                : "DIFFERS"));
        return ok;
    }
}
