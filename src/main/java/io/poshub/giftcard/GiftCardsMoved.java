package io.poshub.giftcard;

import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * Gift-card activities were written (by the till's API or on a receipt): published inside their transaction, so what a
 * listener writes because of them commits or rolls back with them. {@link GiftCardOwners#receiptsOf} says which of them
 * a card's owner gets a receipt for.
 */
@NamedInterface("api")
public record GiftCardsMoved(List<Long> activityIds) {

    public GiftCardsMoved {
        activityIds = List.copyOf(activityIds);
    }
}
