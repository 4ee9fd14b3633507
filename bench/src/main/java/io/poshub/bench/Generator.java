package io.poshub.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a CounterPoint ticket-history file of exactly {@code lines} lines (header not counted) whose
 * tickets have 1–6 lines, about 4 % returns of an earlier ticket and about 5 % walk-ins, and the members
 * its cards belong to. Deterministic for a seed, so runs compare.
 */
final class Generator {

    static final String HEADER = "STR_ID,STA_ID,TKT_NO,BUS_DAT,TKT_DT,CUST_NO,LOY_CARD_NO,EMAIL_ADRS_1,PHONE_1,LIN_SEQ_NO,"
            + "LIN_TYP,ITEM_NO,DESCR,CATEG_COD,QTY_SOLD,QTY_RET,PRC,EXT_PRC,TAX_AMT,TOT,PAY_COD,ORIG_TKT_NO";
    private static final String CARD_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static final String[][] ITEMS = {
            {"SKU-1001", "Wool sweater", "APPAREL", "89.90"},
            {"SKU-1002", "\"Crème hydratante, 50ml\"", "BEAUTY", "24.50"},
            {"SKU-1003", "Running socks", "APPAREL", "9.95"},
            {"SKU-1004", "Mug Fjord", "HOME", "12.00"},
            {"SKU-1006", "Scented candle", "HOME", "18.75"},
            {"SKU-1007", "Lip balm", "BEAUTY", "4.20"},
    };
    private static final String[] TENDERS = {"VISA", "MC", "CASH", "VIPPS", "DEBIT"};
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** A member the file's cards belong to. */
    record Member(String externalId, String card, String phone, String email) {
    }

    /** What the file holds, to check the hub's import against. */
    record Expected(long lines, long tickets, long memberTickets, long walkIns) {
    }

    static List<Member> members(int count) {
        List<Member> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(new Member("B" + (100000 + i), card(i), String.format("+1514%07d", i), "member" + i + "@example.org"));
        }
        return members;
    }

    /** A card number of contract §6's alphabet, unique per index. */
    static String card(long index) {
        char[] card = new char[10];
        long v = index * 7919 + 104729;
        for (int i = 9; i >= 0; i--) {
            card[i] = CARD_ALPHABET.charAt((int) (v & 31));
            v >>>= 5;
        }
        return new String(card);
    }

    /**
     * Writes the file: register {@code register}, tickets numbered from {@code firstTicket}.
     */
    static Expected write(Path file, long lines, List<Member> members, String register, long firstTicket, long seed)
            throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        LocalDate day = LocalDate.of(2026, 11, 2);
        LocalDateTime time = day.atTime(8, 0);
        long written = 0;
        long ticket = firstTicket;
        long tickets = 0;
        long walkIns = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            while (written < lines) {
                int size = (int) Math.min(lines - written, 1 + random.nextInt(6));
                boolean walkIn = random.nextInt(100) < 5;
                boolean isReturn = !walkIn && ticket > firstTicket + 10 && random.nextInt(100) < 4;
                Member m = walkIn ? null : members.get(random.nextInt(members.size()));
                String tender = TENDERS[random.nextInt(TENDERS.length)];
                time = time.plusSeconds(1 + random.nextInt(3));
                String[][] items = new String[size][];
                int[] qty = new int[size];
                long net = 0;
                for (int i = 0; i < size; i++) {
                    items[i] = ITEMS[random.nextInt(ITEMS.length)];
                    qty[i] = 1 + random.nextInt(3);
                    net += cents(items[i][3]) * qty[i];
                }
                long tax = net * 13 / 100;
                long sign = isReturn ? -1 : 1;
                String orig = isReturn ? String.valueOf(firstTicket + random.nextLong(ticket - firstTicket)) : "";
                for (int i = 0; i < size; i++) {
                    StringBuilder row = new StringBuilder(200);
                    row.append("001,").append(register).append(',').append(ticket).append(',').append(day).append(',')
                            .append(TIME.format(time)).append(',')
                            .append(m == null ? "CASH" : m.externalId()).append(',')
                            .append(m == null ? "" : m.card()).append(',')
                            .append(m == null ? "" : m.email()).append(',')
                            .append(m == null ? "" : m.phone()).append(',')
                            .append(i + 1).append(',').append(isReturn ? 'R' : 'S').append(',')
                            .append(items[i][0]).append(',').append(items[i][1]).append(',').append(items[i][2]).append(',')
                            .append(isReturn ? 0 : qty[i]).append(',').append(isReturn ? qty[i] : 0).append(',')
                            .append(items[i][3]).append(',')
                            .append(money(sign * cents(items[i][3]) * qty[i])).append(',')
                            .append(money(sign * tax)).append(',').append(money(sign * (net + tax))).append(',')
                            .append(tender).append(',').append(orig).append('\n');
                    out.write(row.toString());
                }
                written += size;
                tickets++;
                if (walkIn) {
                    walkIns++;
                }
                ticket++;
            }
        }
        return new Expected(written, tickets, tickets - walkIns, walkIns);
    }

    private static long cents(String amount) {
        return Math.round(Double.parseDouble(amount) * 100);
    }

    private static String money(long cents) {
        String sign = cents < 0 ? "-" : "";
        long abs = Math.abs(cents);
        return sign + abs / 100 + "." + String.format("%02d", abs % 100);
    }

    private Generator() {
    }
}
