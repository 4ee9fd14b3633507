package io.poshub.giftcard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.support.GiftCardMappings;
import io.poshub.support.LoyaltyHubTest;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Gift cards sold on receipts (contract §19) through the real hub, in every format with line items: a line of the
 * gift-card SKU activates its card, the next loads it, a return takes money back — or is rejected with its reason when
 * the card was never activated or was spent — and a file sent again moves nothing. The day close holds the cards sold
 * against the receipts. Sales keep their cashier and their lines' discounts. Amounts worked out by hand (minor units:
 * 60000 = 600,00).
 */
class GiftCardReceiptsTest extends LoyaltyHubTest {

    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final String SKU = GiftCardMappings.SKU;
    private final ObjectMapper json = new ObjectMapper();

    @AfterEach
    void everyBalanceIsTheSumOfItsActivities() {
        assertThat(jdbc.queryForList("""
                SELECT c.number FROM gift_card c LEFT JOIN gift_card_activity a ON a.gift_card_id = c.id
                 GROUP BY c.id, c.number, c.balance HAVING c.balance <> COALESCE(SUM(a.amount), 0) OR c.balance < 0
                """, String.class)).isEmpty();
    }

    /** One line: its SKU, signed quantity, unit price, signed net and the card number it carries (or null). */
    record Line(String sku, int qty, String price, String net, String number) {
    }

    /** One ticket of the store: its lines, paid by one tender; {@code returns} for a return ticket. */
    record Ticket(String number, boolean returns, String tender, List<Line> lines) {

