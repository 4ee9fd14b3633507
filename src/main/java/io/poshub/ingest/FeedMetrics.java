package io.poshub.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.poshub.common.Utc;
import jakarta.annotation.PreDestroy;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Each feed in JMX ({@code poshub:type=feed,name=<feed>}, next to Camel's own MBeans) and in Micrometer
 * (files, rows and sales by outcome per feed). The MBean reads the {@code import_file} rows, so it tells
 * the same story as the API and survives restarts.
 */
@Component
public class FeedMetrics {

    private static final Logger log = LoggerFactory.getLogger(FeedMetrics.class);

    private final JdbcTemplate jdbc;
    private final MeterRegistry meters;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Set<ObjectName> registered = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> late = new ConcurrentHashMap<>();

    public FeedMetrics(JdbcTemplate jdbc, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.meters = meters;
    }

    /** Registers the feed's MBean unless this application already has. */
    public void ensure(String feed) {
        try {
            // Feed names are letters, digits, '-', '_' and '.' only (FeedDefinitions): safe unquoted.
            ObjectName name = new ObjectName("poshub:type=feed,name=" + feed);
            if (registered.contains(name)) {
                return;
            }
            if (server.isRegistered(name)) {
                server.unregisterMBean(name); // left by an earlier application context in this JVM
            }
            server.registerMBean(new javax.management.StandardMBean(new FeedStats(feed), FeedStatsMBean.class), name);
            registered.add(name);
        } catch (JMException e) {
            log.warn("Could not register the JMX MBean of feed {}: {}", feed, e.getMessage());
        }
    }

    /** {@code poshub_feed_late}: 1 while the feed's file for the last due day has not come. */
    public void late(String feed, boolean isLate) {
        late.computeIfAbsent(feed, f -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder("poshub_feed_late", value, AtomicInteger::get).tag("feed", f)
                    .description("1 while the feed's file for the last due day has not come").register(meters);
            return value;
        }).set(isLate ? 1 : 0);
    }

    /** Counts a finished file in Micrometer: poshub.files, poshub.rows and poshub.sales, tagged by feed and outcome. */
    public void finished(String feed, ImportStatus status, long rowsAccepted, long rowsRejected, long booked, long duplicate,
                         long parked, long anonymous) {
        Counter.builder("poshub.files").tag("feed", feed).tag("status", status.name()).register(meters).increment();
        add("poshub.rows", feed, "accepted", rowsAccepted);
        add("poshub.rows", feed, "rejected", rowsRejected);
        add("poshub.sales", feed, "booked", booked);
        add("poshub.sales", feed, "duplicate", duplicate);
        add("poshub.sales", feed, "parked", parked);
        add("poshub.sales", feed, "anonymous", anonymous);
    }

    private void add(String name, String feed, String outcome, long amount) {
        Counter.builder(name).tag("feed", feed).tag("outcome", outcome).register(meters).increment(amount);
    }

    @PreDestroy
    void unregister() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                log.debug("MBean {} was gone already", name);
            }
        }
    }

    private final class FeedStats implements FeedStatsMBean {

        private final String feed;

        FeedStats(String feed) {
            this.feed = feed;
        }

        private long sum(String column) {
            Long value = jdbc.queryForObject("SELECT COALESCE(SUM(" + column + "), 0) FROM import_file WHERE feed = ?", Long.class, feed);
            return value == null ? 0 : value;
        }

        @Override
        public long getFilesProcessed() {
            return jdbc.queryForObject("SELECT COUNT(*) FROM import_file WHERE feed = ? AND finished_at IS NOT NULL", Long.class, feed);
        }

        @Override
        public long getRowsRejected() {
            return sum("rows_rejected");
        }

        @Override
        public long getSalesBooked() {
            return sum("sales_booked");
        }

        @Override
        public long getSalesDuplicate() {
            return sum("sales_duplicate");
        }

        @Override
        public long getSalesParked() {
            return sum("sales_parked");
        }

        @Override
        public String getLastFileAt() {
            return jdbc.queryForList("SELECT MAX(finished_at) FROM import_file WHERE feed = ?", java.sql.Timestamp.class, feed)
                    .stream().filter(java.util.Objects::nonNull).findFirst()
                    .map(t -> Utc.instant(t).toString()).orElse("");
        }

        @Override
        public String getLastError() {
            return jdbc.queryForList("SELECT error FROM import_file WHERE feed = ? AND error IS NOT NULL AND status <> 'DUPLICATE_FILE' "
                    + "ORDER BY id DESC LIMIT 1", String.class, feed).stream().findFirst().orElse("");
        }

        @Override
        public boolean isLate() {
            return !getLateFor().isEmpty();
        }

        @Override
        public String getLateFor() {
            return jdbc.queryForList("SELECT late_for FROM feed_watch WHERE feed = ? AND late_for IS NOT NULL", String.class, feed)
                    .stream().findFirst().orElse("");
        }
    }
}
