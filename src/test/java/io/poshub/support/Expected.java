package io.poshub.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/** {@code samples/EXPECTED.json}: the counts each sample must end with, and the points. */
public final class Expected {

    private static final JsonNode ROOT = read();

    private Expected() {
    }

    /** The import_file counts of a sample file, by column name (rows_total, sales_booked, …). */
    public static Map<String, Integer> counts(String file) {
        Map<String, Integer> counts = new TreeMap<>();
        ROOT.path("files").path(file).properties().forEach(e -> counts.put(e.getKey(), e.getValue().asInt()));
        if (counts.isEmpty()) {
            throw new IllegalArgumentException("EXPECTED.json has no file " + file);
        }
        return counts;
    }

    /** Points each member earns from the given sample files together, by external id. */
    public static Map<String, Long> pointsFrom(String... files) {
        Map<String, Long> points = new TreeMap<>();
        for (String file : files) {
            ROOT.path("file_points").path(file).properties()
                    .forEach(e -> points.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        }
        return points;
    }

    /** Every member's balance after all sample files, by external id. */
    public static Map<String, Long> finalPoints() {
        Map<String, Long> points = new TreeMap<>();
        ROOT.path("points").properties().forEach(e -> points.put(e.getKey(), e.getValue().asLong()));
        return points;
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(HubTest.SAMPLES.resolve("EXPECTED.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
