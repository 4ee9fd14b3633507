package io.poshub.bench;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * {@code bench/drill giftcards} (contract §19): a Counterpoint file of {@code --tickets} tickets, {@code --cards-lines}
 * of them (1 000 by default) selling, loading or taking back one of {@code --cards} gift cards on the receipt, booked
 * while the hub is SIGKILLed {@code --kills} times at random points and started again. Holds when the file ends DONE with
 * every ticket booked once, each card's balance is what its lines add up to, each card has one activity per line, and
 * each card's balance is the sum of its activities.
 */
final class GiftCardDrill {

    private static final String SKU = "GIFT-CARD";

    private final Drills drills;
    private final int tickets;
    private final int cardLines;
    private final int cards;
    private final int kills;
    private final SplittableRandom random;

    GiftCardDrill(Drills drills, Map<String, String> opt) {
        this.drills = drills;
        this.tickets = Integer.parseInt(opt.getOrDefault("tickets", "20000"));
        this.cardLines = Integer.parseInt(opt.getOrDefault("card-lines", "1000"));
        this.cards = Integer.parseInt(opt.getOrDefault("cards", "200"));
        this.kills = Integer.parseInt(opt.getOrDefault("kills", "5"));
        this.random = new SplittableRandom(Long.parseLong(opt.getOrDefault("seed", String.valueOf(System.nanoTime()))));
    }

    /** What the file should leave on each card: its balance and how many lines moved it. */
    record Expected(Map<String, Long> balances, Map<String, Integer> lines) {
    }

    boolean run() throws Exception {
        Path run = Bench.clean(drills.work.resolve("drill-giftcards"));
        Path mappings = Drills.demoMapping(run, "giftCardItems: {skus: [%s], numberField: GFC_NO}\n".formatted(SKU));
        Path file = run.resolve("giftcards-" + tickets + ".csv");
        Expected expected = write(file);
        String name = file.getFileName().toString();
        Database db = drills.server.schema("giftcards");
        db.recreate();
        Hub hub = new Hub(drills.jar, run, mappings, db, 18094, "256m", List.of(), List.of(), "giftcards-0");
        try {
            hub.awaitStarted(Duration.ofMinutes(3));
            hub.drop(file);
            long[] targets = random.longs(kills, 1, tickets).sorted().toArray();
            for (int k = 1; k <= kills; k++) {
                if (db.progress(name).startsWith("DONE")) {
                    // The file finished before this kill could land: nothing is left to cut short.
                    System.out.printf("kill %2d: not made, the file was done: %s%n", k, db.progress(name));
                    break;
                }
                Drills.awaitLogged(hub, "received " + name, Duration.ofMinutes(3));
                Drills.awaitCommitted(db, name, targets[k - 1], Duration.ofMinutes(5));
                long jitter = random.nextLong(300);
                Thread.sleep(jitter);
                hub.kill();
                System.out.printf("kill %2d: at %5d sales committed + %3d ms; import then: %s%n", k, targets[k - 1], jitter, db.progress(name));
                hub = new Hub(drills.jar, run, mappings, db, 18094, "256m", List.of(), List.of(), "giftcards-" + k);
                hub.awaitStarted(Duration.ofMinutes(3));
            }
            Drills.awaitDone(db, name, Duration.ofMinutes(10));
        } finally {
            hub.close();
        }
        return check(db, expected);
    }

