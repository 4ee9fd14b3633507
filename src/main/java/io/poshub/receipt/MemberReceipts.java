package io.poshub.receipt;

import io.poshub.common.Utc;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;

/** The e-receipts made for a member (contract §17's export): what each was for, by which channel, and what became of it. */
@NamedInterface("api")
@Component
public class MemberReceipts {

    /** One e-receipt: a SALE's or a GIFT_CARD activity's ({@code sourceId}), by EMAIL or SMS; PENDING, SENT or FAILED. */
    @NamedInterface("api")
    @Schema(name = "MemberEReceipt", description = "An e-receipt made for the member: for a SALE or a GIFT_CARD activity (sourceId), "
            + "by EMAIL or SMS; PENDING, SENT or FAILED")
    public record Receipt(long id, String kind, long sourceId, String channel, String state, Instant createdAt, Instant sentAt) {
    }

    private final JdbcTemplate jdbc;

    MemberReceipts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The member's e-receipts, oldest first. */
    public List<Receipt> of(long memberId) {
        return jdbc.query("SELECT id, kind, source_id, channel, state, created_at, sent_at FROM receipt_outbox WHERE member_id = ? ORDER BY id",
                (rs, n) -> new Receipt(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                        Utc.instant(rs.getTimestamp(6)), Utc.instant(rs.getTimestamp(7))), memberId);
    }
}
