package io.poshub.ingest;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code poshub.disk.*}: below {@code min-free} on any data folder (the data dir — inbox, archive, error, the embedded
 * database — and every folder feed's folder) uploads are refused (507) and feeds stop taking files until there is room
 * again; looked at every {@code check-interval}.
 */
@ConfigurationProperties("poshub.disk")
public record DiskProperties(
        @DefaultValue("1GB") DataSize minFree,
        @DefaultValue("10s") Duration checkInterval) {
}
