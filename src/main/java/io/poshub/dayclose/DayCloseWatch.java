package io.poshub.dayclose;

import io.poshub.common.Utc;
import io.poshub.alert.Alert;
import io.poshub.alert.Alerts;
import io.poshub.common.StoreActivity;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps every store-day's close current. Whatever books a part of a store-day (a sales chunk, a Z-report, a payment, a
 * gift-card or points movement) marks it in {@code day_close_pending}, in its own transaction; every
 * {@code poshub.day-close.interval} the marked store-days that have been quiet for {@code settle} (or waited
 * {@code max-wait}) are computed again and their status kept in {@code day_close}. A store-day turning MISMATCH or MISSING_SALES raises one alert: the status row is locked while it
 * changes, so two nodes computing the same store-day raise it once. A drawer over or short beyond
 * {@code cash-tolerance} raises {@code CASH_OVER_SHORT} once for each new set of such drawers, under the same lock.
 */
@Component
class DayCloseWatch {

    private static final Logger log = LoggerFactory.getLogger(DayCloseWatch.class);
    private static final int BATCH = 100;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final DayClose dayClose;
    private final Alerts alerts;
    private final DayCloseProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;

    DayCloseWatch(JdbcTemplate jdbc, TransactionTemplate tx, DayClose dayClose, Alerts alerts, DayCloseProperties properties,
                  Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
        this.tx = tx;
        this.dayClose = dayClose;
        this.alerts = alerts;
        this.properties = properties;
        this.clock = clock;
    }

    @EventListener
    void on(StoreActivity activity) {
        LocalDate day = activity.businessDate() != null ? activity.businessDate()
                : activity.at().atZone(properties.timezone()).toLocalDate();
        touch(activity.merchant(), activity.store(), day);
    }

    /** Marks a store-day for computing again, in the caller's transaction. */
    void touch(String merchant, String store, LocalDate day) {
        jdbc.update("""
                INSERT INTO day_close_pending (merchant, store, business_date) VALUES (?, ?, ?)
                ON DUPLICATE KEY UPDATE touches = touches + 1, touched_at = UTC_TIMESTAMP(3)
                """, merchant, store, day);
    }

    private record Pending(String merchant, String store, LocalDate date, int touches) {
    }

    @Scheduled(fixedDelayString = "${poshub.day-close.interval:5s}")
    void computePending() {
        // A store-day a file is still booking into waits until the file is done (quiet for settle), or max-wait at most.
        List<Pending> pending = jdbc.query("""
                SELECT merchant, store, business_date, touches FROM day_close_pending
                 WHERE touched_at <= UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND
                    OR pending_since <= UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND
                 ORDER BY touched_at LIMIT ?
                """, (rs, n) -> new Pending(rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate(), rs.getInt(4)),
                micros(properties.settle()), micros(properties.maxWait()), BATCH);
        for (Pending p : pending) {
            try {
                tx.executeWithoutResult(s -> compute(p));
            } catch (RuntimeException e) {
                log.warn("Day close of store {} ({}) on {} not computed, tried again next time: {}", p.store(), p.merchant(),
                        p.date(), e.getMessage());
            }
        }
    }

