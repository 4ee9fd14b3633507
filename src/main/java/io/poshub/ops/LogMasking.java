package io.poshub.ops;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what could be a member's email, phone or card number in every log line (message and exception
 * text) to its last four characters, whatever code wrote it: the hub logs none on purpose, this makes sure
 * a library's or a database's message does not either.
 */
public final class LogMasking {

    private static final Pattern SENSITIVE = Pattern.compile(
            "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}"              // email
            + "|\\+?\\b\\d{1,4}(?:[ -]\\d{2,8}){1,6}\\b"                  // phone or card written in groups
            + "|(?<!\\.)\\+?\\b\\d{8,19}\\b"                                 // phone / MSISDN / card digits (not a time's fraction)
            + "|(?<!\\.)\\b(?=[0-9A-Z]{10}\\b)(?=[A-Z]*\\d)(?=\\d*[A-Z])[0-9A-Z]{10}\\b"); // 10-character card number (not a time's fraction and its Z)
    /** A date as logs write them (2026-11-02): digits in groups that are not a phone or a card. */
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?:\\D.*)?");

    private LogMasking() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        Matcher m = SENSITIVE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String hit = m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(sensitive(hit) ? masked(hit) : hit));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Whether a hit is a member's: an email or a 10-character card always; digits (in groups or not) when they are 8 to 19
     * of them and not a date — "+47 912 34 567" and "4000-0000-0000-0002" are, "2026-11-02" and "rows 57 of 1000" are not.
     */
    private static boolean sensitive(String hit) {
        if (hit.indexOf('@') >= 0 || (hit.indexOf(' ') < 0 && hit.indexOf('-') < 0)) {
            return true;
        }
        long digits = hit.chars().filter(Character::isDigit).count();
        return digits >= 8 && digits <= 19 && !DATE.matcher(hit).matches();
    }

    /** Every character but the last four digits or letters becomes '*'; spaces and dashes between groups stay. */
    private static String masked(String hit) {
        StringBuilder out = new StringBuilder(hit);
        int kept = 0;
        for (int i = out.length() - 1; i >= 0; i--) {
            char c = out.charAt(i);
            if (c == ' ' || (c == '-' && hit.indexOf('@') < 0)) {
                continue;
            }
            if (kept < 4) {
                kept++;
            } else {
                out.setCharAt(i, '*');
            }
        }
        return out.toString();
    }

    /** {@code %maskedMsg}: the formatted message, masked. */
    public static final class Message extends ClassicConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return mask(event.getFormattedMessage());
        }
    }

    /** {@code %maskedEx}: the exception with its stack trace, masked. */
    public static final class Throwable extends ExtendedThrowableProxyConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return mask(super.convert(event));
        }
    }
}