        BigDecimal total() {
            return lines.stream().map(l -> new BigDecimal(l.net())).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    /** What every format is tried with: sells card A, loads it, takes some back; two tickets that must be rejected. */
    private static List<Ticket> tickets(String a, String b) {
        return List.of(
                new Ticket("1", false, "VISA", List.of(new Line(SKU, 1, "500.00", "500.00", a), new Line("ITEM", 1, "120.00", "100.00", null))),
                new Ticket("2", false, "CASH", List.of(new Line(SKU, 1, "200.00", "200.00", a))),
                new Ticket("3", true, "CASH", List.of(new Line(SKU, -1, "100.00", "-100.00", a))),
                new Ticket("4", true, "CASH", List.of(new Line(SKU, -1, "50.00", "-50.00", b))),
                new Ticket("5", false, "CASH", List.of(new Line("ITEM", 1, "10.00", "10.00", null), new Line(SKU, 1, "80.00", "80.00", null))));
    }

    @Test
    void everyFormatSellsLoadsAndTakesBackItsCardsOnce() throws Exception {
        Map<String, Function<List<Ticket>, String>> formats = Map.of(
                "counterpoint", t -> counterpoint("GCP", "2026-11-06", t),
                "ncr", t -> ncr("GNC", "20261106", t),
                "springboard", t -> springboard("GSB", t),
                "jesta", t -> jesta("GJE", t),
                "generic", t -> generic("GGE", t));
        Map<String, String> stores = Map.of("counterpoint", "GCP", "ncr", "GNC", "springboard", "GSB", "jesta", "GJE", "generic", "GGE");
        Map<String, String> columns = Map.of("counterpoint", "GFC_NO", "ncr", "serial", "springboard", "gift_card_no",
                "jesta", "GiftCardNo", "generic", "Card No");
        int n = 0;
        for (String format : List.of("counterpoint", "ncr", "springboard", "jesta", "generic")) {
            n++;
            String a = number("7100000000" + n + "1");
            String b = number("7100000000" + n + "2");
            String store = stores.get(format);
            String file = formats.get(format).apply(tickets(a, b));
            String name = "gc-" + format + "-1." + (format.equals("ncr") ? "txt" : "csv");
            importFile(format, file, name);
            assertThat(jdbc.queryForMap("SELECT status, rows_rejected FROM import_file WHERE name = ?", name)).as(format)
                    .containsEntry("status", "DONE_WITH_REJECTS");
            assertThat(balanceOf(a)).as(format).isEqualTo(60000);
            assertThat(jdbc.queryForList("""
                    SELECT CONCAT(a.type, ' ', a.amount) FROM gift_card_activity a JOIN gift_card g ON g.id = a.gift_card_id
                     WHERE g.merchant = 'shop' AND g.number = ? ORDER BY a.id
                    """, String.class, a)).as(format).containsExactly("ACTIVATE 50000", "LOAD 20000", "RETURN -10000");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gift_card WHERE merchant = 'shop' AND number = ?", Integer.class, b))
                    .as(format).isZero();
            List<String> rejected = rejects(name);
            assertThat(rejected).as(format).hasSize(2);
            assertThat(rejected).as(format).anySatisfy(r -> assertThat(r).contains("was never activated")
                    .contains("****" + b.substring(b.length() - 4)));
            assertThat(rejected).as(format).anySatisfy(r -> assertThat(r).contains("has no card number in " + columns.get(format)));
            assertThat(jdbc.queryForObject("""
                    SELECT COUNT(*) FROM sale s JOIN sale_line l ON l.sale_id = s.id WHERE s.merchant = 'shop' AND s.store = ? AND l.gift_card
                    """, Integer.class, store)).as(format).isEqualTo(3);
            // Lines keep what was taken off: the item listed at 120,00 sold for 100,00.
            assertThat(jdbc.queryForObject("""
                    SELECT l.discount FROM sale s JOIN sale_line l ON l.sale_id = s.id
                     WHERE s.merchant = 'shop' AND s.store = ? AND s.ticket = '1' AND l.sku = 'ITEM'
                    """, BigDecimal.class, store)).as(format).isEqualByComparingTo("20.00");
            if (!format.equals("springboard")) {
                assertThat(jdbc.queryForObject("SELECT cashier FROM sale WHERE merchant = 'shop' AND store = ? AND ticket = '1'",
                        String.class, store)).as(format).isEqualTo("kari");
            }

            String again = "gc-" + format + "-again." + (format.equals("ncr") ? "txt" : "csv");
            // Sent again with one more ticket (the same bytes again would be refused whole as a duplicate file).
            List<Ticket> resent = new ArrayList<>(tickets(a, b));
            resent.add(new Ticket("6", false, "CASH", List.of(new Line("ITEM", 1, "10.00", "10.00", null))));
            importFile(format, formats.get(format).apply(resent), again);
            assertThat(jdbc.queryForMap("SELECT status FROM import_file WHERE name = ?", again)).as(format)
                    .containsEntry("status", "DONE_WITH_REJECTS");
            assertThat(rejects(again)).as(format + " sent again").isEqualTo(rejected);
            assertThat(balanceOf(a)).as(format + " sent again").isEqualTo(60000);
            assertThat(jdbc.queryForObject("""
                    SELECT COUNT(*) FROM gift_card_activity a JOIN gift_card g ON g.id = a.gift_card_id
                     WHERE g.merchant = 'shop' AND g.number = ?
                    """, Integer.class, a)).as(format).isEqualTo(3);
        }
        // SpringBoard names its cashier itself (sales_rep).
        assertThat(jdbc.queryForObject("SELECT cashier FROM sale WHERE merchant = 'shop' AND store = 'GSB' AND ticket = '1'",
                String.class)).isEqualTo("kari");
    }

    @Test
    void aGiftCardLineEarnsNoPoints() throws Exception {
        long member = createMember(Map.of("merchant", GiftCardMappings.MERCHANT, "externalId", "GC-EARN-1"));
        String file = counterpoint("GER", "2026-11-08", List.of(new Ticket("21", false, "VISA",
                List.of(new Line(SKU, 1, "500.00", "500.00", number("7400000000011")), new Line("ITEM", 1, "100.00", "100.00", null)))))
                .replace(",CASH,,,,", ",GC-EARN-1,,,,");
        importFile("counterpoint", file, "gc-earn.csv");
        assertThat(jdbc.queryForMap("SELECT status, member_id, points FROM sale WHERE merchant = 'shop' AND store = 'GER' AND ticket = '21'"))
                .containsEntry("status", "BOOKED").containsEntry("member_id", member).containsEntry("points", 100L);
        // The card the member bought is registered to them.
        assertThat(jdbc.queryForObject("SELECT owner_member_id FROM gift_card WHERE merchant = 'shop' AND number = ?", Long.class,
                number("7400000000011"))).isEqualTo(member);
        // The member's export says who sold and which line sold a gift card.
        JsonNode sale = json.readTree(admin().getForObject("/api/members/" + member + "/export", String.class)).get("sales").get(0);
        assertThat(sale.get("cashier").asText()).isEqualTo("kari");
        assertThat(sale.get("lines").get(0).get("giftCard").asBoolean()).isTrue();
        assertThat(sale.get("lines").get(1).get("giftCard").asBoolean()).isFalse();
        assertThat(sale.get("lines").get(1).get("discount").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void aReturnOfACardSpentIsRejectedAndTheCardKeepsWhatIsLeft() throws Exception {
        String card = number("7200000000011");
        importFile("counterpoint", counterpoint("GSP", "2026-11-07", List.of(
                new Ticket("11", false, "VISA", List.of(new Line(SKU, 1, "300.00", "300.00", card))))), "gc-spent-1.csv");
        assertThat(shopTill("/api/gift-cards/" + card + "/redeem", Map.of("amount", 25000, "store", "GSP", "reference", "12"), "spend-1")
                .getBody()).containsEntry("approved", true).containsEntry("balance", 5000);
        importFile("counterpoint", counterpoint("GSP", "2026-11-07", List.of(
                new Ticket("13", true, "CASH", List.of(new Line(SKU, -1, "300.00", "-300.00", card))))), "gc-spent-2.csv");
        assertThat(rejects("gc-spent-2.csv")).singleElement().asString().contains("holds 5000 of the 30000 the return takes back").contains("spent");
        assertThat(balanceOf(card)).isEqualTo(5000);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE merchant = 'shop' AND store = 'GSP' AND ticket = '13'",
                Integer.class)).isZero();
    }

    @Test
    void aCardSoldAndSpentTheSameDayReconcilesInTheDayClose() throws Exception {
        LocalDate today = LocalDate.now(OSLO);
        String card = number("7300000000011");
        importFile("counterpoint", counterpoint("GDC", today.toString(), List.of(
                new Ticket("9001", false, "VISA", List.of(new Line(SKU, 1, "500.00", "500.00", card))))), "gc-day-1.csv");
        assertThat(shopTill("/api/gift-cards/" + card + "/redeem", Map.of("amount", 20000, "store", "GDC", "reference", "9002"), "day-1")
                .getBody()).containsEntry("approved", true);
        importFile("counterpoint", counterpoint("GDC", today.toString(), List.of(
                new Ticket("9002", false, "GIFTCARD", List.of(new Line("ITEM", 1, "200.00", "200.00", null))))), "gc-day-2.csv");
        importFile("z", """
                STORE,REGISTER,BUSINESS_DATE,Z_NO,FIRST_TICKET,LAST_TICKET,TICKET_COUNT,TENDER,TENDER_COUNT,TENDER_AMOUNT
                GDC,1,%1$s,1,9001,9002,2,VISA,1,500.00
                GDC,1,%1$s,1,9001,9002,2,GIFTCARD,1,200.00
                """.formatted(today), "gc-z-" + today + ".csv");

        JsonNode day = dayClose("GDC", today);
        assertThat(day.get("status").asText()).as(day.toString()).isEqualTo("BALANCED");
        assertThat(day.get("giftCardsSold").get("receipts").decimalValue()).isEqualByComparingTo("500.00");
        assertThat(day.get("giftCardsSold").get("cards").decimalValue()).isEqualByComparingTo("500.00");
        assertThat(day.get("giftCardsSold").get("difference").decimalValue()).isEqualByComparingTo("0");
        assertThat(day.get("giftCardsSold").has("label")).isFalse();
        JsonNode giftTender = tender(day, "GIFTCARD");
        assertThat(giftTender.get("providerAmount").decimalValue()).isEqualByComparingTo("200.00");
        assertThat(giftTender.get("difference").decimalValue()).isEqualByComparingTo("0");
        JsonNode cashiers = day.get("registers").get(0).get("cashiers");
        assertThat(cashiers).as(day.toString()).hasSize(1);
        assertThat(cashiers.get(0).get("cashier").asText()).isEqualTo("kari");
        assertThat(cashiers.get(0).get("tickets").asInt()).isEqualTo(2);

        // The till also activates a card at the store through the API: the cards took on more than the receipts sold.
        String other = number("7300000000021");
        assertThat(shopTill("/api/gift-cards/" + other + "/activate", Map.of("amount", 10000, "currency", "NOK", "store", "GDC"), "day-2")
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode after = dayClose("GDC", today);
        assertThat(after.get("status").asText()).isEqualTo("MISMATCH");
        assertThat(after.get("giftCardsSold").get("cards").decimalValue()).isEqualByComparingTo("600.00");
        assertThat(after.get("giftCardsSold").get("difference").decimalValue()).isEqualByComparingTo("100.00");
        assertThat(after.get("giftCardsSold").get("label").asText()).isEqualTo("put on gift cards but not sold on the receipts");

        // The console's view of the day: per store, what receipts sold against what the till's calls put on cards.
        JsonNode sold = json.readTree(admin().getForObject("/api/gift-cards/sold?merchant=shop&date=" + today + "&zone=Europe/Oslo",
                String.class));
        JsonNode store = null;
        for (JsonNode s : sold) {
            if (s.get("store").asText().equals("GDC")) {
                store = s;
            }
        }
        assertThat(store).as(sold.toString()).isNotNull();
        assertThat(store.get("currency").asText()).isEqualTo("NOK");
        assertThat(store.get("receiptLines").asLong()).isEqualTo(1);
        assertThat(store.get("onReceipts").asLong()).isEqualTo(50000);
        assertThat(store.get("tillCalls").asLong()).isEqualTo(1);
        assertThat(store.get("byTill").asLong()).isEqualTo(10000);
        assertThat(asTill(GiftCardMappings.TILL).getForEntity("/api/gift-cards/sold", String.class).getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
    }

    private JsonNode dayClose(String store, LocalDate date) throws Exception {
        ResponseEntity<String> answer = admin().getForEntity("/api/day-close?store=" + store + "&date=" + date, String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(answer.getBody());
    }

    private static JsonNode tender(JsonNode day, String code) {
        for (JsonNode line : day.get("tenders")) {
            if (line.get("tender").asText().equals(code)) {
                return line;
            }
        }
        throw new AssertionError("no tender " + code + " in " + day);
    }

    private void importFile(String format, String content, String name) throws Exception {
        String feed = "gc-" + format;
        Path inbox = dataDir.resolve("inbox").resolve(feed);
        if (camel.getRoute("feed-" + feed) == null) {
            addFeed(feed, "file:" + inbox, feed);
        }
        Path file = Files.createTempFile("poshub-gc-", ".tmp");
        Files.write(file, content.getBytes(format.equals("jesta") ? Charset.forName("windows-1252") : java.nio.charset.StandardCharsets.UTF_8));
        drop(file, inbox, name);
        awaitImport(feed, name);
    }

    /** The import's reasons for rejecting, each once. */
    private List<String> rejects(String name) {
        return jdbc.queryForList("""
                SELECT DISTINCT r.reason FROM import_reject r JOIN import_file f ON f.id = r.import_file_id WHERE f.name = ?
                """, String.class, name);
    }

    private long balanceOf(String card) {
        return jdbc.queryForObject("SELECT balance FROM gift_card WHERE merchant = 'shop' AND number = ?", Long.class, card);
    }

    private static String number(String payload) {
        return payload + GiftCardNumbers.luhnDigit(payload);
    }

    // ---- the same tickets in each layout, the card's number and the cashier in the columns the mappings name ----

    private static String counterpoint(String store, String date, List<Ticket> tickets) {
        StringBuilder out = new StringBuilder(HEADER.strip()).append(",GFC_NO,CLERK\n");
        for (Ticket t : tickets) {
            int seq = 0;
            for (Line l : t.lines()) {
                boolean ret = l.qty() < 0;
                out.append(String.join(",", store, "1", t.number(), date, date + " 10:00:00", "CASH", "", "", "", String.valueOf(++seq),
                        ret ? "R" : "S", l.sku(), "Item", "CAT", ret ? "0" : String.valueOf(l.qty()), ret ? String.valueOf(-l.qty()) : "0",
                        l.price(), l.net(), "0.00", t.total().toPlainString(), t.tender(), "", nz(l.number()), "kari")).append('\n');
            }
        }
        return out.toString();
    }

    private static String ncr(String store, String date, List<Ticket> tickets) {
        StringBuilder out = new StringBuilder();
        long records = 0;
        long tenders = 0;
        for (Ticket t : tickets) {
            long total = cents(t.total().toPlainString());
            out.append(String.join("|", "H", store, "1", t.number(), date, "100000", t.returns() ? "RETURN" : "SALE", "", "", "", "0",
                    String.valueOf(total), "kari")).append('\n');
            int seq = 0;
            for (Line l : t.lines()) {
                out.append(String.join("|", "L", t.number(), String.valueOf(++seq), l.sku(), "Item", "CAT", String.valueOf(l.qty()),
                        String.valueOf(cents(l.price())), String.valueOf(cents(l.net())), nz(l.number()))).append('\n');
                records++;
            }
            out.append(String.join("|", "T", t.number(), t.tender(), String.valueOf(total), "")).append('\n');
            records += 2;
            tenders += total;
        }
        return out.append("F|").append(records).append('|').append(tenders).append('\n').toString();
    }

    private static String springboard(String store, List<Ticket> tickets) {
        StringBuilder out = new StringBuilder("ticket_number,customer_public_id,local_completed_at,sales_rep,location_public_id,tax,"
                + "item_lookup,original_price,unit_price,qty,gift_card_no\n");
        for (Ticket t : tickets) {
            for (Line l : t.lines()) {
                String unit = new BigDecimal(l.net()).divide(BigDecimal.valueOf(l.qty())).toPlainString();
                out.append(String.join(",", t.number(), "", "2026-11-06T10:00:00+01:00", "kari", store, "0.00", l.sku(), l.price(), unit,
                        String.valueOf(l.qty()), nz(l.number()))).append('\n');
            }
        }
        return out.toString();
    }

    private static String jesta(String store, List<Ticket> tickets) {
        StringBuilder out = new StringBuilder("Store;Register;Transaction;Date;Time;Type;LoyaltyCard;Phone;Email;SKU;Description;Qty;"
                + "UnitPrice;LineAmount;Tax;TicketTotal;Tender;GiftCardNo;Cashier;Discount\r\n");
        for (Ticket t : tickets) {
            for (Line l : t.lines()) {
                BigDecimal off = new BigDecimal(l.price()).multiply(BigDecimal.valueOf(Math.abs(l.qty()))).subtract(new BigDecimal(l.net()).abs());
                out.append(String.join(";", store, "1", t.number(), "06/11/2026", "10:00", t.returns() ? "RETURN" : "SALE", "", "", "",
                        l.sku(), "Item", String.valueOf(Math.abs(l.qty())), comma(l.price()), comma(new BigDecimal(l.net()).abs().toPlainString()),
                        "0,00", comma(t.total().abs().toPlainString()), t.tender(), nz(l.number()), "kari", comma(off.toPlainString())))
                        .append("\r\n");
            }
        }
        return out.toString();
    }

    private static String generic(String store, List<Ticket> tickets) {
        StringBuilder out = new StringBuilder("Store,Register,Ticket,Date,Time,Customer,SKU,Qty,Net,Card No,Clerk,Discount\n");
        for (Ticket t : tickets) {
            for (Line l : t.lines()) {
                BigDecimal off = new BigDecimal(l.price()).multiply(BigDecimal.valueOf(l.qty())).subtract(new BigDecimal(l.net()));
                out.append(String.join(",", store, "1", t.number(), "2026-11-06", "10:00", "", l.sku(), String.valueOf(l.qty()), l.net(),
                        nz(l.number()), "kari", off.toPlainString())).append('\n');
            }
        }
        return out.toString();
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    private static long cents(String amount) {
        return new BigDecimal(amount).movePointRight(2).longValueExact();
    }

    private static String comma(String amount) {
        return amount.replace('.', ',');
    }
}
