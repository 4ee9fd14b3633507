package io.poshub.payment;

import io.poshub.db.Placeholders;
import io.poshub.member.MemberErased;
import io.poshub.member.MemberKeys;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * An erased member's phone leaves the payments (contract §17). A payment keeps only the phone's last four digits and no
 * member, so what is blanked is every payment of the merchant whose kept digits are the member's — at worst another
 * customer's four digits too, which no total and no state depends on.
 */
@Component
class ErasedMembersPayments {

    private final JdbcTemplate jdbc;

    ErasedMembersPayments(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Runs in the erasure's transaction. */
    @EventListener
    void blankPhones(MemberErased erased) {
        if (erased.values().phones().isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>();
        args.add(erased.merchant());
        // As the payment was opened: the E.164 number without its '+', masked (Payments.create).
        erased.values().phones().forEach(phone -> args.add(MemberKeys.mask(phone.substring(1))));
        jdbc.update("UPDATE payment SET phone_masked = NULL WHERE merchant = ? AND phone_masked IN ("
                + Placeholders.list(args.size() - 1) + ")", args.toArray());
    }
}
