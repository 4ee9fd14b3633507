package io.poshub.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.mapping.Mapping;
import io.poshub.support.FormatTesting;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Issue 8.4, property-based: random rows under each format's real header (and random bytes with none) are
 * either parsed or rejected row by row, or the whole file is refused as unreadable — a parser never throws
 * anything else, so nothing escapes a feed's route as an unexpected error. Text is carried as ISO-8859-1, byte for
 * byte, so the samples' own encodings survive and invalid UTF-8 comes for free.
 */
class ParsersPropertyTest {

    private static final CamelContext CAMEL = new DefaultCamelContext();
    private static final Path SAMPLES = Path.of("samples");

    /** mapping → the sample whose first lines give the real header and a real row to mutate. */
    private static final Map<String, String> SAMPLE_OF = Map.of(
            "counterpoint", "counterpoint-store001-20261102.csv",
            "ncr", "ncr-store002-20261102.txt",
            "springboard", "springboard-loc7-20261102.csv",
            "jesta", "jesta-0450-20261102.csv",
            "square", "square-items-20261102.csv",
            "shopify", "shopify-orders-20261102.csv");

    private static final List<String> FORMAT_CLASSES = List.of("io.poshub.format.counterpoint.CounterpointFormat",
            "io.poshub.format.ncr.NcrFormat", "io.poshub.format.springboard.SpringboardFormat",
            "io.poshub.format.jesta.JestaFormat", "io.poshub.format.generic.GenericFormat");

