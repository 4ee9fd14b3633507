package io.poshub.loyalty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One member's points as lots (contract §18): every positive entry is a lot of points with what is left of it, pending
 * until it matures and perhaps expiring. {@code balance} is what can be spent — negative when a return took back
 * points already spent, the debt the next points to become available pay first — and {@code pending} what waits to
 * mature. The ledger's sum is always {@code balance + pending}; taking points takes them from lots, so no point is
 * spent twice and an expiry takes exactly what is left.
 *
 * <p>The rules here are the whole of it, in memory: {@link Ledger} loads an account with its lots under the member's
 * lock, applies a step and writes back what changed. An account loaded without its lots can only earn.
 */
final class PointsAccount {

    /** A positive entry of the ledger: {@code id} is null until it is written. */
    static final class Lot {
        Long id;
        final long seq;
        final long delta;
        final Instant availableAt;
        final Instant expiresAt;
        final Long saleId;
        long remaining;
        boolean pending;
        boolean changed;

        Lot(Long id, long seq, long delta, long remaining, boolean pending, Instant availableAt, Instant expiresAt, Long saleId) {
            this.id = id;
            this.seq = seq;
            this.delta = delta;
            this.remaining = remaining;
            this.pending = pending;
            this.availableAt = availableAt;
            this.expiresAt = expiresAt;
            this.saleId = saleId;
        }

        long take(long wanted) {
            long taken = Math.min(wanted, remaining);
            if (taken > 0) {
                remaining -= taken;
                changed = true;
                // Nothing left to mature: off the daily run's list.
                pending = pending && remaining > 0;
            }
            return taken;
        }
    }

    /** Oldest to become available first; then in the order written. */
    private static final Comparator<Lot> OLDEST = Comparator.comparing((Lot l) -> l.availableAt).thenComparingLong(l -> l.seq);

    final long memberId;
    long balance;
    long pending;
    Instant lastActivity;
    private final List<Lot> lots;
    private final boolean lotsLoaded;
    private long nextSeq;

    PointsAccount(long memberId, long balance, long pending, Instant lastActivity, List<Lot> lots, boolean lotsLoaded) {
        this.memberId = memberId;
        this.balance = balance;
        this.pending = pending;
        this.lastActivity = lastActivity;
        this.lots = new ArrayList<>(lots);
        this.lotsLoaded = lotsLoaded;
        this.nextSeq = lots.stream().mapToLong(l -> l.seq + 1).max().orElse(0);
    }

    static PointsAccount empty(long memberId) {
        return new PointsAccount(memberId, 0, 0, null, List.of(), true);
    }

    /** Points a return took back after they were spent, which the next points to become available pay. */
    long debt() {
        return balance < 0 ? -balance : 0;
    }

    List<Lot> lots() {
        return lots;
    }

    /**
     * Points earned (or given back): a new lot, pending until {@code availableAt} when {@code pending}, else
     * available at once — paying any debt first.
     */
    Lot add(long points, boolean pending, Instant availableAt, Instant expiresAt, Long saleId) {
        if (points <= 0) {
            throw new IllegalArgumentException("a lot holds more than 0 points, not " + points);
        }
        Lot lot = new Lot(null, nextSeq++, points, points, pending, availableAt, expiresAt, saleId);
        if (pending) {
            this.pending += points;
        } else {
            lot.remaining -= Math.min(points, debt());
            balance += points;
        }
        lots.add(lot);
        return lot;
    }

    /**
     * Points spent: taken from the available lots, the oldest first. The caller has checked the balance covers them.
     *
     * @throws IllegalStateException when the lots do not hold the balance (the ledger and its summary disagree)
     */
    void spend(long points) {
        requireLots();
        if (points <= 0 || points > balance) {
            throw new IllegalArgumentException("cannot spend " + points + " of a balance of " + balance);
        }
        long left = points;
        for (Lot lot : sorted(OLDEST)) {
            if (!lot.pending) {
                left -= lot.take(left);
            }
        }
        if (left != 0) {
            throw new IllegalStateException("member " + memberId + ": the available lots hold " + (points - left) + " points, not the balance "
                    + balance);
        }
        balance -= points;
    }

    /**
     * A return taking {@code points} back: first what is still pending of its original sale, then other pending points
     * (the newest first), then available points (the oldest first); what none of them holds was spent already and
     * becomes debt.
     */
    void takeBack(long points, Long originalSaleId) {
        requireLots();
        long left = points;
        List<Lot> pendingFirst = new ArrayList<>();
        if (originalSaleId != null) {
            lots.stream().filter(l -> originalSaleId.equals(l.saleId)).forEach(pendingFirst::add);
        }
        pendingFirst.addAll(sorted(OLDEST.reversed()));
        for (Lot lot : pendingFirst) {
            if (lot.pending) {
                long taken = lot.take(left);
                pending -= taken;
                left -= taken;
            }
        }
        // What pending did not cover comes off the balance: from available lots while they last, then as debt.
        balance -= left;
        for (Lot lot : sorted(OLDEST)) {
            if (!lot.pending) {
                left -= lot.take(left);
            }
        }
    }

    /** Lots whose points are due to become available: pending ones, as {@link #mature} takes them. */
    List<Lot> pendingLots() {
        return lots.stream().filter(l -> l.pending).toList();
    }

    /** A pending lot becomes available: its points pay any debt, the rest can be spent. */
    void mature(Lot lot) {
        if (!lot.pending) {
            return;
        }
        lot.pending = false;
        lot.changed = true;
        pending -= lot.remaining;
        long owed = debt();
        balance += lot.remaining;
        lot.remaining -= Math.min(lot.remaining, owed);
    }

    /**
     * What is left of the lots that expire by {@code cutoff} ({@code everything}: of all lots, the inactivity rule)
     * comes off the balance or the pending points; returns how much, the size of the EXPIRE entry. For a rolling
     * expiry the account needs only the lots past {@code cutoff}.
     */
    long expire(Instant cutoff, boolean everything) {
        if (everything) {
            requireLots();
        }
        long expired = 0;
        for (Lot lot : lots) {
            if (lot.remaining > 0 && (everything || lot.expiresAt != null && !lot.expiresAt.isAfter(cutoff))) {
                boolean wasPending = lot.pending;
                long taken = lot.take(lot.remaining);
                if (wasPending) {
                    pending -= taken;
                } else {
                    balance -= taken;
                }
                expired += taken;
            }
        }
        return expired;
    }

    /**
     * Another member's account merged into this one: its lots come along (already moved by the caller), its figures
     * add up, and available points pay what either owed.
     */
    void absorb(PointsAccount other) {
        requireLots();
        balance += other.balance;
        pending += other.pending;
        if (other.lastActivity != null && (lastActivity == null || other.lastActivity.isAfter(lastActivity))) {
            lastActivity = other.lastActivity;
        }
        for (Lot lot : other.lots) {
            lots.add(lot);
        }
        long available = lots.stream().filter(l -> !l.pending).mapToLong(l -> l.remaining).sum();
        long owed = available - balance;
        for (Lot lot : sorted(OLDEST)) {
            if (!lot.pending && owed > 0) {
                owed -= lot.take(owed);
            }
        }
    }

    /** The sum of the ledger this account stands for. */
    long total() {
        return balance + pending;
    }

    private List<Lot> sorted(Comparator<Lot> order) {
        List<Lot> copy = new ArrayList<>(lots);
        copy.sort(order);
        return copy;
    }

    private void requireLots() {
        if (!lotsLoaded) {
            throw new IllegalStateException("member " + memberId + ": the account was read without its lots");
        }
    }
}
