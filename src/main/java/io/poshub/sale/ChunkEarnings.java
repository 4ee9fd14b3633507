package io.poshub.sale;

import io.poshub.loyalty.EarnProgram;
import io.poshub.loyalty.EarnProgram.SaleKind;
import io.poshub.loyalty.Ledger;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What sales earn, worked out in ticket order: each sale's kind, the original a return names (the latest SALE of
 * that ticket at the same store and register, the sales given here included) and — for a sale booked to a
 * member — the points, moving each locked member on as it goes (a sale that crosses a tier earns at the old
 * multiplier, the next at the new). Used for a chunk being booked and for a parked sale booked later.
 */
@Component
class ChunkEarnings {

    /** A sale as earning sees it; {@code memberId} is null when it is not booked to a member. */
    record Earnable(SaleIdentity identity, String origTicket, BigDecimal net, List<EarnProgram.Line> lines, Long memberId) {
    }

    /**
     * What one sale earned: its kind, the points (null unless booked), and the original of a return — one already
     * stored, or one of the same chunk.
     */
    record Earned(Earnable sale, SaleKind kind, Ledger.Earning earning, OriginalSales.Original original, Earned originalInChunk) {

        BigDecimal multiplier() {
            return earning == null ? null : earning.multiplier();
        }

        long points() {
            return earning == null ? 0 : earning.points();
        }
    }

    /** The sales' earnings in their order, and the members as they stand after them (still locked). */
    record Result(List<Earned> sales, Map<Long, Ledger.MemberState> members) {
    }

    private final Ledger ledger;
    private final OriginalSales originalSales;

    ChunkEarnings(Ledger ledger, OriginalSales originalSales) {
        this.ledger = ledger;
        this.originalSales = originalSales;
    }

    /** Locks the members booked to (in id order) and finds the originals of returns: one query each. */
    @Transactional(propagation = Propagation.MANDATORY)
    Result earn(List<Earnable> sales, String merchant, EarnProgram program) {
        return earn(sales, merchant, id -> program);
    }

    /** As {@link #earn(List, String, EarnProgram)}, each member earning by its own program ({@code programs} by member id). */
    @Transactional(propagation = Propagation.MANDATORY)
    Result earn(List<Earnable> sales, String merchant, Function<Long, EarnProgram> programs) {
        Map<OriginalSales.Key, OriginalSales.Original> stored = originalSales.of(merchant, originalsWanted(sales));
        return earn(sales, programs, stored, ledger.lock(memberIds(sales)));
    }

    /**
     * What the sales would earn, written nowhere and locking nothing: members as {@code members} holds them (moved on by
     * earlier chunks of the same forecast), else as their rows stand now; a member the forecast stands in for one to be
     * created (a negative id) starts at the program's first tier.
     */
    Result foresee(List<Earnable> sales, String merchant, Function<Long, EarnProgram> programs, Map<Long, Ledger.MemberState> members) {
        EarnProgram program = programs.apply(null);
        Map<OriginalSales.Key, OriginalSales.Original> stored = originalSales.of(merchant, originalsWanted(sales));
        Set<Long> unread = new HashSet<>();
        for (Long id : memberIds(sales)) {
            if (!members.containsKey(id)) {
                if (id < 0) {
                    members.put(id, new Ledger.MemberState(program.tierFor(null, 0), null, 0));
                } else {
                    unread.add(id);
                }
            }
        }
        members.putAll(ledger.read(unread));
        return earn(sales, programs, stored, members);
    }

    /**
     * What the sales earn when the chunk before them is still committing on another connection, locking nothing: its
     * members as that chunk leaves them ({@code before}), the others as their rows stand now; the originals of returns
     * among that chunk's sales as well as the stored ones. {@link Result#members} answers the members as these sales
     * leave them; the states they started from are put into {@code startedFrom}, for {@link #verify} once the chunk
     * before has committed.
     */
    Result predict(List<Earnable> sales, String merchant, Function<Long, EarnProgram> programs, SaleBooker.ChunkBefore before,
                   Map<Long, Ledger.MemberState> startedFrom) {
        Map<OriginalSales.Key, OriginalSales.Original> stored = originalSales.of(merchant, originalsWanted(sales));
        before.originals().forEach((key, original) -> stored.merge(key, original,
                (kept, written) -> written.businessDate().isBefore(kept.businessDate()) ? kept : written));
        Set<Long> unread = new HashSet<>();
        for (Long id : memberIds(sales)) {
            Ledger.MemberState state = before.members().get(id);
            if (state == null) {
                unread.add(id);
            } else {
                startedFrom.put(id, state);
            }
        }
        startedFrom.putAll(ledger.read(unread));
        return earn(sales, programs, stored, new HashMap<>(startedFrom));
    }

    /**
     * Locks the members a predicted chunk earned for (in id order) and answers whether each stands as the prediction
     * started from; false when another writer moved one (the chunk is booked again).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    boolean verify(Map<Long, Ledger.MemberState> startedFrom) {
        return ledger.lock(startedFrom.keySet()).equals(startedFrom);
    }

    private static List<OriginalSales.Key> originalsWanted(List<Earnable> sales) {
        List<OriginalSales.Key> wanted = new ArrayList<>();
        for (Earnable sale : sales) {
            if (SaleKind.of(sale.net()) == SaleKind.RETURN && sale.origTicket() != null) {
                wanted.add(originalKey(sale));
            }
        }
        return wanted;
    }

    private static Set<Long> memberIds(List<Earnable> sales) {
        Set<Long> ids = new HashSet<>();
        for (Earnable sale : sales) {
            if (sale.memberId() != null) {
                ids.add(sale.memberId());
            }
        }
        return ids;
    }

    private static Result earn(List<Earnable> sales, Function<Long, EarnProgram> programs, Map<OriginalSales.Key, OriginalSales.Original> stored,
                               Map<Long, Ledger.MemberState> members) {
        Map<OriginalSales.Key, Earned> salesInChunk = new HashMap<>();
        List<Earned> earned = new ArrayList<>(sales.size());
        for (Earnable sale : sales) {
            SaleKind kind = SaleKind.of(sale.net());
            OriginalSales.Original original = null;
            Earned originalInChunk = null;
            if (kind == SaleKind.RETURN && sale.origTicket() != null) {
                OriginalSales.Key key = originalKey(sale);
                Earned inChunk = salesInChunk.get(key);
                OriginalSales.Original before = stored.get(key);
                if (inChunk != null && (before == null
                        || !inChunk.sale().identity().businessDate().isBefore(before.businessDate()))) {
                    originalInChunk = inChunk;
                } else {
                    original = before;
                }
            }
            Ledger.Earning earning = null;
            if (sale.memberId() != null) {
                BigDecimal originalMultiplier = originalInChunk != null ? originalInChunk.multiplier()
                        : original != null ? original.multiplier() : null;
                Ledger.MemberState state = members.get(sale.memberId());
                EarnProgram program = programs.apply(sale.memberId());
                earning = state.earn(kind, program.eligible(sale.lines()), program, originalMultiplier);
                members.put(sale.memberId(), state.after(earning, program));
            }
            Earned result = new Earned(sale, kind, earning, original, originalInChunk);
            earned.add(result);
            if (kind == SaleKind.SALE) {
                SaleIdentity id = sale.identity();
                salesInChunk.put(new OriginalSales.Key(id.store(), id.register(), id.ticket()), result);
            }
        }
        return new Result(earned, members);
    }

    private static OriginalSales.Key originalKey(Earnable sale) {
        return new OriginalSales.Key(sale.identity().store(), sale.identity().register(), sale.origTicket());
    }
}
