package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.support.DefaultHubTest;
import io.poshub.support.Expected;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

/** All seven sample files, each through a feed with its shipped mapping: EXPECTED.json's counts and balances. */
class AllFormatsTest extends DefaultHubTest {

    /** Sample file → shipped mapping, in the order they are dropped (Counterpoint's days in date order). */
    private static final Map<String, String> SAMPLES_AND_MAPPINGS = new LinkedHashMap<>();

    static {
        SAMPLES_AND_MAPPINGS.put("counterpoint-store001-20261102.csv", "counterpoint");
        SAMPLES_AND_MAPPINGS.put("counterpoint-store001-20261103.csv", "counterpoint");
        SAMPLES_AND_MAPPINGS.put("ncr-store002-20261102.txt", "ncr");
        SAMPLES_AND_MAPPINGS.put("springboard-loc7-20261102.csv", "springboard");
        SAMPLES_AND_MAPPINGS.put("jesta-0450-20261102.csv", "jesta");
        SAMPLES_AND_MAPPINGS.put("square-items-20261102.csv", "square");
        SAMPLES_AND_MAPPINGS.put("shopify-orders-20261102.csv", "shopify");
    }

    @Test
    void everySampleEndsWithItsExpectedCountsAndEveryBalanceMatches() throws Exception {
        importSampleMembers();
        for (String mapping : new java.util.LinkedHashSet<>(SAMPLES_AND_MAPPINGS.values())) {
            addFeed(mapping, "file:" + dataDir.resolve("inbox").resolve(mapping), mapping);
        }
        for (var sample : SAMPLES_AND_MAPPINGS.entrySet()) {
            NotifyBuilder done = files(camel, sample.getValue()).whenDone(1).create();
            drop(SAMPLES.resolve(sample.getKey()), dataDir.resolve("inbox").resolve(sample.getValue()), sample.getKey());
            assertThat(done.matches(60, TimeUnit.SECONDS)).as(sample.getKey()).isTrue();
            awaitImport(sample.getValue(), sample.getKey());

            Map<String, Object> row = jdbc.queryForMap("SELECT * FROM import_file WHERE name = ?", sample.getKey());
            Map<String, Integer> counts = new TreeMap<>();
            Expected.counts(sample.getKey()).keySet().forEach(c -> counts.put(c, ((Number) row.get(c)).intValue()));
            assertThat(counts).as(sample.getKey() + " (" + row.get("status") + ", " + row.get("error") + ")")
                    .isEqualTo(Expected.counts(sample.getKey()));
        }
        Map<String, Long> balances = new TreeMap<>();
        jdbc.query("""
                SELECT m.external_id, COALESCE(SUM(p.delta), 0) FROM member m LEFT JOIN points_entry p ON p.member_id = m.id
                 GROUP BY m.external_id
                """, rs -> {
            balances.put(rs.getString(1), rs.getLong(2));
        });
        assertThat(balances).isEqualTo(Expected.finalPoints());
        // The shipped mappings name VIPPS as the mobile-payment tender: those sales are the ones reconciliation matches.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE mobile_payment <> (tender = 'VIPPS')", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE mobile_payment", Integer.class)).isPositive();
    }

    @Test
    void anNcrFileCutShortFailsWholeAndBooksNothing() throws Exception {
        List<String> lines = Files.readAllLines(SAMPLES.resolve("ncr-store002-20261102.txt"));
        String cut = String.join("\n", lines.subList(0, lines.size() / 2)) + "\n";
        addFeed("ncr-cut", "file:" + dataDir.resolve("inbox/ncr-cut"), "ncr");
        NotifyBuilder done = files(camel, "ncr-cut").whenDone(1).create();
        drop(cut, dataDir.resolve("inbox/ncr-cut"), "ncr-cut.txt");
        assertThat(done.matches(60, TimeUnit.SECONDS)).isTrue();
        awaitImport("ncr-cut", "ncr-cut.txt");

        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM import_file WHERE feed = 'ncr-cut'");
        assertThat(row.get("status")).isEqualTo("FAILED");
        assertThat((String) row.get("error")).contains("no F trailer");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE import_file_id = ?", Integer.class, row.get("id"))).isZero();
        try (var errored = Files.list(dataDir.resolve("error/ncr-cut"))) {
            assertThat(errored.map(p -> p.getFileName().toString())).singleElement().asString().endsWith("-ncr-cut.txt");
        }
    }
}
