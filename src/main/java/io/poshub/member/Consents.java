package io.poshub.member;

import io.poshub.common.Utc;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/**
 * What a member consented to, and since when (contract §17): each change of {@code marketing_consent} keeps what it
 * became, when, and through which door — the API, a member file, the erasure — in {@code member_consent}.
 */
@NamedInterface("api")
@Component
public class Consents {

    /** The consent the member row holds today; its history is in {@code member_consent}. */
    static final String MARKETING = "MARKETING";

    /** Through which door a consent changed. */
    @NamedInterface("api")
    public enum Source { API, IMPORT, ERASURE }

    /** One change of a consent. */
    @NamedInterface("api")
    public record ConsentChange(String kind, boolean value, Instant at, Source source) {
    }

    private final JdbcTemplate jdbc;

    Consents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A member's consent changes, oldest first. */
    public List<ConsentChange> history(long memberId) {
        return jdbc.query("SELECT kind, value, at, source FROM member_consent WHERE member_id = ? ORDER BY at, id",
                (rs, n) -> new ConsentChange(rs.getString(1), rs.getBoolean(2), Utc.instant(rs.getTimestamp(3)),
                        Source.valueOf(rs.getString(4))), memberId);
    }

    /** Notes a change of the member's marketing consent, in the caller's transaction. */
    void changed(long memberId, boolean value, Instant at, Source source) {
        jdbc.update("INSERT INTO member_consent (member_id, kind, value, at, source) VALUES (?, ?, ?, ?, ?)",
                memberId, MARKETING, value, Utc.timestamp(at), source.name());
    }
}
