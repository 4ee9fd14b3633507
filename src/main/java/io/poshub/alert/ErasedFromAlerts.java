package io.poshub.alert;

import io.poshub.member.MemberErased;
import io.poshub.member.PersonalValues;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An erased member's keys leave the alerts the hub keeps (contract §17): a file refused whole names its first line in
 * its alert, and that line may be a sale with a card and a phone. An alert sent already has left the hub with it.
 */
@Component
class ErasedFromAlerts {

    private final JdbcTemplate jdbc;

    ErasedFromAlerts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs in the erasure's transaction. */
    @EventListener
    void blank(MemberErased erased) {
        String keys = erased.values().squeezedPattern();
        if (keys == null) {
            return;
        }
        List<Object[]> changed = new ArrayList<>();
        jdbc.query("SELECT id, body FROM alert WHERE " + PersonalValues.squeezedSql("body") + " REGEXP ?", rs -> {
            String body = rs.getString(2);
            String redacted = erased.values().redactText(body);
            if (!body.equals(redacted)) {
                changed.add(new Object[] {redacted, rs.getLong(1)});
            }
        }, keys);
        jdbc.batchUpdate("UPDATE alert SET body = ? WHERE id = ?", changed);
    }
}
