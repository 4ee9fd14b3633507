package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.support.DefaultHubTest;
import io.poshub.support.People;
import io.poshub.support.TicketFiles;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * Issue 8.4: every file of the malformed corpus ({@code src/test/resources/badfiles/}, made by its
 * {@code generate.py}) ends with a clear reason — its bad tickets rejected with the line and why, or the whole
 * file FAILED with why — while the valid tickets in it book, every row is accounted for, and the feed keeps
 * running. {@code EXPECTED.tsv} says how each ends. Plus what cannot sit in the repository: a 10 MB line and
 * file names that try to leave the folder.
 */
@SuppressWarnings("unchecked")
class BadFilesTest extends DefaultHubTest {

    @Autowired
    TestRestTemplate http;

    private static final Path CORPUS = Path.of("src", "test", "resources", "badfiles");

    record Expected(String status, long rejected, long sales, String reason) {
    }

    @Test
    void everyMalformedFileEndsWithAClearReasonAndTheValidTicketsInItBook() throws Exception {
        Map<String, Expected> expected = expected();
        List<Path> corpus;
        try (Stream<Path> files = Files.list(CORPUS)) {
            corpus = files.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);

        Path inbox = dataDir.resolve("inbox").resolve("bad");
        String routeId = addFeed("bad", "file:" + inbox, "counterpoint");
        for (Path file : corpus) {
            drop(file, inbox, file.getFileName().toString());
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> finished("bad", corpus.size()));

        List<String> wrong = new ArrayList<>();
        for (Path file : corpus) {
            String name = file.getFileName().toString();
            Map<String, Object> got = outcome(name);
            Expected want = expected.get(name);
            String reasons = reasons(name);
            boolean ok = want != null && want.status().equals(got.get("status"))
                    && want.rejected() == ((Number) got.get("rows_rejected")).longValue()
                    && want.sales() == ((Number) got.get("sales_total")).longValue()
                    && reasons.contains(want.reason())
                    && ((Number) got.get("rows_total")).longValue()
                            == ((Number) got.get("rows_accepted")).longValue() + ((Number) got.get("rows_rejected")).longValue();
            if (!ok) {
                wrong.add(name + "\t" + got.get("status") + "\t" + got.get("rows_rejected") + "\t" + got.get("sales_total")
                        + "\t" + reasons.replace('\n', ' '));
            }
        }
        assertThat(wrong).as("files that did not end as EXPECTED.tsv says (name, status, rejected, sales, reasons)").isEmpty();
        assertThat(expected.keySet()).containsExactlyInAnyOrderElementsOf(corpus.stream().map(p -> p.getFileName().toString()).toList());
        assertThat(camel.getRouteController().getRouteStatus(routeId)).isEqualTo(ServiceStatus.Started);
        try (Stream<Path> left = Files.list(inbox)) {
            assertThat(left).as("files left in the inbox").isEmpty();
        }
    }

