package io.poshub.csv;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.modulith.NamedInterface;
import org.springframework.util.unit.DataSize;

/**
 * {@code poshub.csv.*}: how long one CSV record may be and how many fields it may have (contract §16). A record past
 * either is a rejected row {@code LINE_TOO_LONG}, never held whole in memory; the file goes on with the next record.
 * Counted in characters as read (a 64 KB limit holds 65 536 characters).
 */
@NamedInterface("api")
@ConfigurationProperties("poshub.csv")
public record CsvLimits(@DefaultValue("64KB") DataSize maxLine, @DefaultValue("512") int maxFields) {

    /** The contract's defaults, for readers built outside the application (tests, tools). */
    public static final CsvLimits DEFAULT = new CsvLimits(DataSize.ofKilobytes(64), 512);

    public CsvLimits {
        if (maxLine.toBytes() < 1024 || maxLine.toBytes() > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("poshub.csv.max-line must be between 1KB and 1GB, not " + maxLine);
        }
        if (maxFields < 1) {
            throw new IllegalArgumentException("poshub.csv.max-fields must be at least 1, not " + maxFields);
        }
    }

    int maxLineChars() {
        return (int) maxLine.toBytes();
    }
}