    @Property(tries = 300)
    void randomRowsUnderARealHeaderParseOrReject(@ForAll("mappings") String mappingName, @ForAll("rows") List<String> rows,
                                                  @ForAll("lineEnds") String eol) throws Exception {
        List<String> sample = Files.readAllLines(SAMPLES.resolve(SAMPLE_OF.get(mappingName)), StandardCharsets.ISO_8859_1);
        StringBuilder content = new StringBuilder();
        boolean headed = !mappingName.equals("ncr");
        if (headed) {
            content.append(sample.get(0)).append(eol);
        }
        String separator = mappingName.equals("ncr") ? "|" : mappingName.equals("jesta") ? ";" : ",";
        for (String row : rows) {
            content.append(row.replace("\u0001", separator)).append(eol);
        }
        if (mappingName.equals("ncr")) {
            // An NCR file vouches for itself with its F trailer; without one every file would be refused whole and its
            // rows never read. With the right one the rows are read — unless a row is itself a trailer.
            byte[] withoutTrailer = content.toString().getBytes(StandardCharsets.ISO_8859_1);
            content.append(java.util.Objects.requireNonNullElse(ncrTrailer(withoutTrailer), "F|0|0")).append(eol);
            String refused = readAll(mappingName, content.toString().getBytes(StandardCharsets.ISO_8859_1));
            boolean rowIsATrailer = ncrTrailer(withoutTrailer) == null;
            if (!rowIsATrailer) {
                assertThat(refused).as("an NCR file with its right trailer is read row by row").satisfiesAnyOf(
                        r -> assertThat(r).isNull(), r -> assertThat(r).doesNotContain("trailer"));
            }
            return;
        }
        readAll(mappingName, content.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * The F trailer an NCR export would end these lines with: its record count and tender total, read as NcrFormat reads;
     * null when a line is a trailer already.
     */
    private static String ncrTrailer(byte[] content) throws java.io.IOException {
        long records = 0;
        long tenders = 0;
        try (java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(new ByteArrayInputStream(content),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPLACE)))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("F|")) {
                    return null;
                }
                records++;
                if (line.startsWith("T|")) {
                    String[] f = line.split("\\|", -1);
                    try {
                        tenders += f.length > 3 ? Long.parseLong(f[3].trim()) : 0;
                    } catch (NumberFormatException e) {
                        // counted as 0, as the format counts it
                    }
                }
            }
        }
        return "F|" + records + "|" + tenders;
    }

    @Property(tries = 200)
    void mutatedRealRowsParseOrReject(@ForAll("mappings") String mappingName, @ForAll("mutations") List<Mutation> mutations)
            throws Exception {
        List<String> sample = Files.readAllLines(SAMPLES.resolve(SAMPLE_OF.get(mappingName)), StandardCharsets.ISO_8859_1);
        StringBuilder text = new StringBuilder(String.join("\n", sample.subList(0, Math.min(sample.size(), 8)))).append('\n');
        for (Mutation m : mutations) {
            m.apply(text);
        }
        readAll(mappingName, text.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    @Property(tries = 100)
    void randomBytesAreReadOrRefused(@ForAll("mappings") String mappingName, @ForAll byte[] bytes) throws Exception {
        readAll(mappingName, bytes);
    }

    /** Reads everything; only an unreadable-file refusal may end it early. Answers the refusal, or null when read. */
    private static String readAll(String mappingName, byte[] content) throws Exception {
        Mapping mapping = FormatTesting.shipped(mappingName);
        PosFormat format = format(mapping);
        try (RowReader reader = format.open(() -> new ByteArrayInputStream(content), mapping)) {
            for (ParsedRow row = reader.next(); row != null; row = reader.next()) {
                assertThat(row.ok() || (row.error() != null && !row.error().isBlank()))
                        .as("a row is either parsed or has a reason").isTrue();
                if (row.ok()) {
                    assertThat(row.row()).isNotNull();
                }
            }
        } catch (UnreadableFileException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return refused.getMessage();
        }
        return null;
    }

    private static PosFormat format(Mapping mapping) throws Exception {
        List<PosFormat> all = new java.util.ArrayList<>();
        for (String name : FORMAT_CLASSES) {
            all.add(FormatTesting.newFormat(name, CAMEL));
        }
        return new PosFormats(all).forMapping(mapping);
    }

    @Provide
    Arbitrary<String> mappings() {
        return Arbitraries.of(SAMPLE_OF.keySet());
    }

    @Provide
    Arbitrary<String> lineEnds() {
        return Arbitraries.of("\n", "\r\n", "\r");
    }

    /** Rows of 0–30 fields (joined by \u0001, replaced by the format's separator) drawn from nasty values. */
    @Provide
    Arbitrary<List<String>> rows() {
        Arbitrary<String> field = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().withChars("\"',;|\n\r\t\\ 0123456789.-+eE$€ \u00e8\u0000").ofMaxLength(10),
                Arbitraries.of("", "001", "1", "5001", "2026-11-02", "2026-11-02 09:03:00", "02/11/2026", "09:05",
                        "2026-11-02T09:03:00-05:00", "2026-02-30", "S", "R", "H", "L", "T", "F", "SALE", "VOID", "RETURN",
                        "12,00", "1 234,50", "-0.00", "99999999999999999999.99", "1e3", "NaN", "$24.50", "=HYPERLINK(\"x\")",
                        "'; DROP TABLE sale;--", "+4799821403", "BUQSN9P2NP", "a@b.c", "#1500"),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.bigDecimals().ofScale(3).map(d -> d.toPlainString()));
        Arbitrary<String> row = field.list().ofMaxSize(30).map(fields -> String.join("\u0001", fields));
        return row.list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> mutation = Combinators.combine(
                Arbitraries.integers().between(0, 10_000), Arbitraries.integers().between(0, 3),
                Arbitraries.strings().withChars("\"',;|\n\r\\x0\u0000\u00e8").ofMinLength(1).ofMaxLength(3))
                .as(Mutation::new);
        return mutation.list().ofMinSize(1).ofMaxSize(8);
    }

    /** Delete, insert, replace or duplicate a few characters at a position of the text. */
    record Mutation(int at, int kind, String text) {
        void apply(StringBuilder s) {
            if (s.isEmpty()) {
                s.append(text);
                return;
            }
            int i = at % s.length();
            switch (kind) {
                case 0 -> s.delete(i, Math.min(s.length(), i + text.length()));
                case 1 -> s.insert(i, text);
                case 2 -> s.replace(i, Math.min(s.length(), i + text.length()), text);
                default -> s.insert(i, s.substring(i, Math.min(s.length(), i + 40)));
            }
        }
    }
}
