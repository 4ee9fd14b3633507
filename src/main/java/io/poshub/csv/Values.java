package io.poshub.csv;

import org.springframework.modulith.NamedInterface;

/** Small value rules the formats share. */
@NamedInterface("api")
public final class Values {

    private Values() {
    }

    /** A field as a value: trimmed, and null when it holds nothing. */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The value cut to fit a column of {@code max} characters. */
    public static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
