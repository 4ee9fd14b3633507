package io.poshub.sale;

import io.poshub.db.Placeholders;
import io.poshub.member.MemberErased;
import io.poshub.member.PersonalValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An erased member's keys leave the parked sales (contract §17): those booked to it since, and those still waiting for
 * one of its keys — which will now wait for nobody. The sales themselves hold no personal data and stay as they are.
 */
@Component
class ErasedMembers {

    private final JdbcTemplate jdbc;

    ErasedMembers(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs in the erasure's transaction (a plain listener is called where the event is published). */
    @EventListener
    void blankParkedKeys(MemberErased erased) {
        jdbc.update("UPDATE parked_sale SET card_number = NULL, phone_e164 = NULL, email = NULL, external_id = NULL"
                + " WHERE member_id IN (" + Placeholders.list(erased.memberIds().size()) + ")", erased.memberIds().toArray());
        PersonalValues values = erased.values();
        List<String> conditions = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        args.add(erased.merchant());
        keyCondition("card_number", values.cards(), conditions, args);
        keyCondition("phone_e164", values.phones(), conditions, args);
        keyCondition("email", values.emails(), conditions, args);
        keyCondition("external_id", values.externalIds(), conditions, args);
        if (!conditions.isEmpty()) {
            jdbc.update("UPDATE parked_sale SET card_number = NULL, phone_e164 = NULL, email = NULL, external_id = NULL"
                    + " WHERE merchant = ? AND (" + String.join(" OR ", conditions) + ")", args.toArray());
        }
    }

    /** A fixed column name and bound values: {@code column IN (?, …)}. */
    private static void keyCondition(String column, Set<String> values, List<String> conditions, List<Object> args) {
        if (!values.isEmpty()) {
            conditions.add(column + " IN (" + Placeholders.list(values.size()) + ")");
            args.addAll(values);
        }
    }
}
