package io.poshub.receipt;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** What the sender makes of a failed try: whether to try again, when, and the reason it keeps — never with an address. */
class ReceiptSenderTest {

    @Test
    void aProvidersRefusalIsForGoodButATimeOutARateLimitAnOutageOrAMailboxFullAreTriedAgain() throws Exception {
        assertThat(ReceiptSender.refused(http(400))).isTrue();
        assertThat(ReceiptSender.refused(http(404))).isTrue();
        assertThat(ReceiptSender.refused(http(408))).isFalse();
        assertThat(ReceiptSender.refused(http(429))).isFalse();
        assertThat(ReceiptSender.refused(http(503))).isFalse();
        assertThat(ReceiptSender.refused(new ReceiptSender.Refused("member 4 was erased"))).isTrue();
        // The server refused the recipient (5xx to RCPT TO): the address is bad; it took none but for now (4xx): later.
        InternetAddress[] one = {new InternetAddress("ann@shop.example")};
        assertThat(ReceiptSender.refused(new CamelExecutionException("sending", null,
                new SendFailedException("Invalid Addresses", null, new InternetAddress[0], new InternetAddress[0], one)))).isTrue();
        assertThat(ReceiptSender.refused(new CamelExecutionException("sending", null,
                new SendFailedException("Try later", null, new InternetAddress[0], one, new InternetAddress[0])))).isFalse();
        assertThat(ReceiptSender.refused(new IllegalStateException("Couldn't connect to host"))).isFalse();
    }

    @Test
    void theReasonKeptNamesNoAddressNorNumber() {
        String error = "550 5.1.1 <ann@shop.example>: Recipient address rejected; also bob@x.example and +47 412 34 567 or 41234567";
        String scrubbed = ReceiptSender.scrub(error, "ann@shop.example");
        assertThat(scrubbed).startsWith("550 5.1.1 <(the member's address)>: Recipient address rejected")
                .doesNotContain("ann@", "bob@", "412 34 567", "41234567");
        assertThat(ReceiptSender.scrub("x".repeat(800), null)).hasSize(500);
        assertThat(ReceiptSender.reason(new CamelExecutionException("Exception occurred during execution on the exchange", null,
                new HttpOperationFailedException("http://sms", 400, "Bad Request", null, null, "{\"error\":\"no such number\"}"))))
                .isEqualTo("the SMS provider answered 400: {\"error\":\"no such number\"}");
    }

    @Test
    void theWaitDoublesFromTheFirstAndStopsAtTheLongest() {
        ReceiptSender sender = new ReceiptSender(null, null, null, null, new ReceiptProperties(Duration.ofDays(2), 8, Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(5), null, null, null), null, null);
        assertThat(sender.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(sender.backoff(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(sender.backoff(4)).isEqualTo(Duration.ofMinutes(4));
        assertThat(sender.backoff(8)).isEqualTo(Duration.ofHours(1));
        assertThat(sender.backoff(100)).isEqualTo(Duration.ofHours(1));
    }

    private static Exception http(int status) {
        return new CamelExecutionException("sending", null, new HttpOperationFailedException("http://sms", status, "status", null, null, ""));
    }
}
