package io.poshub.sale;

import io.poshub.db.BulkLoad;
import io.poshub.db.Placeholders;
import io.poshub.format.Mapping;
import io.poshub.format.ParsedRow;
import io.poshub.format.PosRow;
import io.poshub.format.Values;
import io.poshub.loyalty.EarnProgram;
import io.poshub.loyalty.EarnProgram.SaleKind;
import io.poshub.loyalty.Ledger;
import io.poshub.member.MemberService;
import io.poshub.member.MemberKey;
import io.poshub.member.MemberKeys;
import io.poshub.member.MemberMatch;
import io.poshub.member.MemberMatcher;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a chunk of tickets into sales: rejects tickets with a bad row (or a value the database cannot store),
 * recognises sales already received
 * (set-based, one query per chunk), matches members, and writes each sale with its lines and — when
 * booked — its points entry. It runs inside the caller's transaction, so a chunk commits whole or not at all.
 */
@Component
public class SaleBooker {

    private static final Logger log = LoggerFactory.getLogger(SaleBooker.class);

    private final JdbcTemplate jdbc;
    private final MemberMatcher matcher;
    private final Ledger ledger;
    private final MemberService members;

    public SaleBooker(JdbcTemplate jdbc, MemberMatcher matcher, Ledger ledger, MemberService members) {
        this.jdbc = jdbc;
        this.matcher = matcher;
        this.ledger = ledger;
        this.members = members;
    }

    /** Where a chunk comes from: the feed, its mapping and the import it belongs to. */
    public record Source(String feed, Mapping mapping, long importFileId) {
    }

    private record Draft(Ticket ticket, SaleIdentity identity, List<PosRow> rows, BigDecimal net) {
    }

    private record Existing(String status, long importFileId, BigDecimal net) {
    }

    private enum Fate { DUPLICATE, REJECTED, BOOKED, ANONYMOUS, PARKED }

    /** What becomes of one ticket of the chunk, worked out before anything is written. */
    private static final class Plan {
        final Draft draft;
        Fate fate;
        Existing before;
        String reason;
        MemberKeys keys;
        Long memberId;
        SaleKind kind;
        Ledger.Earning earning;
        Ledger.Original original;
        Plan originalInChunk;
        long saleId;

        Plan(Draft draft) {
            this.draft = draft;
        }

        PosRow first() {
            return draft.rows().get(0);
        }

        BigDecimal multiplier() {
            return earning == null ? null : earning.multiplier();
        }
    }

    private static final List<String> SALE_COLUMNS = List.of("merchant", "store", "register", "ticket", "business_date",
            "status", "member_id", "kind", "net_amount", "tax_amount", "total_amount", "currency", "points", "tender",
            "orig_ticket", "sold_at", "feed", "import_file_id", "multiplier", "orig_sale_id", "mobile_payment");
    private static final List<String> LINE_COLUMNS = List.of("sale_id", "line_no", "seq", "sku", "description", "category",
            "quantity", "unit_price", "net_amount");
    private static final List<String> PARKED_COLUMNS = List.of("sale_id", "merchant", "feed", "mapping", "card_number",
            "phone_e164", "email", "external_id");

