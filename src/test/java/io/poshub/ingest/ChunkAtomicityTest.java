package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.support.DefaultHubTest;
import io.poshub.support.Expected;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
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

        assertThat(tickets()).as("only the first chunk committed").containsExactly("1001", "1002", "1003", "1004");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM sale s WHERE s.status = 'BOOKED'
                   AND (SELECT COUNT(*) FROM points_entry p WHERE p.sale_id = s.id) <> 1
                """, Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale_line l JOIN sale s ON s.id = l.sale_id", Integer.class))
                .isEqualTo(11);
        Map<String, Object> open = jdbc.queryForMap("SELECT status, error FROM import_file WHERE feed = 'atomic'");
        assertThat(open.get("status")).isEqualTo("PROCESSING");
        assertThat((String) open.get("error")).contains("simulated write failure");

        NotifyBuilder completed = files(camel, "atomic").whenCompleted(1).create();
        jdbc.execute("DROP TRIGGER refuse_points");
        assertThat(completed.matches(60, TimeUnit.SECONDS)).isTrue();

        Map<String, Object> done = jdbc.queryForMap("SELECT * FROM import_file WHERE feed = 'atomic'");
        assertThat(done.get("status")).isEqualTo("DONE_WITH_REJECTS");
        Expected.counts(DAY1).forEach((column, count) ->
                assertThat(((Number) done.get(column)).intValue()).as(column).isEqualTo(count));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_file", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_reject", Integer.class)).isEqualTo(2);
        Map<String, Long> balances = new TreeMap<>();
        jdbc.query("""
                SELECT m.external_id, SUM(p.delta) FROM points_entry p JOIN member m ON m.id = p.member_id
                 GROUP BY m.external_id
                """, rs -> {
            balances.put(rs.getString(1), rs.getLong(2));
        });
        assertThat(balances).isEqualTo(Expected.pointsFrom(DAY1));
    }

    private List<String> tickets() {
        return jdbc.queryForList("SELECT ticket FROM sale ORDER BY ticket", String.class);
    }
}
