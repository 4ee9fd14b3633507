package io.poshub.member;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.modulith.NamedInterface;

/**
 * What identified an erased member, held only while the erasure runs: its cards, phones (E.164), e-mails and external
 * ids (the keys) and its names — and how each is found again in text the hub kept (a rejected line, an archived file, an
 * error message) as a till or a member file may have written it: a card with spaces or dashes, a phone with or without
 * its country code and with any grouping, an e-mail in any case.
 *
 * <p>A line names the member when a key is found in it ({@link #foundIn}: a squeezed substring first, then the exact
 * expression); in such a line every field equal to a key or a name is blanked ({@link #redactFields}). Outside
 * CSV lines (free text) only the keys are blanked ({@link #redactText}): a name alone says too little to blank it.
 */
@NamedInterface("api")
public final class PersonalValues {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Pattern FIELD_SEPARATORS = Pattern.compile("[,;\\t|]");
    private static final String ERASED = "[erased]";

    private final Set<String> cards;
    private final Set<String> phones;
    private final Set<String> emails;
    private final Set<String> externalIds;
    private final Set<String> names;
    private final Set<String> namesAsBytes;
    private final Pattern keys;
    private final List<String> needles;

    public PersonalValues(Set<String> cards, Set<String> phones, Set<String> emails, Set<String> externalIds, Set<String> names) {
        this.cards = Set.copyOf(cards);
        this.phones = Set.copyOf(phones);
        this.emails = Set.copyOf(emails);
        this.externalIds = Set.copyOf(externalIds);
        this.names = Set.copyOf(names);
        Set<String> asBytes = new LinkedHashSet<>(names);
        names.forEach(n -> asBytes.add(new String(n.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
        this.namesAsBytes = Set.copyOf(asBytes);
        String keyPattern = keyPatternOf(this.cards, this.phones, this.emails, this.externalIds);
        this.keys = keyPattern == null ? null : Pattern.compile(keyPattern);
        List<String> squeezed = new ArrayList<>();
        this.cards.forEach(card -> squeezed.add(squeeze(card)));
        this.phones.forEach(phone -> squeezed.add(national(phone)));
        this.emails.forEach(email -> squeezed.add(squeeze(email)));
        this.externalIds.forEach(id -> squeezed.add(squeeze(id)));
        this.needles = squeezed.stream().filter(n -> !n.isEmpty()).distinct().toList();
    }

    /** The characters a key may be written with between its own, which {@link #squeeze} drops. */
    private static final String SEPARATORS = " ./()-";

    /**
     * Text without {@link #SEPARATORS}, in lower case: each key, however a till groups or cases it, is a plain substring
     * of its text squeezed so — a test far cheaper than the expression, made first on every line.
     */
    static String squeeze(CharSequence text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (SEPARATORS.indexOf(c) < 0) {
                out.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : Character.toLowerCase(c));
            }
        }
        return out.toString();
    }

    /**
     * The SQL that squeezes a column as {@link #squeeze} does, for a REGEXP of {@link #squeezedPattern()}: a cheap first
     * pass over a table, whose rows then go through {@link #foundIn}. {@code column} is a fixed identifier of the caller's.
     */
    public static String squeezedSql(String column) {
        String sql = column;
        for (char c : SEPARATORS.toCharArray()) {
            sql = "REPLACE(" + sql + ", '" + c + "', '')";
        }
        return "LOWER(" + sql + ")";
    }

    /** The squeezed keys as one alternation of literals (for a REGEXP on {@link #squeezedSql}); null when there are none. */
    public String squeezedPattern() {
        return needles.isEmpty() ? null : needles.stream().map(PersonalValues::literal).collect(Collectors.joining("|"));
    }

    public Set<String> cards() {
        return cards;
    }

    public Set<String> phones() {
        return phones;
    }

    public Set<String> emails() {
        return emails;
    }

    public Set<String> externalIds() {
        return externalIds;
    }

    public Set<String> names() {
        return names;
    }

    public boolean isEmpty() {
        return cards.isEmpty() && phones.isEmpty() && emails.isEmpty() && externalIds.isEmpty();
    }

    /** An expression that finds any key in text however it is written, case-insensitively; null when there are no keys. */
    private static String keyPatternOf(Set<String> cards, Set<String> phones, Set<String> emails, Set<String> externalIds) {
        List<String> parts = new ArrayList<>();
        cards.forEach(card -> parts.add("(?<![0-9A-Za-z])" + spaced(card, "[ -]?") + "(?![0-9A-Za-z])"));
        phones.forEach(phone -> parts.add(phonePattern(phone)));
        emails.forEach(email -> parts.add(literal(email)));
        externalIds.forEach(id -> parts.add("(?<![0-9A-Za-z])" + literal(id) + "(?![0-9A-Za-z])"));
        return parts.isEmpty() ? null : "(?i)(?:" + String.join("|", parts) + ")";
    }

    /** Whether the text holds a key. */
    public boolean foundIn(String text) {
        if (keys == null || text == null) {
            return false;
        }
        String squeezed = squeeze(text);
        return needles.stream().anyMatch(squeezed::contains) && keys.matcher(text).find();
    }

    /**
     * A CSV line with its fields that equal a key or a name (quotes and spaces aside) made empty; unchanged when no
     * key is in it. Separators, quotes and the other fields stay as they were, so the line still reads as the same row.
     */
    public String redactFields(String line) {
        if (!foundIn(line)) {
            return line;
        }
        StringBuilder out = new StringBuilder(line.length());
        Matcher separators = FIELD_SEPARATORS.matcher(line);
        int start = 0;
        while (true) {
            boolean more = separators.find();
            int end = more ? separators.start() : line.length();
            out.append(redactField(line.substring(start, end)));
            if (!more) {
                break;
            }
            out.append(separators.group());
            start = separators.end();
        }
        String redacted = out.toString();
        // A key written across fields or inside a longer field (an e-mail in a note) is still blanked.
        return keys.matcher(redacted).replaceAll("");
    }

    /** Free text with every key replaced by {@code [erased]}. */
    public String redactText(String text) {
        return !foundIn(text) ? text : keys.matcher(text).replaceAll(Matcher.quoteReplacement(ERASED));
    }

    private String redactField(String field) {
        String trimmed = field.strip();
        String quote = trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"") ? "\"" : "";
        String value = quote.isEmpty() ? trimmed : trimmed.substring(1, trimmed.length() - 1).strip();
        if (value.isEmpty()) {
            return field;
        }
        boolean personal = cards.contains(MemberKeys.card(value))
                || emails.contains(MemberKeys.email(value))
                || externalIds.contains(value)
                || namesAsBytes.stream().anyMatch(name -> name.equalsIgnoreCase(value))
                || phones.stream().anyMatch(phone -> samePhone(phone, value));
        return personal ? quote + quote : field;
    }