    /** Computes the store-day, keeps its status, raises an alert when it turns MISMATCH or MISSING_SALES. */
    private void compute(Pending p) {
        DayClose.Computed computed = dayClose.computed(p.merchant(), p.store(), p.date());
        DayClose.StoreDay day = computed.day();
        // Write-locks the row at once, new or not: two nodes never both read the status before they change it.
        jdbc.update("""
                INSERT INTO day_close (merchant, store, business_date, status, computed_at) VALUES (?, ?, ?, 'NEW', ?)
                ON DUPLICATE KEY UPDATE status = status
                """,
                p.merchant(), p.store(), p.date(), Utc.timestamp(clock.instant()));
        Map<String, Object> last = jdbc.queryForMap(
                "SELECT status, cash_off FROM day_close WHERE merchant = ? AND store = ? AND business_date = ? FOR UPDATE",
                p.merchant(), p.store(), p.date());
        String before = (String) last.get("status");
        String cashOff = cashOff(day, properties.cashTolerance());
        jdbc.update("UPDATE day_close SET status = ?, cash_off = ?, computed_at = ? WHERE merchant = ? AND store = ? AND business_date = ?",
                day.status().name(), cashOff, Utc.timestamp(clock.instant()), p.merchant(), p.store(), p.date());
        // Marked again while this ran: it stays pending, and waits afresh.
        if (jdbc.update("DELETE FROM day_close_pending WHERE merchant = ? AND store = ? AND business_date = ? AND touches = ?",
                p.merchant(), p.store(), p.date(), p.touches()) == 0) {
            jdbc.update("UPDATE day_close_pending SET pending_since = UTC_TIMESTAMP(3) WHERE merchant = ? AND store = ? AND business_date = ?",
                    p.merchant(), p.store(), p.date());
        }
        events.publishEvent(new StoreDayComputed(p.merchant(), p.store(), p.date(), day.status(), computed.zMapping()));
        if (cashOff != null && !cashOff.equals(last.get("cash_off"))) {
            alerts.raise(Alert.ofDay(Alert.Type.CASH_OVER_SHORT, p.merchant(), p.store(), p.date(),
                    "store " + p.store() + " on " + p.date() + ": cash over (+) or short (-) beyond "
                            + properties.cashTolerance().toPlainString() + " at " + cashOff, clock.instant()));
        }
        if (day.status().name().equals(before)) {
            return;
        }
        Alert.Type type = switch (day.status()) {
            case MISMATCH -> Alert.Type.DAY_MISMATCH;
            case MISSING_SALES -> Alert.Type.DAY_MISSING_SALES;
            default -> null;
        };
        if (type != null) {
            alerts.raise(Alert.ofDay(type, p.merchant(), p.store(), p.date(), describe(day), clock.instant()));
        }
        log.info("Day close of store {} ({}) on {}: {} (was {})", p.store(), p.merchant(), p.date(), day.status(), before);
    }

    /**
     * The registers whose drawer is over or short by more than the tolerance, as {@code register 2 -50.00, register 3
     * +10.00}; null when none is. Kept in {@code day_close.cash_off}: an alert is raised when it changes to something.
     */
    static String cashOff(DayClose.StoreDay day, BigDecimal tolerance) {
        String off = day.registers().stream()
                .filter(r -> r.cash() != null && r.cash().overShort() != null && r.cash().overShort().abs().compareTo(tolerance) > 0)
                .map(r -> "register " + r.register() + " " + (r.cash().overShort().signum() > 0 ? "+" : "")
                        + r.cash().overShort().toPlainString())
                .collect(Collectors.joining(", "));
        return off.isEmpty() ? null : off.length() > 500 ? off.substring(0, 499) + "…" : off;
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1_000;
    }

    /** One line an operator can act on: what is missing, which tenders are off and by how much. */
    static String describe(DayClose.StoreDay day) {
        StringBuilder text = new StringBuilder("store " + day.store() + " on " + day.date() + " is " + day.status());
        for (DayClose.RegisterDay r : day.registers()) {
            if (!r.missingTickets().isEmpty()) {
                text.append("; register ").append(r.register()).append(" is missing tickets ").append(String.join(", ", r.missingTickets()));
            } else if (r.zTicketCount() != null && r.receivedTickets() != r.zTicketCount()) {
                text.append("; register ").append(r.register()).append(": ").append(r.receivedTickets()).append(" of ")
                        .append(r.zTicketCount()).append(" tickets received");
            }
        }
        String off = day.tenders().stream().filter(t -> t.label() != null)
                .map(t -> t.tender() + " " + t.difference().toPlainString() + " (" + t.label() + ")")
                .collect(Collectors.joining(", "));
        if (!off.isEmpty()) {
            text.append("; ").append(off);
        }
        DayClose.Terminals terminals = day.terminals();
        if (terminals != null && terminals.label() != null) {
            text.append("; ").append(terminals.label()).append(": the card terminals settled ").append(terminals.settled().toPlainString())
                    .append(", the sales' card tenders are ").append(terminals.cardTendered().toPlainString());
            if (!terminals.candidates().isEmpty()) {
                text.append(" (perhaps ").append(String.join(", ", terminals.candidates())).append(")");
            }
        }
        return text.toString();
    }

}
