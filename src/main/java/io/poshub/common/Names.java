package io.poshub.common;

import java.util.regex.Pattern;

/**
 * The names of feeds, mappings and route files (contract §16): {@code [a-z0-9][a-z0-9_-]{0,63}}. A name becomes a
 * file's name under {@code routes/}, {@code mappings/} or the data folder, so nothing else is taken — no dot, no
 * slash, no capital (two files that differ only by case are one file on some disks).
 */
public final class Names {

    public static final String RULE = "[a-z0-9][a-z0-9_-]{0,63}";
    private static final Pattern NAME = Pattern.compile(RULE);

    private Names() {
    }

    public static boolean valid(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * @return the name
     * @throws InvalidField (400) naming the field, showing at most the first 64 characters of what was given
     */
    public static String require(String field, String name) {
        if (!valid(name)) {
            throw new InvalidField(field, "a " + field + " name is " + RULE + " (lower-case letters, digits, '-' and '_', "
                    + "1 to 64 of them), not '" + shown(name) + "'");
        }
        return name;
    }

    /** What was given, printable and cut short: a name in an answer or a log line is never 10 000 characters. */
    public static String shown(String given) {
        if (given == null) {
            return "";
        }
        String printable = given.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 64 ? printable.substring(0, 64) + "…" : printable;
    }
}
