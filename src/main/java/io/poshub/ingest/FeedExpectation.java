package io.poshub.ingest;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * When a feed's files are due: route parameter {@code expect}, {@code daily HH:mm} — the file for business day D by
 * HH:mm on D+1, in the feed's time zone.
 */
record FeedExpectation(LocalTime dueAt) {

    /** @throws IllegalArgumentException naming the form expected */
    static FeedExpectation parse(String expect) {
        String[] words = expect.trim().toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length == 2 && words[0].equals("daily")) {
            try {
                return new FeedExpectation(LocalTime.parse(words[1]));
            } catch (DateTimeParseException e) {
                // said below
            }
        }
        throw new IllegalArgumentException("expect '" + expect + "' is not 'daily HH:mm' (e.g. daily 06:00: the file for a day by 06:00 the next)");
    }

    /** The last deadline that has passed at {@code now}: its day is the business day whose file was due then. */
    Deadline lastPassed(ZonedDateTime now) {
        ZonedDateTime today = now.toLocalDate().atTime(dueAt).atZone(now.getZone());
        ZonedDateTime due = now.isBefore(today) ? today.minusDays(1) : today;
        return new Deadline(due.toLocalDate().minusDays(1), due);
    }

    /** The file of {@code day} was due at {@code due}. */
    record Deadline(LocalDate day, ZonedDateTime due) {
    }
}