    /**
     * A feed's maxRejects (contract §16, as Spring Batch's skip limit): the sample of 2 Nov has 2 rejected rows of 57.
     * Under a limit of 1 it fails whole — nothing booked, to error/, the reason on the import row; under 5 % it books.
     */
    @Test
    void aFileOverItsFeedsMaxRejectsFailsWholeAndOneUnderItBooks() throws Exception {
        importSampleMembers();
        Path sample = SAMPLES.resolve("counterpoint-store001-20261102.csv");
        for (String[] feed : new String[][] {{"strict", "1"}, {"share", "5%"}}) {
            TemplatedRouteBuilder.builder(camel, "pos-feed").routeId("feed-" + feed[0]).parameter("feed", feed[0])
                    .parameter("source", "file:" + dataDir.resolve("inbox").resolve(feed[0])).parameter("mapping", "counterpoint")
                    .parameter("maxRejects", feed[1]).add();
            drop(sample, dataDir.resolve("inbox").resolve(feed[0]), "20261102.csv");
            awaitImport(feed[0], "20261102.csv");
        }

        Map<String, Object> strict = jdbc.queryForMap("SELECT status, error, rows_rejected FROM import_file WHERE feed = 'strict'");
        assertThat(strict).containsEntry("status", "FAILED");
        assertThat(strict.get("error")).asString().startsWith("2 of 57 rows would be rejected, over the feed's maxRejects 1: "
                + "nothing of the file is booked");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE feed = 'strict'", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM points_entry p JOIN sale s ON s.id = p.sale_id WHERE s.feed = 'strict'",
                Integer.class)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.isDirectory(dataDir.resolve("error").resolve("strict")));
        try (Stream<Path> failed = Files.list(dataDir.resolve("error").resolve("strict"))) {
            assertThat(failed.map(p -> p.getFileName().toString())).singleElement().asString().endsWith("20261102.csv");
        }

        Map<String, Object> share = jdbc.queryForMap("SELECT status, rows_rejected, sales_booked FROM import_file WHERE feed = 'share'");
        assertThat(share).containsEntry("status", "DONE_WITH_REJECTS").containsEntry("rows_rejected", 2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE feed = 'share'", Integer.class)).isPositive();
    }

    @Test
    void aTenMegabyteLineIsRejectedAsARowAndTheTicketsAroundItBook() throws Exception {
        Path inbox = dataDir.resolve("inbox").resolve("long-line");
        addFeed("long-line", "file:" + inbox, "counterpoint");
        Path file = Files.createTempFile(dataDir, "long-line", ".csv");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(TicketFiles.HEADER);
            out.write(TicketFiles.line("7", 1, "", 1, "SKU-1", "before", "10.00"));
            char[] block = new char[1 << 16];
            Arrays.fill(block, 'x');
            for (int i = 0; i < 160; i++) {
                out.write(block);
            }
            out.write('\n');
            out.write(TicketFiles.line("7", 3, "", 1, "SKU-1", "after", "10.00"));
        }
        assertThat(Files.size(file)).isGreaterThan(10_000_000);
        drop(file, inbox, "long-line.csv");
        await().atMost(Duration.ofMinutes(1)).until(() -> finished("long-line.csv"));
        Map<String, Object> got = outcome("long-line.csv");
        assertThat(got.get("status")).isEqualTo("DONE_WITH_REJECTS");
        assertThat(((Number) got.get("rows_rejected")).longValue()).isEqualTo(1);
        assertThat(((Number) got.get("sales_total")).longValue()).isEqualTo(2);
        assertThat(reasons("long-line.csv")).contains("LINE_TOO_LONG: line longer than 65536 characters");
        // the stored raw text of the reject is cut, not 10 MB
        assertThat(jdbc.queryForObject("SELECT MAX(LENGTH(raw)) FROM import_reject", Long.class)).isLessThan(100_000);
    }

    @Test
    void fileNamesThatTryToLeaveTheFolderStayInside() throws Exception {
        Path inbox = dataDir.resolve("inbox").resolve("names");
        addFeed("names", "file:" + inbox, "counterpoint");
        List<String> names = List.of("a%2f..%2f..%2fescaped.csv", "%2e%2e%2fescaped.csv",
                "$(touch pwned).csv", "name with spaces ü.csv", "x".repeat(200) + ".csv");
        int ticket = 100;
        for (String name : names) {
            drop(TicketFiles.HEADER + TicketFiles.line("8", ticket++, "", 1, "SKU-1", "ok", "10.00"), inbox, name);
        }
        // Left alone, never read: a name starting with a dot (a hidden or temporary file by convention) and a name
        // with a backslash (Camel's file component takes it for a path separator and does not find the file).
        List<Path> ignored = List.of(
                drop(TicketFiles.HEADER + TicketFiles.line("8", ticket++, "", 1, "SKU-1", "ok", "10.00"), inbox, "..%2f..%2fescaped.csv"),
                drop(TicketFiles.HEADER + TicketFiles.line("8", ticket, "", 1, "SKU-1", "ok", "10.00"), inbox, "a\\..\\..\\escaped.csv"));
        await().atMost(Duration.ofMinutes(1)).until(() -> finished("names", names.size()));
        for (String name : names) {
            assertThat(outcome(name).get("status")).as(name).isEqualTo("DONE");
        }
        Path archive = dataDir.resolve("archive").resolve("names");
        try (Stream<Path> inside = Files.walk(dataDir); Stream<Path> beside = Files.list(dataDir.getParent())) {
            assertThat(Stream.concat(inside, beside)
                    .filter(p -> p.getFileName().toString().contains("escaped") || p.getFileName().toString().contains("pwned"))
                    .filter(p -> !p.getParent().equals(archive) && !ignored.contains(p)))
                    .as("files outside archive/names").isEmpty();
        }
        try (Stream<Path> archived = Files.list(archive)) {
            assertThat(archived.count()).isEqualTo(names.size());
        }
        assertThat(ignored).allMatch(Files::exists);
        // … and not silently: the feed lists them with the reason.
        List<Map<String, Object>> feeds = http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD).getForObject("/api/feeds", List.class);
        Map<String, Object> feed = feeds.stream().filter(f -> "names".equals(f.get("feed"))).findFirst().orElseThrow();
        assertThat((List<Map<String, Object>>) feed.get("ignored"))
                .extracting(i -> i.get("name") + ": " + i.get("reason"))
                .containsExactlyInAnyOrder(
                        "..%2f..%2fescaped.csv: never read: a name starting with '.' is a hidden file; rename it",
                        "a\\..\\..\\escaped.csv: never read: a '\\' in a name is taken for a path separator; rename it");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM import_file WHERE feed = 'names'", Integer.class)).isEqualTo(names.size());
    }

    private boolean finished(String feed, int files) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM import_file WHERE finished_at IS NOT NULL AND feed = ?",
                Integer.class, feed) >= files;
    }

    private boolean finished(String name) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM import_file WHERE finished_at IS NOT NULL AND name = ?", Integer.class, name) > 0;
    }

    private Map<String, Object> outcome(String name) {
        return jdbc.queryForMap("SELECT status, rows_total, rows_accepted, rows_rejected, sales_total, error FROM import_file "
                + "WHERE name = ? ORDER BY id DESC LIMIT 1", name);
    }

    /** The import's error and its rejects' reasons, one per line. */
    private String reasons(String name) {
        Map<String, Object> got = outcome(name);
        StringBuilder out = new StringBuilder(got.get("error") == null ? "" : got.get("error") + "\n");
        jdbc.queryForList("SELECT CONCAT(r.line_no, ': ', r.reason) FROM import_reject r JOIN import_file f ON f.id = r.import_file_id "
                + "WHERE f.name = ? ORDER BY r.line_no", String.class, name).forEach(r -> out.append(r).append('\n'));
        return out.toString();
    }

    private static Map<String, Expected> expected() throws IOException {
        Map<String, Expected> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(CORPUS.resolve("EXPECTED.tsv"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            expected.put(f[0], new Expected(f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]));
        }
        return expected;
    }
}
