package io.poshub.member;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/** The {@code member} table and each member's balance. */
@Repository
public class MemberRepository {

    private static final String SELECT = """
            SELECT m.id, m.merchant, m.external_id, m.card_number, m.phone_e164, m.email, m.first_name, m.last_name,
                   m.tier, m.status, m.created_at,
                   COALESCE((SELECT SUM(p.delta) FROM points_entry p WHERE p.member_id = m.id), 0) AS balance
              FROM member m
            """;

    private static final RowMapper<Member> MEMBER = MemberRepository::member;

    private final JdbcTemplate jdbc;

    public MemberRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Member> findById(long id) {
        return jdbc.query(SELECT + " WHERE m.id = ?", MEMBER, id).stream().findFirst();
    }

    /** Members of a merchant whose (normalised) key equals the value; any status. */
    public List<Member> findByKey(String merchant, MemberKey key, String value) {
        return jdbc.query(SELECT + " WHERE m.merchant = ? AND m." + key.column() + " = ? ORDER BY m.id", MEMBER, merchant, value);
    }

    /** Up to two ACTIVE member ids for a key: enough to tell one from several. */
    List<Long> activeIdsByKey(String merchant, MemberKey key, String value) {
        return jdbc.queryForList("SELECT id FROM member WHERE merchant = ? AND status = 'ACTIVE' AND "
                + key.column() + " = ? LIMIT 2", Long.class, merchant, value);
    }

    /** Inserts the member or, when its external id is known at the merchant, updates it. */
    void upsert(String merchant, String externalId, String card, String phone, String email,
                String firstName, String lastName, String tier) {
        jdbc.update("""
                INSERT INTO member (merchant, external_id, card_number, phone_e164, email, first_name, last_name, tier)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE card_number = VALUES(card_number), phone_e164 = VALUES(phone_e164),
                    email = VALUES(email), first_name = VALUES(first_name), last_name = VALUES(last_name),
                    tier = VALUES(tier)
                """, merchant, externalId, card, phone, email, firstName, lastName, tier);
    }

    private static Member member(ResultSet rs, int row) throws SQLException {
        Timestamp created = rs.getTimestamp("created_at");
        return new Member(rs.getLong("id"), rs.getString("merchant"), rs.getString("external_id"),
                rs.getString("card_number"), rs.getString("phone_e164"), rs.getString("email"),
                rs.getString("first_name"), rs.getString("last_name"), rs.getString("tier"), rs.getString("status"),
                rs.getLong("balance"),
                created == null ? null : created.toLocalDateTime().toInstant(ZoneOffset.UTC));
    }
}
