package io.poshub.journal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code poshub.journal.*} (contract §22): where each journal version is sent ({@code endpoint}, any Camel URI — a
 * folder, SFTP, HTTP; none by default: versions are kept and wait), how often waiting versions are tried, and the longest
 * wait between tries of an endpoint that refuses.
 */
@ConfigurationProperties("poshub.journal")
record JournalProperties(
        @DefaultValue("") String endpoint,
        @DefaultValue("5s") Duration sendInterval,
        @DefaultValue("5m") Duration maxBackoff) {
}
