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
            + "|\\+?\\b\\d{8,19}\\b"                                          // phone / MSISDN / card digits
            + "|\\b(?=[0-9A-Z]{10}\\b)(?=[A-Z]*\\d)(?=\\d*[A-Z])[0-9A-Z]{10}\\b"); // 10-character card number

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
            int keep = Math.min(4, hit.length());
            m.appendReplacement(out, Matcher.quoteReplacement("*".repeat(hit.length() - keep) + hit.substring(hit.length() - keep)));
        }
        m.appendTail(out);
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
