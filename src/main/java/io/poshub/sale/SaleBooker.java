package io.poshub.sale;

import io.poshub.cards.CardKind;
import io.poshub.cards.CardRanges;
import io.poshub.common.StoreActivity;
import io.poshub.db.CausalReads;
import io.poshub.giftcard.GiftCardsSold;
import io.poshub.loyalty.EarnProgram;
import io.poshub.loyalty.Ledger;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MemberKey;
import io.poshub.member.MemberKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Books a chunk of tickets inside the caller's transaction, so a chunk commits whole or not at all: tickets
 * screened ({@link SaleDraft}), sales already received recognised (by the sales' unique key, then {@link KnownSales}:
 * see {@link #book}), members resolved by the
 * mapping's policy ({@link MemberResolution}), points worked out ({@link ChunkEarnings}), the new sales written
 * ({@link SaleWriter}) — a few set-based statements per chunk — and every ticket counted in the outcome. Each store-day
 * the chunk adds to is published as a {@link StoreActivity}, in the chunk's transaction.
 */
@NamedInterface("api")
@Component
public class SaleBooker {

    private static final Logger log = LoggerFactory.getLogger(SaleBooker.class);

    private final KnownSales knownSales;
    private final MemberResolution resolution;
    private final ChunkEarnings earnings;
    private final SaleWriter writer;
    private final ApplicationEventPublisher events;
    private final JdbcTemplate jdbc;
    private final GiftCardsSold giftCardsSold;
    private final MemberPrograms programs;
    private final CardRanges ranges;

    SaleBooker(KnownSales knownSales, MemberResolution resolution, ChunkEarnings earnings, SaleWriter writer,
               ApplicationEventPublisher events, JdbcTemplate jdbc, GiftCardsSold giftCardsSold, MemberPrograms programs,
               CardRanges ranges) {
        this.programs = programs;
        this.ranges = ranges;
        this.jdbc = jdbc;
        this.giftCardsSold = giftCardsSold;
        this.knownSales = knownSales;
        this.resolution = resolution;
        this.earnings = earnings;
        this.writer = writer;
        this.events = events;
    }

    /** Where a chunk comes from: the feed, its mapping and the import it belongs to. */
    @NamedInterface("api")
    public record Source(String feed, Mapping mapping, long importFileId) {
    }

    /**
     * Books the chunk. Its reads are causal ({@link CausalReads}): on a Galera cluster they see what an earlier leader of
     * the feed committed through another node.
     *
     * <p>Most chunks hold no sale received before, and looking every sale up is a statement the database pays for on
     * each chunk; so unless resends are expected the chunk is written straight away from a savepoint, and the sales'
     * unique key is what finds a resend: then the chunk goes back to its savepoint (members it created and rows it
     * wrote undone) and is booked again, looking its sales up first.
     *
     * @param resendsExpected look the sales up first (the import has met sales received before)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public BookingOutcome book(List<Ticket> tickets, Source source, boolean resendsExpected) {
        return book(tickets, source, resendsExpected, null);
    }

    /**
     * Whether a chunk of the mapping's may be booked ahead ({@link #bookAhead}): not when its sales create members or
     * move gift cards — what the chunk before did to those is only known once it commits.
     */
    public static boolean canBookAhead(Mapping mapping) {
        return mapping.unknownMember() != Mapping.UnknownMemberPolicy.CREATE && mapping.giftCardItems() == null;
    }

    /**
     * What a chunk still committing on another connection leaves the next one: its members as its sales leave them,
     * and the sales it wrote that a later return may name (by store, register and ticket). {@link #NONE} when no chunk
     * is in flight before it.
     */
    @NamedInterface("api")
    public static final class ChunkBefore {

        public static final ChunkBefore NONE = new ChunkBefore(Map.of(), Map.of());

        private final Map<Long, Ledger.MemberState> members;
        private final Map<OriginalSales.Key, OriginalSales.Original> originals;

        private ChunkBefore(Map<Long, Ledger.MemberState> members, Map<OriginalSales.Key, OriginalSales.Original> originals) {
            this.members = members;
            this.originals = originals;
        }

        Map<Long, Ledger.MemberState> members() {
            return members;
        }

        Map<OriginalSales.Key, OriginalSales.Original> originals() {
            return originals;
        }
    }

    /**
     * What a chunk booked ahead does at its two meeting points with the chunk before it: when its own sales are
     * written (the next chunk may start, from what this one leaves), and before it locks its members (the chunk before
     * must have committed by then).
     */
    @NamedInterface("api")
    public interface Ahead {

        /** The chunk before this one, still in flight; {@link ChunkBefore#NONE} when there is none. */
        ChunkBefore before();

        /** This chunk's sales, lines and tenders are written; {@code leaves} is what the next chunk starts from. */
        void written(ChunkBefore leaves);

        /** Returns once the chunk before has committed; throws when it did not, and this chunk's transaction rolls back. */
        void awaitBefore();
    }

    /**
     * Books the chunk while the one before it is still committing on another connection, as {@link #book} does, with
     * its points worked out from the members as that chunk leaves them: the sales, lines and tenders are written first
     * ({@code ahead.written}), then — once the chunk before has committed — the members are locked and checked to
     * stand as predicted, and the points written. Needs a transaction that reads what others committed (READ
     * COMMITTED), and a mapping that {@link #canBookAhead}.
     *
     * @throws MembersMovedMeanwhile when a member did not stand as predicted: the transaction must roll back, and the
     *         chunk be booked again with {@link #book}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public BookingOutcome bookAhead(List<Ticket> tickets, Source source, boolean resendsExpected, Ahead ahead) {
        return book(tickets, source, resendsExpected, ahead);
    }

    private BookingOutcome book(List<Ticket> tickets, Source source, boolean resendsExpected, Ahead ahead) {
        return CausalReads.during(jdbc, () -> {
            if (!resendsExpected) {
                jdbc.execute("SAVEPOINT unchecked_chunk");
                try {
                    return bookChunk(tickets, source, false, ahead);
                } catch (SaleReceivedBefore resend) {
                    jdbc.execute("ROLLBACK TO SAVEPOINT unchecked_chunk");
                }
            }
            return bookChunk(tickets, source, true, ahead);
        });
    }

    private BookingOutcome bookChunk(List<Ticket> tickets, Source source, boolean lookUpKnown, Ahead ahead) {
        Mapping mapping = source.mapping();
        BookingOutcome outcome = new BookingOutcome();
        List<SaleDraft> drafts = inRange(SaleDraft.screen(tickets, mapping.merchant(), outcome), mapping, outcome);
        Map<SaleIdentity, KnownSales.Known> known = lookUpKnown
                ? knownSales.find(drafts.stream().map(SaleDraft::identity).toList()) : Map.of();
        Set<SaleIdentity> seen = new HashSet<>();
        Set<SaleDraft> duplicates = Collections.newSetFromMap(new IdentityHashMap<>());
        List<SaleDraft> fresh = new ArrayList<>();
        for (SaleDraft draft : drafts) {
            if (known.containsKey(draft.identity()) || !seen.add(draft.identity())) {
                duplicates.add(draft);
            } else {
                fresh.add(draft);
            }
        }
        List<MemberResolution.Resolved> resolved = giftCards(resolution.resolve(fresh, mapping), mapping, lookUpKnown);
        List<MemberResolution.Resolved> kept = resolved.stream().filter(r -> r.fate() != Fate.REJECTED).toList();
        List<ChunkEarnings.Earnable> earnable = kept.stream().map(r -> r.draft().earnable(r.memberId(), mapping)).toList();
        var memberPrograms = programs.of(mapping, kept.stream().map(MemberResolution.Resolved::memberId).toList());
        Map<Long, Ledger.MemberState> startedFrom = new HashMap<>();
        ChunkEarnings.Result earned = ahead == null ? earnings.earn(earnable, mapping.merchant(), memberPrograms)
                : earnings.predict(earnable, mapping.merchant(), memberPrograms, ahead.before(), startedFrom);
        List<NewSale> sales = new ArrayList<>(kept.size());
        for (int i = 0; i < kept.size(); i++) {
            sales.add(new NewSale(kept.get(i), earned.sales().get(i)));
        }
        SaleWriter.Written written = writer.writeSales(sales, source, ahead != null);
        if (ahead != null) {
            ahead.written(leaves(sales, written, earned.members()));
            ahead.awaitBefore();
            if (!earnings.verify(startedFrom)) {
                throw new MembersMovedMeanwhile();
            }
        }
        writer.writePoints(written, earned.members());
        writer.writeVoids(outcome.voids(), source.importFileId());
        // In one order everywhere: two chunks marking the same store-days never wait on each other in a circle.
        Set<StoreActivity> touched = new TreeSet<>(Comparator.comparing(StoreActivity::merchant).thenComparing(StoreActivity::store)
                .thenComparing(StoreActivity::businessDate));
        StoreActivity last = null;
        for (NewSale sale : sales) {
            // A chunk's tickets come store-day after store-day: the set is asked only when the store-day changes.
            StoreActivity activity = activity(sale.draft().identity());
            if (!activity.equals(last)) {
                touched.add(activity);
                last = activity;
            }
        }
        outcome.voids().forEach(v -> touched.add(activity(v)));
        touched.forEach(events::publishEvent);

        // Counted in ticket order: the fresh drafts resolved in that order, the kept ones written in it.
        Iterator<MemberResolution.Resolved> nextResolved = resolved.iterator();
        Iterator<NewSale> nextSale = sales.iterator();
        for (SaleDraft draft : drafts) {
            if (duplicates.contains(draft)) {
                countDuplicate(outcome, draft, known.get(draft.identity()), source);
                continue;
            }
            MemberResolution.Resolved r = nextResolved.next();
            if (r.fate() == Fate.REJECTED) {
                outcome.rejectTicket(draft.ticket(), r.reason());
            } else {
                NewSale sale = nextSale.next();
                outcome.accept(draft, sale.fate().name(), sale.fate().name(), sale.resolved().memberId(), sale.earned().points());
            }
        }
        return outcome;
    }

    /** What a chunk booked ahead leaves the next one: its members as its sales leave them, and its SALEs by ticket. */
    private static ChunkBefore leaves(List<NewSale> sales, SaleWriter.Written written, Map<Long, Ledger.MemberState> members) {
        Map<OriginalSales.Key, OriginalSales.Original> originals = new HashMap<>();
        for (NewSale sale : sales) {
            if (sale.earned().kind() == EarnProgram.SaleKind.SALE) {
                SaleIdentity id = sale.draft().identity();
                // In ticket order, so ids ascend: the latest by business date, then id, is kept.
                originals.merge(new OriginalSales.Key(id.store(), id.register(), id.ticket()),
                        new OriginalSales.Original(written.ids().get(id), sale.earned().multiplier(), id.businessDate()),
                        (kept, later) -> later.businessDate().isBefore(kept.businessDate()) ? kept : later);
            }
        }
        return new ChunkBefore(Map.copyOf(members), originals);
    }

    /** The drafts whose member card is within the merchant's member card ranges (contract §19); the others rejected. */
    private List<SaleDraft> inRange(List<SaleDraft> drafts, Mapping mapping, BookingOutcome outcome) {
        if (!ranges.limits(mapping.merchant(), CardKind.MEMBER)) {
            return drafts;
        }
        List<SaleDraft> kept = new ArrayList<>(drafts.size());
        for (SaleDraft draft : drafts) {
            String why = ranges.whyOutOfRange(mapping.merchant(), CardKind.MEMBER, draft.keys(mapping).get(MemberKey.CARD));
            if (why == null) {
                kept.add(draft);
            } else {
                outcome.rejectTicket(draft.ticket(), "line " + draft.ticket().rows().get(0).lineNo() + ": " + why);
            }
        }
        return kept;
    }

    /**
     * Moves the gift cards the resolved sales sell or take back (contract §19), in the chunk's transaction, so a card
     * moves exactly when its sale is booked; a sale with a line that cannot move its card is rejected with that line's
     * reason. A card's activity names its receipt line uniquely, so in a chunk whose sales were not looked up first a
     * sale received before is found here, before its own unique key would find it.
     */
    private List<MemberResolution.Resolved> giftCards(List<MemberResolution.Resolved> resolved, Mapping mapping, boolean lookedUp) {
        if (mapping.giftCardItems() == null) {
            return resolved;
        }
        List<GiftCardsSold.Line> lines = new ArrayList<>();
        for (int i = 0; i < resolved.size(); i++) {
            if (resolved.get(i).fate() != Fate.REJECTED) {
                MemberResolution.Resolved r = resolved.get(i);
                lines.addAll(r.draft().giftCards(i, mapping, r.fate() == Fate.BOOKED ? r.memberId() : null));
            }
        }
        Map<Integer, String> declined;
        try {
            declined = giftCardsSold.sell(mapping.merchant(), mapping.currency(), lines).declined();
        } catch (DuplicateKeyException e) {
            if (lookedUp) {
                throw e;
            }
            throw new SaleReceivedBefore(e);
        }
        if (declined.isEmpty()) {
            return resolved;
        }
        List<MemberResolution.Resolved> after = new ArrayList<>(resolved);
        declined.forEach((i, reason) -> {
            MemberResolution.Resolved r = after.get(i);
            after.set(i, new MemberResolution.Resolved(r.draft(), r.keys(), Fate.REJECTED, null, reason));
        });
        return after;
    }

    /**
     * What booking a file would do, carried from chunk to chunk of one forecast: the sales it has seen (a repeat within
     * the file is a duplicate), the members as its sales move them on, and the members it would create (negative ids).
     */
    @NamedInterface("api")
    public static final class Forecast {
        private final Set<SaleIdentity> seen = new HashSet<>();
        private final Map<Long, Ledger.MemberState> members = new HashMap<>();
        private final Map<String, Long> createdByKey = new HashMap<>();
        private long created;

        private long standIn(String merchant, MemberKeys keys) {
            return -(++created);
        }
    }

    /**
     * What {@link #book} would do with the chunk, read-only: tickets screened, sales received before found (in the
     * database or earlier in the forecast), members matched (one to be created stands as a sale booked to no member
     * yet, {@code memberId} null), points worked out at each member's tier — nothing written, no row locked, no
     * transaction held between chunks.
     */
    public BookingOutcome foretell(List<Ticket> tickets, Mapping mapping, Forecast forecast) {
        BookingOutcome outcome = new BookingOutcome();
        List<SaleDraft> drafts = inRange(SaleDraft.screen(tickets, mapping.merchant(), outcome), mapping, outcome);
        Map<SaleIdentity, KnownSales.Known> known = knownSales.find(drafts.stream().map(SaleDraft::identity).toList());
        Set<SaleDraft> duplicates = Collections.newSetFromMap(new IdentityHashMap<>());
        List<SaleDraft> fresh = new ArrayList<>();
        for (SaleDraft draft : drafts) {
            if (known.containsKey(draft.identity()) || !forecast.seen.add(draft.identity())) {
                duplicates.add(draft);
            } else {
                fresh.add(draft);
            }
        }
        List<MemberResolution.Resolved> resolved = resolution.resolve(fresh, mapping, forecast::standIn, forecast.createdByKey);
        List<MemberResolution.Resolved> kept = resolved.stream().filter(r -> r.fate() != Fate.REJECTED).toList();
        ChunkEarnings.Result earned = earnings.foresee(kept.stream().map(r -> r.draft().earnable(r.memberId(), mapping)).toList(),
                mapping.merchant(), programs.of(mapping, kept.stream().map(MemberResolution.Resolved::memberId).toList()), forecast.members);
        Iterator<MemberResolution.Resolved> nextResolved = resolved.iterator();
        Iterator<ChunkEarnings.Earned> nextEarned = earned.sales().iterator();
        for (SaleDraft draft : drafts) {
            if (duplicates.contains(draft)) {
                outcome.accept(draft, "DUPLICATE", "DUPLICATE", null, 0);
                continue;
            }
            MemberResolution.Resolved r = nextResolved.next();
            if (r.fate() == Fate.REJECTED) {
                outcome.rejectTicket(draft.ticket(), r.reason());
            } else {
                long points = nextEarned.next().points();
                Long member = r.memberId() == null || r.memberId() < 0 ? null : r.memberId();
                outcome.accept(draft, r.fate().name(), r.fate().name(), member, points);
            }
        }
        return outcome;
    }

    private static StoreActivity activity(SaleIdentity id) {
        return StoreActivity.sales(id.merchant(), id.store(), id.businessDate());
    }

    /**
     * A sale already received is a duplicate — unless it was received by this very import before a crash or outage
     * cut it short, in which case it counts as what it was booked as, so a resumed file ends with the counts of a
     * clean run.
     */
    private static void countDuplicate(BookingOutcome outcome, SaleDraft draft, KnownSales.Known before, Source source) {
        String counted = before != null && before.importFileId() == source.importFileId() ? before.status() : "DUPLICATE";
        outcome.accept(draft, counted, "DUPLICATE", null, 0);
        if (counted.equals("DUPLICATE") && before != null && before.net().compareTo(draft.net()) != 0) {
            SaleIdentity id = draft.identity();
            log.warn("Duplicate sale store {} register {} ticket {} of {} (import {}) differs from the one received "
                            + "in import {}: net {} now, {} then; the first one stands",
                    id.store(), id.register(), id.ticket(), id.businessDate(), source.importFileId(),
                    before.importFileId(), draft.net(), before.net());
        }
    }
}
