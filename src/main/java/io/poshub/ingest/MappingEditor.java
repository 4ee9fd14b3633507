package io.poshub.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.poshub.PoshubProperties;
import io.poshub.audit.AuditDetails;
import io.poshub.common.Hashes;
import io.poshub.common.Names;
import io.poshub.common.NotFound;
import io.poshub.csv.ByteSource;
import io.poshub.csv.CsvLimits;
import io.poshub.csv.CsvRecordReader;
import io.poshub.mapping.ConfigErrors;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingException;
import io.poshub.mapping.PointsLife;
import io.poshub.mapping.MappingParser;
import io.poshub.mapping.MappingRepository;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * What the console does with mappings: list and open them, check an edited text exactly as the file watcher would
 * (each problem at its line), try it on a sample file with nothing written, save it atomically for the watcher to pick
 * up, and look at a sample file of an unknown POS (charset, separator, header, first rows) for the new-mapping wizard.
 */
@Service
class MappingEditor {

    /** How much of a sample file the wizard looks at: its first 64 KiB. */
    static final int SNIFF_BYTES = 64 * 1024;
    private static final int SNIFF_ROWS = 5;

    private final PoshubProperties properties;
    private final MappingRepository mappings;
    private final ConfigErrors errors;
    private final ManualImports imports;
    private final MappingParser parser;
    private final CsvLimits limits;

    MappingEditor(PoshubProperties properties, MappingRepository mappings, ConfigErrors errors, ManualImports imports,
                  CsvLimits limits) {
        this.properties = properties;
        this.limits = limits;
        this.mappings = mappings;
        this.errors = errors;
        this.imports = imports;
        this.parser = new MappingParser(properties.defaultMerchant());
    }

    /** A mapping file as the console lists it: its format and merchant when it loads, the watcher's refusal when not. */
    /** A mapping in mappings/: its format and merchant, how its points mature and expire, or why it cannot be read. */
    record Entry(String name, String format, String merchant,
                 @JsonInclude(JsonInclude.Include.NON_NULL)
                 PointsLife loyalty, String error) {
    }

    /** A problem of an edited text, at its line when known. */
    @Schema(name = "MappingProblem")
    record Problem(Integer line, String message) {
    }

    record Check(boolean ok, List<Problem> problems) {
    }

    /** A sample file as the wizard shows it. */
    record Sample(String charset, String separator, List<String> header, List<List<String>> rows) {
    }

    List<Entry> list() {
        try (Stream<Path> files = Files.list(properties.mappingsDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
                    .map(n -> entry(n.substring(0, n.length() - ".yaml".length()))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String text(String name) {
        Path file = file(name);
        if (!Files.isRegularFile(file)) {
            throw new NotFound("no mapping " + name);
        }
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Check check(String name, String text) {
        try {
            parse(name, text);
            return new Check(true, List.of());
        } catch (MappingException e) {
            return new Check(false, List.of(new Problem(e.line(), e.getMessage())));
        }
    }

    /** What the sample would do under the edited text: read, matched and earned as a preview, nothing written. */
    ManualImports.Preview tryOn(String name, String text, ByteSource sample) {
        return imports.preview("try-" + name, parse(name, text), sample, ManualImports.PREVIEW_LIMIT);
    }

    /**
     * Writes the text as the mapping's file in one step (a temporary file renamed over it); the watcher takes it from
     * there — a text it refuses is reported in the config errors, and the last good version keeps running.
     */
    Check save(String name, String text) {
        Check check = check(name, text);
        Path file = file(name);
        AuditDetails.note("before", Files.isRegularFile(file) ? Hashes.sha256Hex(read(file)) : null);
        AuditDetails.note("after", Hashes.sha256Hex(text.getBytes(StandardCharsets.UTF_8)));
        try {
            Path temporary = Files.createTempFile(properties.mappingsDir(), "." + name + "-", ".part");
            Files.writeString(temporary, text);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        return check;
    }

    Sample sniff(byte[] content) {
        byte[] head = Arrays.copyOf(content, Math.min(content.length, SNIFF_BYTES));
        Charset charset = isUtf8(head) ? StandardCharsets.UTF_8 : Charset.forName("windows-1252");
        String text = new String(head, charset);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String firstLine = text.lines().findFirst().orElse("");
        char separator = Stream.of(',', ';', '\t', '|').max(Comparator.comparingLong(c -> firstLine.chars().filter(x -> x == c).count()))
                .orElse(',');
        List<List<String>> rows = new ArrayList<>();
        try {
            CsvRecordReader records = new CsvRecordReader(new StringReader(text), separator, '"', limits);
            for (CsvRecordReader.CsvRecord r = records.next(); r != null && rows.size() <= SNIFF_ROWS; r = records.next()) {
                rows.add(r.fields());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> header = rows.isEmpty() ? List.of() : rows.remove(0);
        return new Sample(charset.name(), separator == '\t' ? "\\t" : String.valueOf(separator), header, rows);
    }

    private Mapping parse(String name, String text) {
        requireName(name);
        return parser.parse(name, text);
    }

    private Entry entry(String name) {
        String error = errors.all().stream().filter(e -> e.file().equals(file(name).toString())).map(ConfigErrors.ConfigError::message)
                .findFirst().orElse(null);
        try {
            Mapping mapping = mappings.get(name);
            return new Entry(name, mapping.format(), mapping.merchant(), mapping.readsSales() ? mapping.loyalty() : null, error);
        } catch (MappingException e) {
            return new Entry(name, null, null, null, error != null ? error : e.getMessage());
        }
    }

    private Path file(String name) {
        requireName(name);
        return properties.mappingsDir().resolve(name + ".yaml");
    }

    private static void requireName(String name) {
        Names.require("mapping", name);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            // a multi-byte character cut at the end of the sample is not a reason to call the file something else
            return bytes.length == SNIFF_BYTES;
        }
    }
}