    private static boolean samePhone(String e164, String written) {
        String digits = written.replaceAll("[^0-9]", "");
        if (digits.length() < 5) {
            return false;
        }
        String all = e164.substring(1);
        return all.equals(digits) || ("00" + all).equals(digits) || national(e164).equals(digits.replaceFirst("^0", ""));
    }

    /** The national number with any grouping, after an optional country code (+47, 0047) or trunk zero. */
    private static String phonePattern(String e164) {
        String national = national(e164);
        String country = e164.substring(1, e164.length() - national.length());
        return "(?<![0-9])(?:(?:\\+|00)[ ]?" + country + "[ .-]?(?:\\(0\\)[ ]?)?|0)?" + spaced(national, "[ ./()-]{0,2}") + "(?![0-9])";
    }

    private static String national(String e164) {
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(e164, "ZZ");
            return PHONES.getNationalSignificantNumber(number);
        } catch (NumberParseException e) {
            return e164.substring(1);
        }
    }

    private static String spaced(String value, String between) {
        return value.chars().mapToObj(c -> literal(String.valueOf((char) c))).collect(Collectors.joining(between));
    }

    /** A literal in an expression both Java and PCRE read the same way: letters and digits as they are, the rest escaped. */
    private static String literal(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (Character.isLetterOrDigit(c) && c < 128) {
                out.append(c);
            } else if (c < 128) {
                out.append('\\').append(c);
            } else {
                out.append(String.format(Locale.ROOT, "\\x{%04X}", (int) c));
            }
        }
        return out.toString();
    }
}