    /**
     * Books a chunk set-based: one query finds the sales already received, one per match key finds the members,
     * one finds the originals of returns, one locks the members (in id order); points are worked out in ticket
     * order in memory; then sales, lines, points entries, parked sales and the members' new totals are written
     * with one LOAD DATA each (see {@link BulkLoad}).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public BookingOutcome book(List<Ticket> tickets, Source source) {
        BookingOutcome outcome = new BookingOutcome();
        List<Plan> plans = new ArrayList<>();
        for (Ticket ticket : tickets) {
            Draft draft = draft(ticket, source, outcome);
            if (draft != null) {
                plans.add(new Plan(draft));
            }
        }
        Map<SaleIdentity, Existing> existing = existing(plans.stream().map(p -> p.draft.identity()).toList());
        Set<SaleIdentity> seenInChunk = new HashSet<>();
        List<Plan> fresh = new ArrayList<>();
        for (Plan plan : plans) {
            plan.before = existing.get(plan.draft.identity());
            if (plan.before != null || !seenInChunk.add(plan.draft.identity())) {
                plan.fate = Fate.DUPLICATE;
                continue;
            }
            PosRow first = plan.first();
            plan.keys = MemberKeys.of(first.card(), first.phone(), first.email(), first.externalId(),
                    source.mapping().phoneRegion());
            fresh.add(plan);
        }
        match(fresh, source.mapping());
        List<Plan> written = fresh.stream().filter(p -> p.fate != Fate.REJECTED).toList();
        Map<Long, Ledger.MemberState> moved = earn(written, source.mapping());
        write(written, source, moved);
        for (Plan plan : plans) {
            account(outcome, plan, source);
        }
        return outcome;
    }

    /**
     * A ticket ready to book, or null when it is rejected (a row that could not be read, or one the database could
     * not store: see {@link RowLimits}) or is a VOID (its rows count as accepted).
     */
    private static Draft draft(Ticket ticket, Source source, BookingOutcome outcome) {
        ParsedRow bad = ticket.firstBadRow();
        if (bad != null) {
            outcome.rejectTicket(ticket, "line " + bad.lineNo() + ": " + bad.error());
            return null;
        }
        for (ParsedRow row : ticket.rows()) {
            String why = RowLimits.violation(row.row());
            if (why != null) {
                outcome.rejectTicket(ticket, "line " + row.lineNo() + ": " + why);
                return null;
            }
        }
        List<PosRow> rows = ticket.rows().stream().map(ParsedRow::row).toList();
        if (rows.stream().anyMatch(r -> r.type() == PosRow.RowType.VOID)) {
            outcome.rowsAccepted += rows.size();
            return null;
        }
        PosRow first = rows.get(0);
        BigDecimal net = rows.stream().filter(PosRow::saleLine).map(PosRow::lineNet).reduce(BigDecimal.ZERO, BigDecimal::add);
        SaleIdentity identity = new SaleIdentity(source.mapping().merchant(), first.store(), first.register(),
                first.ticket(), first.businessDate());
        return new Draft(ticket, identity, rows, net);
    }

    /** Decides each new sale's fate from its member match and the mapping's unknown-member policy. */
    private void match(List<Plan> fresh, Mapping mapping) {
        List<MemberMatch> matches = matcher.matchAll(mapping.merchant(), mapping.match(), fresh.stream().map(p -> p.keys).toList());
        Map<String, Long> createdByKey = new HashMap<>();
        for (int i = 0; i < fresh.size(); i++) {
            Plan plan = fresh.get(i);
            MemberMatch match = matches.get(i);
            if (match instanceof MemberMatch.Ambiguous ambiguous) {
                plan.fate = Fate.REJECTED;
                plan.reason = ambiguous.reason();
            } else if (match instanceof MemberMatch.Found found) {
                plan.fate = Fate.BOOKED;
                plan.memberId = found.memberId();
            } else if (match instanceof MemberMatch.NoKeys) {
                plan.fate = Fate.ANONYMOUS;
            } else if (mapping.unknownMember() == Mapping.UnknownMemberPolicy.CREATE) {
                plan.fate = Fate.BOOKED;
                plan.memberId = createdEarlier(createdByKey, mapping.match(), plan.keys);
                if (plan.memberId == null) {
                    plan.memberId = members.createFromSale(mapping.merchant(), plan.keys);
                    for (MemberKey key : mapping.match()) {
                        if (plan.keys.get(key) != null) {
                            createdByKey.putIfAbsent(key + ":" + plan.keys.get(key), plan.memberId);
                        }
                    }
                }
            } else if (mapping.unknownMember() == Mapping.UnknownMemberPolicy.REJECT) {
                plan.fate = Fate.REJECTED;
                plan.reason = "unknown member: no member matches the sale's "
                        + String.join(", ", mapping.match().stream().map(MemberKey::yamlName).toList());
            } else {
                plan.fate = Fate.PARKED;
            }
        }
    }

