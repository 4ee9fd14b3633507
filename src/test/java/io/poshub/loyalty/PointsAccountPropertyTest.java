package io.poshub.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Points that mature and expire (contract §18), for any sequence of earns (pending or not), returns (of an earlier sale
 * or none), redemptions, refunds, clock moves, maturing and expiries: the ledger's sum is always balance + pending; a
 * lot never holds less than 0 or more than it earned; every point taken from a lot is one point of a negative entry
 * (none spent twice); redemptions, expiries and maturing never push the balance down past 0, and a return makes it
 * negative only by what was neither pending nor available; an expiry takes exactly what was left; a redemption takes
 * the oldest available points first.
 */
class PointsAccountPropertyTest {

    /** One step of the program, with the sizes it draws. */
    record Step(String kind, long points, int days, int which) {
        @Override
        public String toString() {
            return kind + "(" + points + ", " + days + "d, #" + which + ")";
        }
    }

    @Provide
    Arbitrary<List<Step>> programs() {
        Arbitrary<Step> step = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 500).flatMap(p -> Arbitraries.integers().between(0, 20).map(d -> new Step("earn", p, d, 0))),
                Arbitraries.longs().between(1, 600).flatMap(p -> Arbitraries.integers().between(-1, 30).map(w -> new Step("return", p, 0, w))),
                Arbitraries.longs().between(1, 400).map(p -> new Step("redeem", p, 0, 0)),
                Arbitraries.longs().between(1, 200).map(p -> new Step("refund", p, 0, 0)),
                Arbitraries.integers().between(1, 45).map(d -> new Step("advance", 0, d, 0)));
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 1000)
    void everyPointIsAccountedForOnceWhateverHappens(@ForAll("programs") List<Step> program) {
        PointsAccount account = PointsAccount.empty(1);
        Instant now = Instant.parse("2026-01-01T12:00:00Z");
        Duration life = Duration.ofDays(60);
        List<Long> entries = new ArrayList<>();
        List<Long> earnedSales = new ArrayList<>();
        long saleId = 0;
        for (Step step : program) {
            long balanceBefore = account.balance;
            long pendingBefore = account.pending;
            Map<PointsAccount.Lot, Long> remainingBefore = snapshot(account);
            switch (step.kind()) {
                case "earn" -> {
                    Instant availableAt = now.plus(Duration.ofDays(step.days()));
                    account.add(step.points(), availableAt.isAfter(now), availableAt, now.plus(life), ++saleId);
                    earnedSales.add(saleId);
                    entries.add(step.points());
                }
                case "return" -> {
                    Long original = step.which() < 0 || earnedSales.isEmpty() ? null : earnedSales.get(step.which() % earnedSales.size());
                    account.takeBack(step.points(), original);
                    entries.add(-step.points());
                    // Pending points go first: the balance falls only by what pending did not cover.
                    assertThat(account.balance).isEqualTo(balanceBefore - Math.max(0, step.points() - pendingBefore));
                }
                case "redeem" -> {
                    if (step.points() > account.balance) {
                        continue;
                    }
                    account.spend(step.points());
                    entries.add(-step.points());
                    assertThat(account.balance).isGreaterThanOrEqualTo(0);
                    assertOldestTakenFirst(account, remainingBefore);
                }
                case "refund" -> {
                    account.add(step.points(), false, now, now.plus(life), null);
                    entries.add(step.points());
                }
                case "advance" -> {
                    now = now.plus(Duration.ofDays(step.days()));
                    for (PointsAccount.Lot lot : account.pendingLots()) {
                        if (!lot.availableAt.isAfter(now)) {
                            account.mature(lot);
                        }
                    }
                    assertThat(account.balance).isGreaterThanOrEqualTo(Math.min(0, balanceBefore));
                    long due = 0;
                    for (PointsAccount.Lot lot : account.lots()) {
                        if (lot.remaining > 0 && !lot.expiresAt.isAfter(now)) {
                            due += lot.remaining;
                        }
                    }
                    long balanceBeforeExpiry = account.balance;
                    long expired = account.expire(now, false);
                    assertThat(expired).as("an expiry takes exactly what is left").isEqualTo(due);
                    if (expired > 0) {
                        entries.add(-expired);
                    }
                    assertThat(account.balance).isGreaterThanOrEqualTo(Math.min(0, balanceBeforeExpiry));
                }
                default -> throw new IllegalStateException(step.kind());
            }
            assertInvariants(account, entries);
        }
    }

    private static void assertInvariants(PointsAccount account, List<Long> entries) {
        long sum = entries.stream().mapToLong(Long::longValue).sum();
        assertThat(account.total()).as("balance + pending is the ledger's sum").isEqualTo(sum);
        long pendingLeft = 0;
        long availableLeft = 0;
        long taken = 0;
        for (PointsAccount.Lot lot : account.lots()) {
            assertThat(lot.remaining).isBetween(0L, lot.delta);
            if (lot.pending) {
                pendingLeft += lot.remaining;
            } else {
                availableLeft += lot.remaining;
            }
            taken += lot.delta - lot.remaining;
        }
        long debt = account.debt();
        assertThat(account.pending).isEqualTo(pendingLeft);
        assertThat(availableLeft - debt).as("the available lots, less what is owed, are the balance").isEqualTo(account.balance);
        assertThat(debt == 0 || availableLeft == 0).as("points owed are paid before any can be spent").isTrue();
        long negative = entries.stream().filter(e -> e < 0).mapToLong(e -> -e).sum();
        assertThat(taken).as("every point taken from a lot is a point of a negative entry, once").isEqualTo(negative - debt);
    }

    /** Of the available lots that had points, those a redemption took from come first, oldest to newest. */
    private static void assertOldestTakenFirst(PointsAccount account, Map<PointsAccount.Lot, Long> before) {
        List<PointsAccount.Lot> available = account.lots().stream().filter(l -> !l.pending && before.getOrDefault(l, 0L) > 0)
                .sorted(Comparator.comparing((PointsAccount.Lot l) -> l.availableAt).thenComparingLong(l -> l.seq)).toList();
        boolean untouchedSeen = false;
        for (PointsAccount.Lot lot : available) {
            boolean touched = lot.remaining != before.get(lot);
            assertThat(touched && untouchedSeen).as("a newer lot was taken while an older one kept points").isFalse();
            untouchedSeen |= !touched || lot.remaining > 0;
        }
    }

    private static Map<PointsAccount.Lot, Long> snapshot(PointsAccount account) {
        Map<PointsAccount.Lot, Long> remaining = new HashMap<>();
        account.lots().forEach(l -> remaining.put(l, l.remaining));
        return remaining;
    }
}
