package io.poshub.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.common.Utc;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The audit trail's table ({@code audit_event}, this module's): written once per event, read newest first. */
@Repository
class AuditTrail {

    /** One thing that happened: when, who, what, to what, how it was answered, and what changed. */
    record AuditEvent(long id, Instant at, String actor, String action,
                      @Schema(description = "the path changed (runs of nine or more digits masked), or a failed login's address")
                      String target,
                      @Schema(description = "the answer's status") int status,
                      @Schema(type = "object", additionalProperties = Schema.AdditionalPropertiesValue.TRUE,
                              description = "what changed: names of fields, hashes of texts — never a member's values")
                      Map<String, Object> detail) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    AuditTrail(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void record(Instant at, String actor, String action, String target, int status, Map<String, Object> detail) {
        String details;
        try {
            details = detail == null || detail.isEmpty() ? null : json.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            details = null;
        }
        jdbc.update("INSERT INTO audit_event (at, actor, action, target, status, detail) VALUES (?, ?, ?, ?, ?, ?)",
                Utc.timestamp(at), cut(actor, 128), cut(action, 64), cut(target, 255), status, details);
    }

    List<AuditEvent> find(String actor, String action, Instant from, Instant to, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_event WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (actor != null) {
            sql.append(" AND actor = ?");
            args.add(actor);
        }
        if (action != null) {
            sql.append(" AND action = ?");
            args.add(action);
        }
        if (from != null) {
            sql.append(" AND at >= ?");
            args.add(Utc.timestamp(from));
        }
        if (to != null) {
            sql.append(" AND at < ?");
            args.add(Utc.timestamp(to));
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(limit);
        return jdbc.query(sql.toString(), this::event, args.toArray());
    }

    @SuppressWarnings("unchecked")
    private AuditEvent event(ResultSet r, int row) throws SQLException {
        String detail = r.getString("detail");
        Map<String, Object> details;
        try {
            details = detail == null ? Map.of() : json.readValue(detail, Map.class);
        } catch (JsonProcessingException e) {
            details = Map.of();
        }
        return new AuditEvent(r.getLong("id"), Utc.instant(r.getTimestamp("at")), r.getString("actor"), r.getString("action"),
                r.getString("target"), r.getInt("status"), details);
    }

    private static String cut(String value, int length) {
        return value.length() > length ? value.substring(0, length) : value;
    }
}