    /** A member this chunk created for an earlier sale with one of the same keys: the next sale matches it too. */
    private static Long createdEarlier(Map<String, Long> createdByKey, List<MemberKey> order, MemberKeys keys) {
        for (MemberKey key : order) {
            Long id = keys.get(key) == null ? null : createdByKey.get(key + ":" + keys.get(key));
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    /**
     * Works out, in ticket order, each sale's kind, the original a return names (the latest SALE of that ticket,
     * this chunk's own included) and — for booked sales — the points, moving each locked member on as it goes.
     */
    private Map<Long, Ledger.MemberState> earn(List<Plan> written, Mapping mapping) {
        String merchant = mapping.merchant();
        EarnProgram program = mapping.earn();
        List<Ledger.OriginalKey> wanted = new ArrayList<>();
        Set<Long> memberIds = new HashSet<>();
        for (Plan plan : written) {
            plan.kind = SaleKind.of(plan.draft.net());
            if (plan.kind == SaleKind.RETURN && plan.first().origTicket() != null) {
                wanted.add(new Ledger.OriginalKey(plan.first().store(), plan.first().register(), plan.first().origTicket()));
            }
            if (plan.memberId != null) {
                memberIds.add(plan.memberId);
            }
        }
        Map<Ledger.OriginalKey, Ledger.Original> originals = ledger.originals(merchant, wanted);
        Map<Long, Ledger.MemberState> states = ledger.lock(memberIds);
        Map<Ledger.OriginalKey, Plan> salesInChunk = new HashMap<>();
        for (Plan plan : written) {
            PosRow first = plan.first();
            BigDecimal originalMultiplier = null;
            if (plan.kind == SaleKind.RETURN && first.origTicket() != null) {
                Ledger.OriginalKey key = new Ledger.OriginalKey(first.store(), first.register(), first.origTicket());
                Plan inChunk = salesInChunk.get(key);
                Ledger.Original stored = originals.get(key);
                if (inChunk != null && (stored == null || !inChunk.draft.identity().businessDate().isBefore(stored.businessDate()))) {
                    plan.originalInChunk = inChunk;
                    originalMultiplier = inChunk.multiplier();
                } else if (stored != null) {
                    plan.original = stored;
                    originalMultiplier = stored.multiplier();
                }
            }
            if (plan.fate == Fate.BOOKED) {
                BigDecimal eligible = plan.draft.rows().stream()
                        .filter(r -> r.saleLine() && !program.excludes(r.sku(), r.category()))
                        .map(PosRow::lineNet)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                Ledger.MemberState state = states.get(plan.memberId);
                plan.earning = state.earn(plan.kind, eligible, program, originalMultiplier);
                states.put(plan.memberId, state.after(plan.earning, program));
            }
            if (plan.kind == SaleKind.SALE) {
                salesInChunk.put(new Ledger.OriginalKey(first.store(), first.register(), first.ticket()), plan);
            }
        }
        return states;
    }

    private Map<SaleIdentity, Existing> existing(List<SaleIdentity> identities) {
        Map<SaleIdentity, Existing> found = new HashMap<>();
        if (identities.isEmpty()) {
            return found;
        }
        List<Object> args = new ArrayList<>(identities.size() * 5);
        identities.forEach(id -> args.addAll(List.of(id.merchant(), id.store(), id.register(), id.ticket(), id.businessDate())));
        jdbc.query("""
                SELECT merchant, store, register, ticket, business_date, status, import_file_id, net_amount
                  FROM sale FORCE INDEX (uk_sale_identity)
                 WHERE (merchant, store, register, ticket, business_date) IN (%s)""".formatted(
                        Placeholders.tuples(identities.size(), 5)),
                rs -> {
                    found.put(identity(rs, 1), new Existing(rs.getString(6), rs.getLong(7), rs.getBigDecimal(8)));
                }, args.toArray());
        return found;
    }

    /** A sale's identity from five columns of a result, merchant first. */
    private static SaleIdentity identity(ResultSet rs, int first) throws SQLException {
        return new SaleIdentity(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2), rs.getString(first + 3),
                rs.getDate(first + 4).toLocalDate());
    }

    /**
     * Writes the chunk's sales (bulk-loaded, their ids read back by identity), their lines, the links of
     * returns to originals of this chunk, the points entries with the members' new totals, and the parked sales.
     */
    private void write(List<Plan> written, Source source, Map<Long, Ledger.MemberState> moved) {
        if (written.isEmpty()) {
            return;
        }
        Mapping mapping = source.mapping();
        long before = jdbc.queryForObject("SELECT COALESCE(MAX(id), 0) FROM sale WHERE import_file_id = ?", Long.class,
                source.importFileId());
        List<Object[]> sales = new ArrayList<>(written.size());
        for (Plan plan : written) {
            sales.add(saleRow(plan, source, mapping));
        }
        BulkLoad.load(jdbc, "sale", SALE_COLUMNS, sales);
        Map<SaleIdentity, Long> ids = new HashMap<>();
        jdbc.query("SELECT id, merchant, store, register, ticket, business_date FROM sale WHERE import_file_id = ? AND id > ?",
                rs -> {
                    ids.put(identity(rs, 2), rs.getLong(1));
                }, source.importFileId(), before);
        List<Object[]> lines = new ArrayList<>();
        List<Object[]> links = new ArrayList<>();
        List<Ledger.Entry> entries = new ArrayList<>();
        List<Object[]> parked = new ArrayList<>();
        for (Plan plan : written) {
            Long id = ids.get(plan.draft.identity());
            if (id == null) {
                throw new IllegalStateException("sale " + plan.draft.identity() + " was written but not found again");
            }
            plan.saleId = id;
            for (ParsedRow parsed : plan.draft.ticket().rows()) {
                PosRow r = parsed.row();
                if (r.saleLine()) {
                    lines.add(new Object[] {id, parsed.lineNo(), r.seq(), r.sku(), Values.truncate(r.description(), 255),
                            r.category(), r.quantity(), r.unitPrice(), r.lineNet()});
                }
            }
            if (plan.originalInChunk != null) {
                links.add(new Object[] {plan.originalInChunk.saleId, id});
            }
            if (plan.fate == Fate.BOOKED) {
                entries.add(new Ledger.Entry(plan.memberId, id, plan.earning));
            } else if (plan.fate == Fate.PARKED) {
                parked.add(new Object[] {id, mapping.merchant(), source.feed(), mapping.name(), plan.keys.get(MemberKey.CARD),
                        plan.keys.get(MemberKey.PHONE), plan.keys.get(MemberKey.EMAIL), plan.keys.get(MemberKey.EXTERNAL_ID)});
            }
        }
        BulkLoad.load(jdbc, "sale_line", LINE_COLUMNS, lines);
        if (!links.isEmpty()) {
            jdbc.batchUpdate("UPDATE sale SET orig_sale_id = ? WHERE id = ?", links);
        }
        ledger.recordAll(entries, moved);
        BulkLoad.load(jdbc, "parked_sale", PARKED_COLUMNS, parked);
    }

    private static Object[] saleRow(Plan plan, Source source, Mapping mapping) {
        Draft draft = plan.draft;
        PosRow first = plan.first();
        SaleIdentity id = draft.identity();
        LocalDateTime soldAtUtc = first.soldAtLocal().atZone(mapping.timezone()).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        BigDecimal tax = first.ticketTax() != null ? first.ticketTax()
                : draft.rows().stream().filter(PosRow::saleLine).map(PosRow::lineTax).map(SaleBooker::orZero)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
        String tender = draft.rows().stream().map(PosRow::tender).filter(t -> t != null).findFirst().orElse(null);
        return new Object[] {id.merchant(), id.store(), id.register(), id.ticket(), id.businessDate(), plan.fate.name(),
                plan.memberId, plan.kind.name(), draft.net(), tax,
                first.ticketTotal() != null ? first.ticketTotal() : draft.net().add(tax), mapping.currency(),
                plan.earning == null ? 0L : plan.earning.points(), tender, first.origTicket(), Timestamp.valueOf(soldAtUtc),
                source.feed(), source.importFileId(), plan.multiplier(), plan.original == null ? null : plan.original.saleId(),
                tender != null && mapping.mobilePaymentTenders().contains(tender.toUpperCase(Locale.ROOT))};
    }

    /**
     * Counts a ticket in the chunk's outcome. A sale already received is a duplicate — unless it was received by
     * this very import before a crash or outage cut it short, in which case it counts as what it was booked as,
     * so a resumed file ends with the counts of a clean run.
     */
    private static void account(BookingOutcome outcome, Plan plan, Source source) {
        Draft draft = plan.draft;
        if (plan.fate == Fate.REJECTED) {
            outcome.rejectTicket(draft.ticket(), plan.reason);
            return;
        }
        outcome.rowsAccepted += draft.rows().size();
        Existing before = plan.before;
        Fate counted = plan.fate;
        if (counted == Fate.DUPLICATE && before != null && before.importFileId() == source.importFileId()) {
            counted = Fate.valueOf(before.status());
        }
        switch (counted) {
            case BOOKED -> outcome.booked++;
            case PARKED -> outcome.parked++;
            case ANONYMOUS -> outcome.anonymous++;
            default -> {
                outcome.duplicate++;
                if (before != null && before.net().compareTo(draft.net()) != 0) {
                    SaleIdentity id = draft.identity();
                    log.warn("Duplicate sale store {} register {} ticket {} of {} (import {}) differs from the one received "
                                    + "in import {}: net {} now, {} then; the first one stands",
                            id.store(), id.register(), id.ticket(), id.businessDate(), source.importFileId(),
                            before.importFileId(), draft.net(), before.net());
                }
            }
        }
        SaleIdentity id = draft.identity();
        outcome.sales.add(new BookingOutcome.SaleResult(id.store(), id.register(), id.ticket(), id.businessDate().toString(),
                plan.fate.name(), plan.memberId, plan.earning == null ? 0 : plan.earning.points(), draft.net()));
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }
}
