package io.poshub.payment;

import io.poshub.common.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook as Vipps MobilePay signs them: {@code x-ms-content-sha256} is the Base64 SHA-256 of the
 * body, and {@code Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=…}
 * is the Base64 HMAC-SHA256, with the webhook secret, of
 * {@code POST\n<path and query>\n<x-ms-date>;<host>;<x-ms-content-sha256>}. A date older than the allowed
 * age is a replay.
 */
final class WebhookSignature {

    private WebhookSignature() {
    }

    /**
     * Null when the headers are genuine, else why not: the signature covers the date, the host and the body's hash as
     * the header states it, so a forged request is refused before a byte of its body is read.
     */
    static String headerProblem(String secret, String pathAndQuery, String host, String date, String contentSha256,
                                String authorization, Duration maxAge, Instant now) {
        if (secret == null || secret.isBlank()) {
            return "no webhook secret is configured (poshub.payments.vipps.webhook-secret)";
        }
        if (date == null || contentSha256 == null || authorization == null || host == null) {
            return "x-ms-date, x-ms-content-sha256, host and Authorization are required";
        }
        try {
            Instant sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            if (Duration.between(sent, now).abs().compareTo(maxAge) > 0) {
                return "x-ms-date is older than " + maxAge.toMinutes() + " minutes (a replay?)";
            }
        } catch (DateTimeParseException e) {
            return "x-ms-date is not an RFC 1123 date";
        }
        String expected = "HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature="
                + sign(secret, "POST\n" + pathAndQuery + "\n" + date + ";" + host + ";" + contentSha256);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), authorization.getBytes(StandardCharsets.UTF_8))) {
            return "the signature does not match";
        }
        return null;
    }

    /** Null when the body is the one the signed header hashed, else why not. */
    static String bodyProblem(String contentSha256, byte[] body) {
        String hash = Base64.getEncoder().encodeToString(Hashes.sha256(body));
        if (!MessageDigest.isEqual(hash.getBytes(StandardCharsets.UTF_8), contentSha256.getBytes(StandardCharsets.UTF_8))) {
            return "x-ms-content-sha256 does not match the body";
        }
        return null;
    }

    static String sign(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

}
