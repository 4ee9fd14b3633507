package io.poshub.receipt;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code poshub.receipts.*} (contract §22): how old a sale may be when booked and still get its receipt ({@code max-age}),
 * how often a receipt is tried before it is FAILED ({@code max-tries}), the waits between tries ({@code backoff},
 * doubling up to {@code max-backoff}), how long a node holds the receipts it took to send ({@code claim-for}: a node
 * that died frees its own after that), where the merchants' templates are ({@code templates-dir}; by default
 * {@code receipts/} beside the mappings folder), the SMTP server for e-mail and the URL SMS are POSTed to. A channel
 * whose server is not set keeps its receipts PENDING.
 */
@ConfigurationProperties("poshub.receipts")
record ReceiptProperties(
        @DefaultValue("P2D") Duration maxAge,
        @DefaultValue("8") int maxTries,
        @DefaultValue("5s") Duration sendInterval,
        @DefaultValue("30s") Duration backoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("5m") Duration claimFor,
        Path templatesDir,
        @DefaultValue Mail mail,
        @DefaultValue Sms sms) {

    /** The SMTP server receipts are mailed through. */
    record Mail(@DefaultValue("") String host, @DefaultValue("25") int port, @DefaultValue("") String username,
                @DefaultValue("") String password, @DefaultValue("") String from, @DefaultValue("false") boolean starttls) {
    }

    /** The SMS provider: {@code {to, text}} as JSON POSTed to {@code url}, with {@code token} as a bearer token when set. */
    record Sms(@DefaultValue("") String url, @DefaultValue("") String token) {
    }
}
