package io.poshub.rights;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code poshub.retention.*} (contract §17): how long raw data is kept, as ISO-8601 durations — the raw text of rejected
 * lines ({@code rejects}), the files kept in archive/ and error/ ({@code archive}), parked sales no member came for
 * ({@code parked}) — when the daily sweep runs ({@code cron}, UTC) and how many rows it changes per transaction.
 */
@ConfigurationProperties("poshub.retention")
record RetentionProperties(@DefaultValue("P90D") Duration rejects, @DefaultValue("P90D") Duration archive,
                           @DefaultValue("P180D") Duration parked, @DefaultValue("0 30 3 * * *") String cron,
                           @DefaultValue("5000") int batch) {

    RetentionProperties {
        for (Duration d : new Duration[] {rejects, archive, parked}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("poshub.retention durations must not be negative, not " + d);
            }
        }
        if (batch < 1) {
            throw new IllegalArgumentException("poshub.retention.batch must be at least 1, not " + batch);
        }
    }
}
