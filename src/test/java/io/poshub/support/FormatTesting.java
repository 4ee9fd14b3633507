package io.poshub.support;

import io.poshub.PoshubProperties;
import io.poshub.format.ParsedRow;
import io.poshub.format.PosFormat;
import io.poshub.format.RowReader;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingRepository;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Reads bytes through a format the way a feed does, for format tests without the application. */
public final class FormatTesting {

    /** The README's example of a generic mapping for a layout no shipped mapping covers: tab-separated, no header, minor units. */
    public static final String TAB_MAPPING = """
            format: generic
            currency: NOK
            timezone: Europe/Oslo
            phoneRegion: "NO"
            match: [card, phone]
            csv: { separator: tab, header: false, charset: UTF-8 }
            columns: { store: "1", register: "2", ticket: "3", date: "4", time: "5", card: "6", phone: "7",
                       sku: "8", quantity: "9", lineNet: "10" }
            formats: { date: dd.MM.yyyy, time: HH.mm }
            amounts: { minorUnits: true }
            """;

    private FormatTesting() {
    }

    public static PoshubProperties properties(Path mappingsDir) {
        return properties(Path.of("data"), mappingsDir);
    }

    /** The defaults of application.yml, with these dirs and SFTP keys under /keys. */
    public static PoshubProperties properties(Path dataDir, Path mappingsDir) {
        return new PoshubProperties(dataDir, mappingsDir, Path.of("routes"), Duration.ofSeconds(1), "demo",
                new PoshubProperties.Admin(People.ADMIN, People.ADMIN_PASSWORD), java.util.Map.of(),
                new PoshubProperties.Ingest(1000, Duration.ofMillis(500), Duration.ofSeconds(1), 2),
                new PoshubProperties.Sftp(Path.of("/keys/id_ed25519"), Path.of("/keys/known_hosts")),
                new PoshubProperties.EmbeddedDb(0, "poshub"),
                new PoshubProperties.Cluster(false, PoshubProperties.ClusterKind.FILE, null, Duration.ofSeconds(2),
                        new PoshubProperties.Zookeeper(null, Duration.ofSeconds(10), "/poshub"), null));
    }

    /** The line (from 1) of a mapping's YAML that sets {@code key}, at any depth. */
    public static int lineOf(String yaml, String key) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith(key + ":")) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no line sets " + key);
    }

    /** A mapping shipped in {@code mappings/}. */
    /**
     * A built-in layout made as Spring makes it, by its class's name (the layouts are package-private): each of its
     * constructor's parameters given — the Camel context, the CSV limits of the contract.
     */
    public static PosFormat newFormat(String className, org.apache.camel.CamelContext camel) throws Exception {
        java.lang.reflect.Constructor<?> constructor = Class.forName(className).getDeclaredConstructors()[0];
        constructor.setAccessible(true);
        Object[] args = java.util.Arrays.stream(constructor.getParameterTypes())
                .map(type -> type == io.poshub.csv.CsvLimits.class ? io.poshub.csv.CsvLimits.DEFAULT : camel).toArray();
        return (PosFormat) constructor.newInstance(args);
    }

    public static Mapping shipped(String name) {
        return new MappingRepository(properties(Path.of("mappings"))).get(name);
    }

    public static List<ParsedRow> read(PosFormat format, byte[] content, Mapping mapping) {
        List<ParsedRow> rows = new ArrayList<>();
        try (RowReader reader = format.open(() -> new ByteArrayInputStream(content), mapping)) {
            for (ParsedRow r = reader.next(); r != null; r = reader.next()) {
                rows.add(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
