package io.poshub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every table has one owning module, written down in docs/architecture.md ("Tables and their owners"), and only its
 * owner's SQL names it: a module that needs another's rows asks the owner's API or listens to its events. The crossings
 * still in the code are listed here with why; the list may only shrink.
 */
class TableOwnershipTest {

    private static final Path CODE = Path.of("src/main/java/io/poshub");
    private static final Pattern CREATE = Pattern.compile("CREATE TABLE (?:IF NOT EXISTS )?`?(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROW = Pattern.compile("^\\| `(\\w+)` \\| `(\\w+)` \\|");
    /** SQL keywords (the code writes them in capitals) and the table that follows. */
    private static final Pattern NAMED = Pattern.compile("\\b(?:FROM|JOIN|INTO TABLE|INTO|UPDATE|TABLE)\\s+`?(\\w+)");

    /** module → table: a crossing still in the code, and why. */
    private static final Map<String, String> CROSSINGS = Map.ofEntries(
            Map.entry("loyalty → member", "a redemption locks the member's row; earning reads and writes its tier and lifetime points, "
                    + "and the points a store took are summed by the member's merchant: the loyalty account is to be a table of loyalty's"),
            Map.entry("sale → member", "booking resolves a sale's member set-based against the member table; to be asked of member"));

    @Test
    void everyTableHasOneOwnerWrittenDown() throws IOException {
        Map<String, String> owners = owners();
        Set<String> created = new TreeSet<>();
        try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path migration : migrations.toList()) {
                Matcher m = CREATE.matcher(Files.readString(migration));
                while (m.find()) {
                    created.add(m.group(1));
                }
            }
        }
        assertThat(created).as("the tables the migrations create").hasSizeGreaterThan(20);
        assertThat(owners.keySet()).as("the tables of docs/architecture.md").isEqualTo(created);
    }

    @Test
    void aModulesSqlNamesOnlyItsOwnTables() throws IOException {
        Map<String, String> owners = owners();
        Set<String> crossings = new TreeSet<>();
        try (Stream<Path> files = Files.walk(CODE)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = CODE.relativize(file);
                String module = relative.getNameCount() > 1 ? relative.getName(0).toString() : "(root)";
                Matcher m = NAMED.matcher(Files.readString(file));
                while (m.find()) {
                    String owner = owners.get(m.group(1));
                    if (owner != null && !owner.equals(module)) {
                        crossings.add(module + " → " + m.group(1));
                    }
                }
            }
        }
        List<String> unlisted = new ArrayList<>(crossings);
        unlisted.removeAll(CROSSINGS.keySet());
        assertThat(unlisted).as("SQL naming another module's table: ask the owner's API, or react to its events").isEmpty();
        List<String> gone = new ArrayList<>(CROSSINGS.keySet());
        gone.removeAll(crossings);
        assertThat(gone).as("crossings listed here that the code no longer has: take them off the list").isEmpty();
    }

    /** table → owning module, as docs/architecture.md lists them. */
    private static Map<String, String> owners() throws IOException {
        Map<String, String> owners = new TreeMap<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("docs/architecture.md"))) {
            if (line.startsWith("## ")) {
                inTable = line.equals("## Tables and their owners");
            }
            Matcher row = ROW.matcher(line);
            if (inTable && row.find()) {
                assertThat(owners.put(row.group(1), row.group(2))).as("table %s listed twice", row.group(1)).isNull();
            }
        }
        return owners;
    }
}
