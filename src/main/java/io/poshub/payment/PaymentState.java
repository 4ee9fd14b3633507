package io.poshub.payment;

import java.util.Arrays;
import java.util.Optional;

/**
 * A payment's state as Vipps names it, in the order it can only move forward (a late poll answering CREATED does not
 * undo a webhook's AUTHORIZED), with the till's word for it.
 */
public enum PaymentState {
    CREATED(0, "pending"),
    AUTHORIZED(1, "approved"),
    ABORTED(2, "rejected"),
    EXPIRED(2, "rejected"),
    TERMINATED(2, "rejected");

    private final int rank;
    private final String tillState;

    PaymentState(int rank, String tillState) {
        this.rank = rank;
        this.tillState = tillState;
    }

    /** The till's word: pending, approved or rejected. */
    public String tillState() {
        return tillState;
    }

    /**
     * AUTHORIZED or final: the customer has answered (or the payment is over). What changes an approved payment after
     * this — capture, cancel, refund — goes through the hub itself, so there is nothing left to poll for.
     */
    public boolean isDecided() {
        return rank >= 1;
    }

    /** Whether a payment in this state may move on to {@code next}. */
    boolean precedes(PaymentState next) {
        return next.rank > rank;
    }

    static Optional<PaymentState> of(String name) {
        return Arrays.stream(values()).filter(s -> s.name().equals(name)).findFirst();
    }
}
