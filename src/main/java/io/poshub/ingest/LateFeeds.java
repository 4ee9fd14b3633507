package io.poshub.ingest;

import io.poshub.alert.Alert;
import io.poshub.alert.Alerts;
import io.poshub.common.Causes;
import io.poshub.common.Utc;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Raises a feed that has gone quiet, the way NiFi's MonitorActivity does: a feed with {@code expect: daily HH:mm} whose
 * file for business day D has not come by HH:mm on D+1 (its mapping's time zone) is LATE until it comes. Late and back
 * are each raised once — one alert for all nodes, as the state lives in {@code feed_watch}, locked while it changes —
 * and shown in {@code /api/feeds}, the feed's MBean, health {@code feeds} and {@code poshub_feed_late{feed}}.
 * <p>
 * The file for D is one whose rows name D (a sales file, a Z-report), or a file without business days (members)
 * received on D+1. Deadlines before a feed was first watched do not count: a new feed is not late for yesterday.
 */
@Component
class LateFeeds {

    private static final Logger log = LoggerFactory.getLogger(LateFeeds.class);

    private final Feeds feeds;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Alerts alerts;
    private final Clock clock;
    private final FeedMetrics metrics;

    LateFeeds(Feeds feeds, JdbcTemplate jdbc, TransactionTemplate tx, Alerts alerts, Clock clock, FeedMetrics metrics) {
        this.feeds = feeds;
        this.jdbc = jdbc;
        this.tx = tx;
        this.alerts = alerts;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** A late feed: the business day whose file has not come, and since when it was due. */
    record Late(LocalDate day, Instant dueSince) {
    }

    @Scheduled(fixedDelayString = "${poshub.feeds.late-check-interval:30s}")
    void checkAll() {
        for (Feeds.Feed feed : feeds.all()) {
            try {
                check(feed);
            } catch (RuntimeException e) {
                log.warn("Feed {}: could not tell whether it is late: {}", feed.name(), Causes.withRoot(e));
            }
        }
    }

    /** Checks one feed now (after each of its files, and on the schedule). */
    void check(String feedName) {
        feeds.find(feedName).ifPresent(this::check);
    }

    /** The feed's lateness as last found by any node, or empty when it is on time or expects nothing. */
    Optional<Late> lateness(String feed) {
        return jdbc.query("SELECT late_for, late_since FROM feed_watch WHERE feed = ? AND late_for IS NOT NULL",
                (rs, n) -> new Late(rs.getDate(1).toLocalDate(), Utc.instant(rs.getTimestamp(2))), feed)
                .stream().findFirst();
    }

    private record Watch(Instant since, LocalDate lateFor) {
    }

    private void check(Feeds.Feed feed) {
        if (feed.expect() == null) {
            return;
        }
        FeedExpectation expectation = FeedExpectation.parse(feed.expect());
        ZoneId zone = feeds.zone(feed);
        Instant now = clock.instant();
        metrics.ensure(feed.name());
        tx.executeWithoutResult(s -> {
            // Takes the row's write lock at once (INSERT IGNORE would take a shared one first, and two nodes deadlock on it).
            jdbc.update("INSERT INTO feed_watch (feed, watched_since) VALUES (?, ?) ON DUPLICATE KEY UPDATE feed = feed",
                    feed.name(), Utc.timestamp(now));
            Watch watch = jdbc.queryForObject("SELECT watched_since, late_for FROM feed_watch WHERE feed = ? FOR UPDATE",
                    (rs, n) -> new Watch(Utc.instant(rs.getTimestamp(1)),
                            rs.getDate(2) == null ? null : rs.getDate(2).toLocalDate()), feed.name());
            LocalDate lateFor = watch.lateFor();
            FeedExpectation.Deadline deadline = expectation.lastPassed(ZonedDateTime.ofInstant(now, zone));
            boolean watchedThen = lateFor != null || !deadline.due().toInstant().isBefore(watch.since());
            boolean isLate = watchedThen && !arrived(feed.name(), deadline.day(), zone);
            if (isLate && lateFor == null) {
                jdbc.update("UPDATE feed_watch SET late_for = ?, late_since = ? WHERE feed = ?", deadline.day(),
                        Utc.timestamp(deadline.due().toInstant()), feed.name());
                alerts.raise(Alert.ofFeed(Alert.Type.FEED_LATE, feed.name(), deadline.day(), "feed " + feed.name()
                        + ": the file for " + deadline.day() + " was due by " + deadline.due() + " and has not come", now));
                log.warn("Feed {} is LATE: no file for {} (due {})", feed.name(), deadline.day(), deadline.due());
            } else if (isLate && !lateFor.equals(deadline.day())) {
                jdbc.update("UPDATE feed_watch SET late_for = ? WHERE feed = ?", deadline.day(), feed.name());
            } else if (!isLate && lateFor != null) {
                jdbc.update("UPDATE feed_watch SET late_for = NULL, late_since = NULL WHERE feed = ?", feed.name());
                alerts.raise(Alert.ofFeed(Alert.Type.FEED_RESTORED, feed.name(), lateFor, "feed " + feed.name()
                        + ": the file for " + lateFor + " has come; the feed is on time again", now));
                log.info("Feed {} is on time again: the file for {} has come", feed.name(), lateFor);
            }
            metrics.late(feed.name(), isLate);
        });
    }

    /** Whether a file of the feed finished for that day: its rows name the day, or it names none and came the day after. */
    private boolean arrived(String feed, LocalDate day, ZoneId zone) {
        Timestamp from = Utc.timestamp(day.plusDays(1).atStartOfDay(zone).toInstant());
        Timestamp to = Utc.timestamp(day.plusDays(2).atStartOfDay(zone).toInstant());
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM import_file
                 WHERE feed = ? AND status IN ('DONE', 'DONE_WITH_REJECTS')
                   AND ((first_business_date <= ? AND last_business_date >= ?)
                        OR (first_business_date IS NULL AND received_at >= ? AND received_at < ?))
                """, Integer.class, feed, day, day, from, to) > 0;
    }

}
