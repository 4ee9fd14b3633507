package io.poshub.loyalty;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.modulith.NamedInterface;

/**
 * A member that sales were matched to was merged or erased before its row could be locked to book them. Nothing was
 * written: the transaction rolls back, and the sales booked again are matched afresh — to the member it was merged into,
 * or, for an erased member, by the unknown-member policy, never to it.
 */
@NamedInterface("api")
public class MemberChangedWhileBooking extends ConcurrencyFailureException {

    public MemberChangedWhileBooking(long memberId, String status) {
        super("member " + memberId + " became " + status + " while sales were booked to it; they are matched again");
    }
}
