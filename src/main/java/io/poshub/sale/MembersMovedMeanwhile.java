package io.poshub.sale;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.modulith.NamedInterface;

/**
 * A chunk booked ahead ({@link SaleBooker#bookAhead}) found, once it locked its members, that one did not stand as its
 * points were worked out from (another writer moved it after the chunk before committed). Its transaction rolls back
 * and the chunk is booked again the plain way.
 */
@NamedInterface("api")
public class MembersMovedMeanwhile extends ConcurrencyFailureException {

    MembersMovedMeanwhile() {
        super("a member moved while its chunk was booked ahead; the chunk is booked again");
    }
}
