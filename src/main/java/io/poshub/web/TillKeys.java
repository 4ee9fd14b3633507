package io.poshub.web;

import io.poshub.common.Utc;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Till keys made at run time (contract §11, table {@code till_key}): a key is shown once when made and kept only as
 * its SHA-256. A key's answer is remembered for {@link #REMEMBERED} on each node, so a revoked key is refused
 * everywhere within that time without a query per request; its last use is written at most once a minute.
 */
@Repository
public class TillKeys {

    static final Duration REMEMBERED = Duration.ofSeconds(2);
    private static final Duration USE_NOTED = Duration.ofMinutes(1);
    private static final int REMEMBER_AT_MOST = 10_000;

    private final JdbcTemplate jdbc;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
    private final Map<Long, Instant> usesNoted = new ConcurrentHashMap<>();

    public TillKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A till key as it is listed: never the key itself. */
    public record TillKey(long id, String merchant, String store, String label, Instant createdAt, Instant lastUsedAt,
                          Instant revokedAt) {
    }

    /** A key just made: the only time the key is shown. */
    public record Created(long id, String key) {
    }

    private record Remembered(TillKeyFilter.Till till, long keyId, Instant until) {
    }

    public Created create(String merchant, String store, String label) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = "ptk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        GeneratedKeyHolder id = new GeneratedKeyHolder();
        jdbc.update(con -> {
            var ps = con.prepareStatement("INSERT INTO till_key (merchant, store, label, key_sha256) VALUES (?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, merchant);
            ps.setString(2, store);
            ps.setString(3, label);
            ps.setString(4, TillKeyFilter.sha256(key));
            return ps;
        }, id);
        return new Created(id.getKey().longValue(), key);
    }

    public List<TillKey> all() {
        return jdbc.query("SELECT * FROM till_key ORDER BY id", TillKeys::tillKey);
    }

    /** @return whether there was such a key (revoking one twice keeps the first time) */
    public boolean revoke(long id) {
        jdbc.update("UPDATE till_key SET revoked_at = UTC_TIMESTAMP(3) WHERE id = ? AND revoked_at IS NULL", id);
        remembered.clear();
        return jdbc.queryForObject("SELECT COUNT(*) FROM till_key WHERE id = ?", Integer.class, id) > 0;
    }

    /** The till a key made here belongs to, unless it is unknown or revoked. */
    Optional<TillKeyFilter.Till> find(String sha256) {
        Instant now = Instant.now();
        Remembered r = remembered.get(sha256);
        if (r == null || r.until().isBefore(now)) {
            if (remembered.size() > REMEMBER_AT_MOST) {
                remembered.clear();
            }
            r = jdbc.query("SELECT id, merchant, store FROM till_key WHERE key_sha256 = ? AND revoked_at IS NULL",
                    (rs, n) -> new Remembered(new TillKeyFilter.Till(rs.getString(2), rs.getString(3)), rs.getLong(1),
                            now.plus(REMEMBERED)), sha256).stream().findFirst()
                    .orElse(new Remembered(null, 0, now.plus(REMEMBERED)));
            remembered.put(sha256, r);
        }
        if (r.till() != null) {
            noteUse(r.keyId(), now);
        }
        return Optional.ofNullable(r.till());
    }

    private void noteUse(long keyId, Instant now) {
        Instant last = usesNoted.get(keyId);
        if (last == null || last.plus(USE_NOTED).isBefore(now)) {
            usesNoted.put(keyId, now);
            jdbc.update("UPDATE till_key SET last_used_at = UTC_TIMESTAMP(3) WHERE id = ?", keyId);
        }
    }

    private static TillKey tillKey(ResultSet rs, int n) throws SQLException {
        return new TillKey(rs.getLong("id"), rs.getString("merchant"), rs.getString("store"), rs.getString("label"),
                Utc.instant(rs.getTimestamp("created_at")), Utc.instant(rs.getTimestamp("last_used_at")), Utc.instant(rs.getTimestamp("revoked_at")));
    }

}
