package io.poshub.loyalty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Spending points: a negative REDEEM entry, refused when the balance is short. The member's row is locked
 * while the balance is read and the entry written, so concurrent redemptions never overdraw. The first
 * answer to an Idempotency-Key is kept and given again to every replay, which deducts nothing.
 */
@Service
public class Redemptions {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    public Redemptions(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
    }

    /** An answer to a redemption request: the HTTP status and the JSON body, as first given. */
    public record Answer(int status, String body) {
    }

    public Answer redeem(long memberId, long points, String reference, String idempotencyKey) {
        if (points <= 0) {
            throw new IllegalArgumentException("points must be a positive whole number");
        }
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 100) {
            throw new IllegalArgumentException("an Idempotency-Key header (1-100 characters) is required, so a retry never redeems twice");
        }
        try {
            return tx.execute(status -> {
                // Lock first: InnoDB's snapshot starts at the first plain read, so everything read after the
                // lock sees what the redemption before us committed.
                jdbc.queryForObject("SELECT id FROM member WHERE id = ? FOR UPDATE", Long.class, memberId);
                Answer replay = stored(memberId, idempotencyKey);
                if (replay != null) {
                    return replay;
                }
                long balance = jdbc.queryForObject("SELECT COALESCE(SUM(delta), 0) FROM points_entry WHERE member_id = ?",
                        Long.class, memberId);
                Answer answer;
                if (balance < points) {
                    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                            "The balance of " + balance + " points is short of the " + points + " points asked; nothing was redeemed.");
                    problem.setTitle("Balance too low");
                    problem.setProperty("balance", balance);
                    answer = new Answer(409, write(problem));
                } else {
                    jdbc.update("INSERT INTO points_entry (member_id, delta, reason, reference) VALUES (?, ?, 'REDEEM', ?)",
                            memberId, -points, reference);
                    long entryId = jdbc.queryForObject("SELECT LAST_INSERT_ID()", Long.class);
                    answer = new Answer(201, write(Map.of("entryId", entryId, "memberId", memberId, "points", points,
                            "reference", reference == null ? "" : reference, "balance", balance - points)));
                }
                jdbc.update("INSERT INTO redemption_request (member_id, idempotency_key, http_status, body) VALUES (?, ?, ?, ?)",
                        memberId, idempotencyKey, answer.status(), answer.body());
                return answer;
            });
        } catch (DuplicateKeyException e) {
            // The same key raced in from another request and won: its answer is the answer.
            return tx.execute(status -> stored(memberId, idempotencyKey));
        }
    }

    private Answer stored(long memberId, String key) {
        List<Answer> found = jdbc.query("SELECT http_status, body FROM redemption_request WHERE member_id = ? AND idempotency_key = ?",
                (rs, n) -> new Answer(rs.getInt(1), rs.getString(2)), memberId, key);
        return found.isEmpty() ? null : found.get(0);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
