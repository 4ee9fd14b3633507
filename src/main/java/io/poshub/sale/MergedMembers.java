package io.poshub.sale;

import io.poshub.member.MembersMerged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A merged member's sales and parked sales belong to the member it was merged into. */
@Component
class MergedMembers {

    private final JdbcTemplate jdbc;

    MergedMembers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs in the merge's transaction (a plain listener is called where the event is published). */
    @EventListener
    void moveSales(MembersMerged merged) {
        jdbc.update("UPDATE sale SET member_id = ? WHERE member_id = ?", merged.intoId(), merged.fromId());
        jdbc.update("UPDATE parked_sale SET member_id = ? WHERE member_id = ?", merged.intoId(), merged.fromId());
    }
}
