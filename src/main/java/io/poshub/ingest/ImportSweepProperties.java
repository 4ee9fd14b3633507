package io.poshub.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code poshub.imports.*}: how often unfinished imports are looked at ({@code sweep-interval}, and once at start-up);
 * a folder feed's import that has not moved for {@code stale-after} and whose file is gone from the folder ends FAILED,
 * and so does one of a feed that no longer exists; an SFTP feed's, whose file the hub cannot see between polls, after
 * {@code remote-stale-after}.
 */
@ConfigurationProperties("poshub.imports")
public record ImportSweepProperties(
        @DefaultValue("5m") Duration sweepInterval,
        @DefaultValue("10m") Duration staleAfter,
        @DefaultValue("24h") Duration remoteStaleAfter) {
}
