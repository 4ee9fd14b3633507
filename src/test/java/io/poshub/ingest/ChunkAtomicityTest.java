package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.support.DefaultHubTest;
import io.poshub.support.Expected;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A write that fails in the middle of a chunk (a trigger makes MariaDB refuse one points entry) rolls the
 * whole chunk back: no sale without its lines and points. Once the database accepts writes again, the
 * file resumes and ends with the counts and balances of a clean run.
 */
@TestPropertySource(properties = "poshub.ingest.chunk-size=4")
class ChunkAtomicityTest extends DefaultHubTest {

    private static final String DAY1 = "counterpoint-store001-20261102.csv";

    /** The failing write is this class's own: a test that stopped half way must not leave it to the next. */
    @AfterEach
    void noRefusingTrigger() {
        jdbc.execute("DROP TRIGGER IF EXISTS refuse_points");
    }

    @Test
    void aFailedWriteMidChunkLeavesNoHalfBookedTicketAndTheFileResumesExactly() throws Exception {
        importSampleMembers();
        // Ticket 1007 (member C10053) is the third sale of the second chunk: 1005 is rejected, 1006 and 1007 book.
        jdbc.execute("""
                CREATE TRIGGER refuse_points BEFORE INSERT ON points_entry FOR EACH ROW
                BEGIN
                  IF NEW.member_id = (SELECT id FROM member WHERE external_id = 'C10053') THEN
                    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'simulated write failure';
                  END IF;
                END
                """);
        NotifyBuilder failed = files(camel, "atomic").whenFailed(1).create();
        addFeed("atomic", "file:" + dataDir.resolve("inbox/atomic"), "counterpoint");
        drop(SAMPLES.resolve(DAY1), dataDir.resolve("inbox/atomic"), DAY1);
        assertThat(failed.matches(60, TimeUnit.SECONDS)).isTrue();
        // The failure is noted on the import row by the error path, and the next poll's attempt clears it as it starts
        // again: one read of the row that holds it.
        Map<String, Object> open = await().atMost(Duration.ofSeconds(30)).until(
                () -> jdbc.queryForMap("SELECT status, error FROM import_file WHERE feed = 'atomic'"), row -> row.get("error") != null);

        assertThat(tickets()).as("only the first chunk committed").containsExactly("1001", "1002", "1003", "1004");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM sale s WHERE s.status = 'BOOKED'
                   AND (SELECT COUNT(*) FROM points_entry p WHERE p.sale_id = s.id) <> 1
                """, Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale_line l JOIN sale s ON s.id = l.sale_id WHERE s.feed = 'atomic'",
                Integer.class)).isEqualTo(11);
        assertThat(open.get("status")).isEqualTo("PROCESSING");
        assertThat((String) open.get("error")).contains("simulated write failure");

        NotifyBuilder completed = files(camel, "atomic").whenCompleted(1).create();
        jdbc.execute("DROP TRIGGER refuse_points");
        assertThat(completed.matches(60, TimeUnit.SECONDS)).isTrue();
        awaitImport("atomic", DAY1);

        Map<String, Object> done = jdbc.queryForMap("SELECT * FROM import_file WHERE feed = 'atomic'");
        assertThat(done.get("status")).isEqualTo("DONE_WITH_REJECTS");
        Expected.counts(DAY1).forEach((column, count) ->
                assertThat(((Number) done.get(column)).intValue()).as(column).isEqualTo(count));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_file WHERE feed = 'atomic'", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_reject WHERE import_file_id = ?", Integer.class,
                done.get("id"))).isEqualTo(2);
        Map<String, Long> balances = new TreeMap<>();
        jdbc.query("""
                SELECT m.external_id, SUM(p.delta) FROM points_entry p JOIN member m ON m.id = p.member_id
                  JOIN sale s ON s.id = p.sale_id
                 WHERE s.feed = 'atomic'
                 GROUP BY m.external_id
                """, rs -> {
            balances.put(rs.getString(1), rs.getLong(2));
        });
        assertThat(balances).isEqualTo(Expected.pointsFrom(DAY1));
    }

    /**
     * A chunk is written without looking its sales up first; a sale received before makes the sales' unique key refuse
     * it, and the chunk is booked again from its savepoint. Nothing of the first try may stay: the new sales beside the
     * resend (written by the refused statement) would otherwise be taken for sales this import received, counted and
     * left without lines or points.
     */
    @Test
    void aResentSaleInALaterChunkIsADuplicateAndTheNewSalesBesideItBookOnce() throws Exception {
        importSampleMembers();
        addFeed("resend", "file:" + dataDir.resolve("inbox/resend"), "counterpoint");
        drop(tickets(new String[][] {{"1006", "3006"}}), dataDir.resolve("inbox/resend"), "first.csv");
        awaitImport("resend", "first.csv");
        // First chunk: four new tickets; second: a new one, ticket 3006 again, unchanged, and two new ones.
        drop(tickets(new String[][] {{"1001", "2001"}, {"1002", "2002"}, {"1003", "2003"}, {"1004", "2004"},
                {"1008", "2008"}, {"1006", "3006"}, {"1007", "2007"}, {"1009", "2009"}}), dataDir.resolve("inbox/resend"), "again.csv");
        awaitImport("resend", "again.csv");

        Map<String, Object> done = jdbc.queryForMap("SELECT * FROM import_file WHERE feed = 'resend' AND name = 'again.csv'");
        assertThat(done.get("status")).isEqualTo("DONE");
        assertThat(((Number) done.get("sales_duplicate")).intValue()).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT ticket FROM sale WHERE import_file_id = ? ORDER BY ticket", String.class, done.get("id")))
                .containsExactly("2001", "2002", "2003", "2004", "2007", "2008", "2009");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM sale s WHERE s.feed = 'resend' AND (s.status = 'BOOKED'
                       AND (SELECT COUNT(*) FROM points_entry p WHERE p.sale_id = s.id) <> 1
                    OR NOT EXISTS (SELECT 1 FROM sale_line l WHERE l.sale_id = s.id))
                """, Integer.class)).as("sales without their lines or without exactly one points entry").isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE feed = 'resend' AND ticket = '3006'", Integer.class))
                .isEqualTo(1);
    }

    /** A file of the sample's tickets under other numbers: each pair is the sample's ticket and its number here. */
    private static String tickets(String[][] renumbered) throws IOException {
        List<String> sample = Files.readAllLines(SAMPLES.resolve(DAY1));
        StringBuilder file = new StringBuilder(sample.get(0)).append('\n');
        for (String[] ticket : renumbered) {
            String from = "001,1," + ticket[0] + ",";
            sample.stream().filter(line -> line.startsWith(from))
                    .forEach(line -> file.append("001,1,").append(ticket[1]).append(line.substring(from.length() - 1)).append('\n'));
        }
        return file.toString();
    }

    private List<String> tickets() {
        return jdbc.queryForList("SELECT ticket FROM sale WHERE feed = 'atomic' ORDER BY ticket", String.class);
    }
}
