package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingRepository;
import io.poshub.sale.MembersMovedMeanwhile;
import io.poshub.sale.SaleBooker;
import io.poshub.sale.Ticket;
import io.poshub.support.DefaultHubTest;
import io.poshub.support.TicketFiles;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A file's chunks booked two at a time (the next one writes its sales while the one before commits its points) book
 * what one after another books: a member's tier moved on by the chunk still in flight, a return whose original is in
 * that chunk. A chunk whose member another writer moved meanwhile rolls back instead of booking stale points.
 */
@TestPropertySource(properties = "poshub.ingest.chunk-size=4")
class ChunksInFlightTest extends DefaultHubTest {

    @Autowired
    ImportPipeline pipeline;
    @Autowired
    SaleBooker booker;
    @Autowired
    MappingRepository mappings;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    MeterRegistry meters;

    List<String> cards;

    @BeforeEach
    void freshMembers() {
        importSampleMembers();
        cards = jdbc.queryForList("""
                SELECT card_number FROM member WHERE status = 'ACTIVE' AND card_number IS NOT NULL AND lifetime_earned = 0
                   AND tier = 'BASE' AND (assigned_tier IS NULL OR assigned_tier = 'BASE') AND id NOT IN (SELECT member_id FROM sale WHERE member_id IS NOT NULL)
                 ORDER BY id LIMIT 3""", String.class);
        assertThat(cards).hasSize(3);
    }

    @Test
    void eachChunkEarnsFromTheMembersAndSalesOfTheChunkStillInFlight() {
        String a = cards.get(0);
        String b = cards.get(1);
        String c = cards.get(2);
        // Four tickets a chunk; member A's tickets open each chunk, so each is booked while A's last one is in flight.
        StringBuilder csv = new StringBuilder(TicketFiles.HEADER);
        csv.append(sale(2001, a, "990.00")).append(sale(2002, b, "10.00")).append(sale(2003, b, "10.00")).append(sale(2004, b, "10.00"));
        // 990 + 100 at BASE: 1 090 lifetime, SILVER from the next sale
        csv.append(sale(2005, a, "100.00")).append(sale(2006, c, "10.00")).append(sale(2007, c, "10.00")).append(sale(2008, c, "10.00"));
        // 4 000 at SILVER's 1.25: 5 000 points, 6 090 lifetime, GOLD
        csv.append(sale(2009, a, "4000.00")).append(sale(2010, b, "10.00")).append(sale(2011, b, "10.00")).append(sale(2012, b, "10.00"));
        // a return of 2009 takes back at 2009's 1.25, not GOLD's 1.5
        csv.append(giveBack(2013, a, "100.00", 2009)).append(sale(2014, c, "10.00")).append(sale(2015, c, "10.00"))
                .append(sale(2016, c, "10.00"));
        csv.append(sale(2017, a, "100.00"));
        double againBefore = bookedAgain();

        drop(csv.toString(), dataDir.resolve("inbox/in-flight"), "in-flight.csv");
        addFeed("in-flight", "file:" + dataDir.resolve("inbox/in-flight"), "counterpoint");
        awaitImport("in-flight", "in-flight.csv");

        assertThat(jdbc.queryForMap("SELECT status, sales_booked, rows_rejected FROM import_file WHERE feed = 'in-flight'"))
                .containsEntry("status", "DONE").containsEntry("sales_booked", 17).containsEntry("rows_rejected", 0);
        Map<String, Long> points = new java.util.TreeMap<>();
        jdbc.query("SELECT ticket, points FROM sale WHERE feed = 'in-flight' AND member_id = (SELECT id FROM member WHERE card_number = ?)",
                rs -> {
                    points.put(rs.getString(1), rs.getLong(2));
                }, a);
        assertThat(points).containsExactly(Map.entry("2001", 990L), Map.entry("2005", 100L), Map.entry("2009", 5000L),
                Map.entry("2013", -125L), Map.entry("2017", 150L));
        assertThat(jdbc.queryForObject("""
                SELECT r.orig_sale_id = o.id FROM sale r JOIN sale o ON o.feed = r.feed AND o.ticket = '2009'
                 WHERE r.feed = 'in-flight' AND r.ticket = '2013'""", Boolean.class)).as("the return names its original").isTrue();
        assertThat(jdbc.queryForMap("""
                SELECT m.tier, m.lifetime_earned, a.balance FROM member m JOIN points_account a ON a.member_id = m.id
                 WHERE m.card_number = ?""", a))
                .containsEntry("tier", "GOLD").containsEntry("lifetime_earned", 6115L).containsEntry("balance", 6115L);
        for (String other : List.of(b, c)) {
            assertThat(jdbc.queryForObject("SELECT balance FROM points_account a JOIN member m ON m.id = a.member_id WHERE m.card_number = ?",
                    Long.class, other)).isEqualTo(60L);
        }
        assertThat(bookedAgain() - againBefore).as("every chunk booked ahead, none again").isZero();
    }

    @Test
    void aChunkWhoseMemberMovedWhileTheChunkBeforeCommittedRollsBack() throws Exception {
        String a = cards.get(0);
        Mapping mapping = mappings.get("counterpoint");
        List<Ticket> chunk;
        try (var chunks = pipeline.chunks(mapping, () -> new ByteArrayInputStream(
                (TicketFiles.HEADER + sale(3001, a, "50.00")).getBytes(StandardCharsets.UTF_8)), "moved")) {
            chunk = chunks.next();
        }
        long importId = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM import_file", Long.class);
        TransactionTemplate readCommitted = new TransactionTemplate(tx.getTransactionManager());
        readCommitted.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);

        assertThatThrownBy(() -> readCommitted.executeWithoutResult(status -> booker.bookAhead(chunk,
                new SaleBooker.Source("moved", mapping, importId), false, new SaleBooker.Ahead() {
                    @Override
                    public SaleBooker.ChunkBefore before() {
                        return SaleBooker.ChunkBefore.NONE;
                    }

                    @Override
                    public void written(SaleBooker.ChunkBefore leaves) {
                        // Another writer (a till's adjustment, say) moves the member and commits, on its own connection.
                        CompletableFuture.runAsync(() -> jdbc.update(
                                "UPDATE member SET lifetime_earned = lifetime_earned + 7 WHERE card_number = ?", a)).join();
                    }

                    @Override
                    public void awaitBefore() {
                    }
                }))).isInstanceOf(MembersMovedMeanwhile.class);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE ticket = '3001'", Integer.class)).as("rolled back").isZero();
        assertThat(jdbc.queryForObject("SELECT lifetime_earned FROM member WHERE card_number = ?", Long.class, a)).isEqualTo(7L);
    }

    private double bookedAgain() {
        return meters.get("poshub.chunks.booked.again").counter().count();
    }

    private static String sale(int ticket, String card, String amount) {
        return line(ticket, card, "S", "1", "0", amount, amount, "");
    }

    private static String giveBack(int ticket, String card, String amount, int original) {
        return line(ticket, card, "R", "0", "1", amount, "-" + amount, String.valueOf(original));
    }

    private static String line(int ticket, String card, String type, String sold, String returned, String price, String net,
                               String original) {
        return String.join(",", "001", "7", String.valueOf(ticket), "2026-11-02", "2026-11-02 10:00:00", "", card, "", "", "1",
                type, "SKU-1001", "Wool sweater", "APPAREL", sold, returned, price, net, "0.00", net, "VISA", original) + "\n";
    }
}