    /** Tickets of one item each; every so often one that sells or loads a card, or takes some of a card back. */
    private Expected write(Path file) throws Exception {
        Map<String, Long> balances = new TreeMap<>();
        Map<String, Integer> lines = new TreeMap<>();
        String[] numbers = new String[cards];
        for (int i = 0; i < cards; i++) {
            String payload = "81" + String.format("%014d", i + 1);
            numbers[i] = payload + luhnDigit(payload);
        }
        double share = (double) cardLines / tickets;
        int written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("STR_ID,STA_ID,TKT_NO,BUS_DAT,TKT_DT,CUST_NO,LOY_CARD_NO,EMAIL_ADRS_1,PHONE_1,LIN_SEQ_NO,LIN_TYP,ITEM_NO,DESCR,"
                    + "CATEG_COD,QTY_SOLD,QTY_RET,PRC,EXT_PRC,TAX_AMT,TOT,PAY_COD,ORIG_TKT_NO,GFC_NO\n");
            for (int t = 1; t <= tickets; t++) {
                String ticket = String.valueOf(100_000 + t);
                boolean card = written < cardLines && (random.nextDouble() < share || tickets - t < cardLines - written);
                if (!card) {
                    out.write(row(ticket, "S", "ITEM", "1", "0", "99.00", "99.00", "") + "\n");
                    continue;
                }
                written++;
                String number = numbers[random.nextInt(cards)];
                long balance = balances.getOrDefault(number, 0L);
                lines.merge(number, 1, Integer::sum);
                if (balance > 0 && random.nextInt(5) == 0) {
                    long back = 1 + random.nextLong(balance);
                    balances.put(number, balance - back);
                    String amount = amount(back);
                    out.write(row(ticket, "R", SKU, "0", "1", amount, "-" + amount, number) + "\n");
                } else {
                    long sold = 100 * (100 + random.nextLong(900));
                    balances.put(number, balance + sold);
                    String amount = amount(sold);
                    out.write(row(ticket, "S", SKU, "1", "0", amount, amount, number) + "\n");
                }
            }
        }
        return new Expected(balances, lines);
    }

    private static String row(String ticket, String type, String sku, String sold, String returned, String price, String ext, String number) {
        return String.join(",", "GD1", "1", ticket, "2026-11-06", "2026-11-06 10:00:00", "CASH", "", "", "", "1", type, sku, "Item", "CAT",
                sold, returned, price, ext, "0.00", ext, "VISA", "", number);
    }

    private static String amount(long minor) {
        return java.math.BigDecimal.valueOf(minor, 2).toPlainString();
    }

    private boolean check(Database db, Expected expected) throws Exception {
        Map<String, long[]> seen = new TreeMap<>();
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT g.number, g.balance, COALESCE(SUM(a.amount), 0), COUNT(a.id) FROM gift_card g
                       LEFT JOIN gift_card_activity a ON a.gift_card_id = g.id GROUP BY g.id, g.number, g.balance""")) {
            while (rs.next()) {
                seen.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
            }
        }
        long sales = db.count("SELECT COUNT(*) FROM sale");
        long off = 0;
        for (Map.Entry<String, Long> card : expected.balances().entrySet()) {
            long[] got = seen.get(card.getKey());
            boolean right = got != null && got[0] == card.getValue() && got[1] == got[0] && got[2] == expected.lines().get(card.getKey());
            if (!right) {
                off++;
                System.out.println("  card …" + card.getKey().substring(card.getKey().length() - 4) + ": expected " + card.getValue()
                        + " from " + expected.lines().get(card.getKey()) + " lines, has "
                        + (got == null ? "no card" : got[0] + " (activities " + got[1] + " in " + got[2] + ")"));
            }
        }
        boolean ok = off == 0 && seen.size() == expected.balances().size() && sales == tickets;
        System.out.printf("giftcards (%d SIGKILLs): %d tickets, %d sales; %d gift-card lines on %d cards, %d cards as the lines add up "
                        + "(balance = Σ activities, one activity a line), %d off%n", kills, tickets, sales,
                expected.lines().values().stream().mapToInt(Integer::intValue).sum(), expected.balances().size(),
                expected.balances().size() - off, off);
        System.out.println("giftcards: " + (ok ? "every card as its lines — 0 lost, 0 double" : "DIFFERS"));
        return ok;
    }

    private static char luhnDigit(String payload) {
        for (char d = '0'; d <= '9'; d++) {
            String digits = payload + d;
            int sum = 0;
            boolean doubled = false;
            for (int i = digits.length() - 1; i >= 0; i--) {
                int x = digits.charAt(i) - '0';
                if (doubled) {
                    x = x * 2 > 9 ? x * 2 - 9 : x * 2;
                }
                sum += x;
                doubled = !doubled;
            }
            if (sum % 10 == 0) {
                return d;
            }
        }
        throw new IllegalStateException();
    }
}
