package io.poshub.csv;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.dayclose.TerminalRow;
import io.poshub.dayclose.ZReportRow;
import io.poshub.format.counterpoint.CounterpointRow;
import io.poshub.format.jesta.JestaRow;
import io.poshub.format.ncr.NcrHeader;
import io.poshub.format.ncr.NcrLine;
import io.poshub.format.ncr.NcrTender;
import io.poshub.format.springboard.SpringboardRow;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BindyBinder#direct} binds a record as Bindy does, without Bindy's per-value set-up, and leaves to Bindy every
 * record it does not bind. For every layout's model, on the sample files' rows and 3 000 rows made from them with
 * fields swapped for empty, blank, padded, malformed, over-precise, impossible or other columns' values: a record bound
 * directly equals Bindy's binding of it field by field, and Bindy binds it too; a record Bindy refuses is never bound
 * directly. The samples' own rows that Bindy binds are all bound directly (else the fast road would quietly be the
 * slow one).
 */
class DirectBindingTest {

    private static final List<String> NOISE = List.of("", " ", "  x ", "x", "0", "1", " 12 ", "-3", "1.5", "1.234", "1.2345",
            "-0.10", "12,00", "1e3", "2026-11-02", "2026-02-30", "2026-11-02 10:00:00", "2026-11-02 25:00:00", "20261102",
            "20260230", "02/11/2026", "31/02/2026", "10:00", "090800", "2026-11-02T09:03:00-05:00", "SALE", "RETURN", "\t");

    static List<Arguments> layouts() {
        return List.of(
                Arguments.of(CounterpointRow.class, "samples/counterpoint-store001-20261102.csv", ",", null),
                Arguments.of(JestaRow.class, "samples/jesta-0450-20261102.csv", ";", null),
                Arguments.of(SpringboardRow.class, "samples/springboard-loc7-20261102.csv", ",", null),
                Arguments.of(NcrHeader.class, "samples/ncr-store002-20261102.txt", "|", "H"),
                Arguments.of(NcrLine.class, "samples/ncr-store002-20261102.txt", "|", "L"),
                Arguments.of(NcrTender.class, "samples/ncr-store002-20261102.txt", "|", "T"),
                Arguments.of(ZReportRow.class, "src/test/resources/dayclose/z-ncr-002-20261102.csv", ",", null),
                Arguments.of(TerminalRow.class, "src/test/resources/dayclose/terminal-780-20261104-bad.csv", ",", null));
    }

    @ParameterizedTest
    @MethodSource("layouts")
    <T> void aRecordBoundDirectlyIsTheOneBindyBinds(Class<T> model, String sample, String separator, String recordType) throws Exception {
        BindyBinder<T> binder = new BindyBinder<>(new DefaultCamelContext(), model);
        List<List<String>> rows = new ArrayList<>();
        // Split as the hub splits (quoted fields whole); Jesta's files are ISO-8859-1.
        Charset charset = model == JestaRow.class ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8;
        try (Reader in = Files.newBufferedReader(Path.of(sample), charset)) {
            CsvRecordReader records = new CsvRecordReader(in, separator.charAt(0), '"', CsvLimits.DEFAULT);
            if (recordType == null) {
                records.next();
            }
            for (var record = records.next(); record != null; record = records.next()) {
                if (recordType == null || record.fields().get(0).equals(recordType)) {
                    rows.add(record.fields());
                }
            }
        }
        assertThat(rows).as(sample + " has rows of " + model.getSimpleName()).isNotEmpty();
        int bound = 0;
        for (List<String> row : rows) {
            if (assertSameAsBindy(binder, row)) {
                assertThat(binder.direct(row)).as("a sample row Bindy binds is bound directly: %s", row).isNotNull();
                bound++;
            }
        }
        assertThat(bound).as("sample rows Bindy binds").isPositive();
        SplittableRandom random = new SplittableRandom(20261206);
        for (int i = 0; i < 3000; i++) {
            List<String> row = new ArrayList<>(rows.get(random.nextInt(rows.size())));
            for (int swaps = 1 + random.nextInt(3); swaps > 0; swaps--) {
                int at = random.nextInt(row.size());
                row.set(at, random.nextBoolean() ? NOISE.get(random.nextInt(NOISE.size()))
                        : rows.get(random.nextInt(rows.size())).get(random.nextInt(row.size())));
            }
            if (random.nextInt(20) == 0) {
                row.remove(row.size() - 1);
            }
            assertSameAsBindy(binder, row);
        }
    }

    /** Whether Bindy binds the row. */
    private static <T> boolean assertSameAsBindy(BindyBinder<T> binder, List<String> row) {
        T direct = binder.direct(row);
        T bindy;
        try {
            bindy = binder.bindy(row, 2);
        } catch (Exception e) {
            assertThat(direct).as("Bindy refuses %s (%s), so it is not bound directly", row, e.getMessage()).isNull();
            return false;
        }
        if (direct != null) {
            assertThat(direct).as("bound directly: %s", row).usingRecursiveComparison().isEqualTo(bindy);
        }
        return true;
    }
}
