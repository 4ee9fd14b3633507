package io.poshub.sale;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Runs {@link ParkedSales#sweep()} every {@code poshub.parked-sweep-interval} (default 1 s). */
@Component
class ParkedSweep {

    private static final Logger log = LoggerFactory.getLogger(ParkedSweep.class);

    private final ParkedSales parked;
    private final long everyMillis;
    private ScheduledExecutorService scheduler;

    ParkedSweep(ParkedSales parked, @Value("${poshub.parked-sweep-interval:1s}") java.time.Duration every) {
        this.parked = parked;
        this.everyMillis = every.toMillis();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "poshub-parked-sweep");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                int booked = parked.sweep();
                if (booked > 0) {
                    log.info("Parked-sales sweep booked {} sale(s)", booked);
                }
            } catch (RuntimeException e) {
                log.warn("Parked-sales sweep failed: {}", e.getMessage());
            }
        }, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
