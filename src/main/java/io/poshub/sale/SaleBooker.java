package io.poshub.sale;

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
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns a chunk of tickets into sales: rejects tickets with a bad row, recognises sales already received
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

    private record Existing(String status, long importFileId, BigDecimal net, BigDecimal total) {
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public BookingOutcome book(List<Ticket> tickets, Source source) {
        BookingOutcome outcome = new BookingOutcome();
        List<Draft> drafts = new ArrayList<>();
        for (Ticket ticket : tickets) {
            ParsedRow bad = ticket.firstBadRow();
            if (bad != null) {
                outcome.rejectTicket(ticket, "line " + bad.lineNo() + ": " + bad.error());
                continue;
            }
            List<PosRow> rows = ticket.rows().stream().map(ParsedRow::row).toList();
            PosRow first = rows.get(0);
            if (rows.stream().anyMatch(r -> r.type() == PosRow.RowType.VOID)) {
                outcome.rowsAccepted += rows.size();
                continue;
            }
            BigDecimal net = rows.stream().filter(PosRow::saleLine).map(PosRow::lineNet).reduce(BigDecimal.ZERO, BigDecimal::add);
            SaleIdentity identity = new SaleIdentity(source.mapping().merchant(), first.store(), first.register(),
                    first.ticket(), first.businessDate());
            drafts.add(new Draft(ticket, identity, rows, net));
        }
        Map<SaleIdentity, Existing> existing = existing(drafts.stream().map(Draft::identity).toList());
        Set<SaleIdentity> seenInChunk = new HashSet<>();
        for (Draft draft : drafts) {
            Existing before = existing.get(draft.identity());
            if (before != null || !seenInChunk.add(draft.identity())) {
                countExisting(outcome, draft, before, source);
                result(outcome, draft, "DUPLICATE", null, 0);
                continue;
            }
            PosRow first = draft.rows().get(0);
            MemberKeys keys = MemberKeys.of(first.card(), first.phone(), first.email(), first.externalId(),
                    source.mapping().phoneRegion());
            MemberMatch match = matcher.match(source.mapping().merchant(), source.mapping().match(), keys);
            if (match instanceof MemberMatch.Ambiguous ambiguous) {
                outcome.rejectTicket(draft.ticket(), ambiguous.reason());
            } else if (match instanceof MemberMatch.Found found) {
                result(outcome, draft, "BOOKED", found.memberId(), write(draft, source, "BOOKED", found.memberId()).points());
                outcome.booked++;
                outcome.rowsAccepted += draft.rows().size();
            } else if (match instanceof MemberMatch.NoKeys) {
                write(draft, source, "ANONYMOUS", null);
                result(outcome, draft, "ANONYMOUS", null, 0);
                outcome.anonymous++;
                outcome.rowsAccepted += draft.rows().size();
            } else if (source.mapping().unknownMember() == Mapping.UnknownMemberPolicy.CREATE) {
                long created = members.createFromSale(source.mapping().merchant(), keys);
                result(outcome, draft, "BOOKED", created, write(draft, source, "BOOKED", created).points());
                outcome.booked++;
                outcome.rowsAccepted += draft.rows().size();
            } else if (source.mapping().unknownMember() == Mapping.UnknownMemberPolicy.REJECT) {
                outcome.rejectTicket(draft.ticket(), "unknown member: no member matches the sale's "
                        + String.join(", ", source.mapping().match().stream().map(MemberKey::yamlName).toList()));
            } else {
                park(write(draft, source, "PARKED", null).saleId(), source, keys);
                result(outcome, draft, "PARKED", null, 0);
                outcome.parked++;
                outcome.rowsAccepted += draft.rows().size();
            }
        }
        return outcome;
    }

    /**
     * A sale already received is a duplicate — unless it was received by this very import before a crash
     * or outage cut it short, in which case it counts as what it was booked as, so a resumed file ends with
     * the counts of a clean run.
     */
    private static void countExisting(BookingOutcome outcome, Draft draft, Existing before, Source source) {
        outcome.rowsAccepted += draft.rows().size();
        if (before != null && before.importFileId() == source.importFileId()) {
            switch (before.status()) {
                case "BOOKED" -> outcome.booked++;
                case "PARKED" -> outcome.parked++;
                default -> outcome.anonymous++;
            }
            return;
        }
        outcome.duplicate++;
        if (before != null && before.net().compareTo(draft.net()) != 0) {
            SaleIdentity id = draft.identity();
            log.warn("Duplicate sale store {} register {} ticket {} of {} (import {}) differs from the one received "
                            + "in import {}: net {} now, {} then; the first one stands",
                    id.store(), id.register(), id.ticket(), id.businessDate(), source.importFileId(),
                    before.importFileId(), draft.net(), before.net());
        }
    }

    private static void result(BookingOutcome outcome, Draft draft, String what, Long memberId, long points) {
        SaleIdentity id = draft.identity();
        outcome.sales.add(new BookingOutcome.SaleResult(id.store(), id.register(), id.ticket(), id.businessDate().toString(), what,
                memberId, points, draft.net()));
    }

    private record Written(long saleId, long points) {
    }

    private Map<SaleIdentity, Existing> existing(List<SaleIdentity> identities) {
        Map<SaleIdentity, Existing> found = new HashMap<>();
        if (identities.isEmpty()) {
            return found;
        }
        StringBuilder sql = new StringBuilder("""
                SELECT merchant, store, register, ticket, business_date, status, import_file_id, net_amount, total_amount
                  FROM sale WHERE (merchant, store, register, ticket, business_date) IN (""");
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < identities.size(); i++) {
            sql.append(i == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)");
            SaleIdentity id = identities.get(i);
            args.addAll(List.of(id.merchant(), id.store(), id.register(), id.ticket(), id.businessDate()));
        }
        sql.append(')');
        jdbc.query(sql.toString(), rs -> {
            found.put(new SaleIdentity(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getDate(5).toLocalDate()),
                    new Existing(rs.getString(6), rs.getLong(7), rs.getBigDecimal(8), rs.getBigDecimal(9)));
        }, args.toArray());
        return found;
    }

    private Written write(Draft draft, Source source, String status, Long memberId) {
        Mapping mapping = source.mapping();
        EarnProgram earn = mapping.earn();
        PosRow first = draft.rows().get(0);
        SaleKind kind = SaleKind.of(draft.net());
        BigDecimal eligible = draft.rows().stream()
                .filter(r -> r.saleLine() && !earn.excludes(r.sku(), r.category()))
                .map(PosRow::lineNet)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        Ledger.Original original = kind == SaleKind.RETURN
                ? ledger.original(draft.identity().merchant(), first.store(), first.register(), first.origTicket()) : null;
        Ledger.Earning earning = memberId == null ? null
                : ledger.quote(memberId, kind, eligible, earn, original == null ? null : original.multiplier());
        LocalDateTime soldAtUtc = first.soldAtLocal().atZone(mapping.timezone()).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        BigDecimal tax = first.ticketTax() != null ? first.ticketTax()
                : draft.rows().stream().filter(PosRow::saleLine).map(PosRow::lineTax).map(SaleBooker::orZero)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
        String tender = draft.rows().stream().map(PosRow::tender).filter(t -> t != null).findFirst().orElse(null);
        SaleIdentity id = draft.identity();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    INSERT INTO sale (merchant, store, register, ticket, business_date, status, member_id, kind,
                        net_amount, tax_amount, total_amount, currency, points, tender, orig_ticket, sold_at, feed, import_file_id,
                        multiplier, orig_sale_id, mobile_payment)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, id.merchant());
            ps.setString(2, id.store());
            ps.setString(3, id.register());
            ps.setString(4, id.ticket());
            ps.setObject(5, id.businessDate());
            ps.setString(6, status);
            ps.setObject(7, memberId);
            ps.setString(8, kind.name());
            ps.setBigDecimal(9, draft.net());
            ps.setBigDecimal(10, tax);
            ps.setBigDecimal(11, first.ticketTotal() != null ? first.ticketTotal() : draft.net().add(tax));
            ps.setString(12, mapping.currency());
            ps.setLong(13, earning == null ? 0 : earning.points());
            ps.setString(14, tender);
            ps.setString(15, first.origTicket());
            ps.setTimestamp(16, Timestamp.valueOf(soldAtUtc));
            ps.setString(17, source.feed());
            ps.setLong(18, source.importFileId());
            ps.setBigDecimal(19, earning == null ? null : earning.multiplier());
            ps.setObject(20, original == null ? null : original.saleId());
            ps.setBoolean(21, tender != null && mapping.mobilePaymentTenders().contains(tender.toUpperCase(java.util.Locale.ROOT)));
            return ps;
        }, key);
        long saleId = key.getKey().longValue();
        List<Object[]> lines = new ArrayList<>();
        for (ParsedRow parsed : draft.ticket().rows()) {
            PosRow r = parsed.row();
            if (!r.saleLine()) {
                continue;
            }
            lines.add(new Object[] {saleId, parsed.lineNo(), r.seq(), r.sku(),
                    Values.truncate(r.description(), 255), r.category(), r.quantity(), r.unitPrice(), r.lineNet()});
        }
        if (!lines.isEmpty()) {
            jdbc.batchUpdate("""
                INSERT INTO sale_line (sale_id, line_no, seq, sku, description, category, quantity, unit_price, net_amount)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, lines);
        }
        if (memberId != null) {
            ledger.record(memberId, saleId, earning, earn);
        }
        return new Written(saleId, earning == null ? 0 : earning.points());
    }

    private void park(long saleId, Source source, MemberKeys keys) {
        jdbc.update("""
                INSERT INTO parked_sale (sale_id, merchant, feed, mapping, card_number, phone_e164, email, external_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, saleId, source.mapping().merchant(), source.feed(), source.mapping().name(), keys.get(MemberKey.CARD),
                keys.get(MemberKey.PHONE), keys.get(MemberKey.EMAIL),
                keys.get(MemberKey.EXTERNAL_ID));
    }

    private static BigDecimal orZero(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

}
