package io.poshub.member;

import io.poshub.common.Utc;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * What a member consented to, and since when (contract §17, §22): each change of {@code marketing_consent} and of
 * {@code receipt_consent} keeps what it
 * became, when, and through which door — the API, a member file, the erasure — in {@code member_consent}.
 */
@NamedInterface("api")
@Component
public class Consents {

    /** The consents the member row holds today; their history is in {@code member_consent}. */
    static final String MARKETING = "MARKETING";
    static final String RECEIPT = "RECEIPT";
    /** How a member may want its receipts (contract §22); NONE by default. */
    static final java.util.Set<String> RECEIPT_CHANNELS = java.util.Set.of("EMAIL", "SMS", "NONE");

    /** Through which door a consent changed. */
    @NamedInterface("api")
    public enum Source { API, IMPORT, ERASURE }

    /** One change of a consent; {@code channel} for a RECEIPT consent (EMAIL, SMS or NONE), else null. */
    @NamedInterface("api")
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ConsentChange(String kind, boolean value, String channel, Instant at, Source source) {
    }

    private final JdbcTemplate jdbc;

    Consents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A member's consent changes, oldest first. */
    public List<ConsentChange> history(long memberId) {
        return jdbc.query("SELECT kind, value, channel, at, source FROM member_consent WHERE member_id = ? ORDER BY at, id",
                (rs, n) -> new ConsentChange(rs.getString(1), rs.getBoolean(2), rs.getString(3), Utc.instant(rs.getTimestamp(4)),
                        Source.valueOf(rs.getString(5))), memberId);
    }

    /** Notes a change of the member's marketing consent, in the caller's transaction. */
    void changed(long memberId, boolean value, Instant at, Source source) {
        jdbc.update("INSERT INTO member_consent (member_id, kind, value, at, source) VALUES (?, ?, ?, ?, ?)",
                memberId, MARKETING, value, Utc.timestamp(at), source.name());
    }

    /** Notes a change of how the member wants its receipts (EMAIL, SMS, NONE), in the caller's transaction. */
    void receiptsChanged(long memberId, String channel, Instant at, Source source) {
        jdbc.update("INSERT INTO member_consent (member_id, kind, value, channel, at, source) VALUES (?, ?, ?, ?, ?, ?)",
                memberId, RECEIPT, !"NONE".equals(channel), channel, Utc.timestamp(at), source.name());
    }

    /**
     * A receipt consent as given (any case, blank for NONE).
     *
     * @throws IllegalArgumentException when it is none of EMAIL, SMS, NONE
     */
    static String receiptChannel(String given) {
        String channel = given == null || given.isBlank() ? "NONE" : given.trim().toUpperCase(java.util.Locale.ROOT);
        if (!RECEIPT_CHANNELS.contains(channel)) {
            throw new IllegalArgumentException("receipt consent must be EMAIL, SMS or NONE, not '" + given + "'");
        }
        return channel;
    }
}
