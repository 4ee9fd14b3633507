package io.poshub.giftcard;

import io.poshub.cards.CardKind;
import io.poshub.cards.CardRanges;
import io.poshub.common.InvalidField;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import io.poshub.db.Placeholders;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gift cards sold and taken back on receipts (contract §19), in the transaction that books the receipts' sales: a line
 * selling a card activates it (or loads it, when active) by the line's amount; a return line takes the amount back, or
 * is declined when the card no longer holds it. A ticket moves all its cards or none: one declined line declines the
 * ticket. Each move is one activity naming the receipt line, so a sale's lines move their cards exactly as often as the
 * sale is booked — once.
 */
@NamedInterface("api")
@Service
public class GiftCardsSold {

    private final JdbcTemplate jdbc;
    private final GiftCardProperties properties;
    private final CardRanges ranges;

    private final ApplicationEventPublisher events;

    GiftCardsSold(JdbcTemplate jdbc, GiftCardProperties properties, CardRanges ranges, ApplicationEventPublisher events) {
        this.events = events;
        this.ranges = ranges;
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * A receipt line that sells ({@code amount} above 0) or takes back (below 0) a gift card.
     *
     * @param ticket   which ticket of the call it is on: a declined line declines every line of its ticket
     * @param receipt  the sale line's name, unique per sale and line (store/register/ticket/date/line)
     * @param line     where in the file it is, for the reason
     * @param number   the number as the file wrote it, null when the line carries none
     * @param column   the column the number was looked for in, for the reason
     * @param amount   minor units of the currency, signed
     * @param buyer    the member the sale is booked to, or null: a card it activates is registered to them (contract §19)
     */
    @NamedInterface("api")
    public record Line(int ticket, String store, String receipt, LocalDate businessDate, long line, String number, String column,
                       long amount, Long buyer) {
    }

    /** Which tickets were declined, each with the reason naming its line; the others moved their cards. */
    @NamedInterface("api")
    public record Outcome(Map<Integer, String> declined) {
    }

    private static final class Card {
        final Long id;
        final String number;
        String currency;
        boolean active;
        long balance;
        long held;

        Card(Long id, String number, String currency, boolean active, long balance, long held) {
            this.id = id;
            this.number = number;
            this.currency = currency;
            this.active = active;
            this.balance = balance;
            this.held = held;
        }

        Card copy() {
            return new Card(id, number, currency, active, balance, held);
        }
    }

    private record Move(String number, String currency, String type, long amount, long after, Line line) {
    }

    /**
     * Moves the lines' cards, ticket by ticket in the order given.
     *
     * @throws org.springframework.dao.DuplicateKeyException when a receipt line moved its card before (a sale received
     *         before); it leaves the caller's transaction as it was, for the caller to go back to its savepoint
     */
    @Transactional(propagation = Propagation.MANDATORY, noRollbackFor = org.springframework.dao.DuplicateKeyException.class)
    public Outcome sell(String merchant, String currency, List<Line> lines) {
        if (lines.isEmpty()) {
            return new Outcome(Map.of());
        }
        Map<Integer, String> declined = new LinkedHashMap<>();
        Map<Line, String> numbers = new HashMap<>();
        for (Line line : lines) {
            String why = null;
            if (line.number() == null) {
                why = "the gift card line has no card number in " + line.column();
            } else if (line.amount() == 0) {
                why = "the gift card line sells no amount";
            } else {
                try {
                    String number = GiftCardNumbers.check(line.number(), properties.checkDigit());
                    why = ranges.whyOutOfRange(merchant, CardKind.GIFT, number);
                    if (why == null) {
                        numbers.put(line, number);
                    }
                } catch (InvalidField e) {
                    why = e.getMessage();
                }
            }
            if (why != null) {
                declined.putIfAbsent(line.ticket(), "line " + line.line() + ": " + why);
            }
        }
        Map<String, Card> cards = lock(merchant, new TreeSet<>(numbers.values()));
        List<Move> moves = new ArrayList<>();
        Map<Integer, List<Line>> byTicket = new LinkedHashMap<>();
        lines.forEach(line -> byTicket.computeIfAbsent(line.ticket(), t -> new ArrayList<>()).add(line));
        byTicket.forEach((ticket, its) -> {
            if (declined.containsKey(ticket)) {
                return;
            }
            Map<String, Card> after = new HashMap<>();
            List<Move> ticketMoves = new ArrayList<>();
            for (Line line : its) {
                String number = numbers.get(line);
                Card card = after.computeIfAbsent(number, n -> cards.containsKey(n) ? cards.get(n).copy() : null);
                String why = move(card, number, currency, line, ticketMoves, after);
                if (why != null) {
                    declined.put(ticket, "line " + line.line() + ": " + why);
                    return;
                }
            }
            cards.putAll(after);
            moves.addAll(ticketMoves);
        });
        Map<String, Long> ids = new HashMap<>();
        cards.values().stream().filter(c -> c.id != null).forEach(c -> ids.put(c.number, c.id));
        write(merchant, moves, ids);
        return new Outcome(declined);
    }

    /** One line's move on its card as the ticket has left it so far; the reason when it cannot be made. */
    private static String move(Card card, String number, String currency, Line line, List<Move> moves, Map<String, Card> after) {
        String masked = GiftCards.masked(number);
        if (line.amount() > 0) {
            if (card == null) {
                Card opened = new Card(null, number, currency, true, line.amount(), 0);
                after.put(number, opened);
                moves.add(new Move(number, currency, "ACTIVATE", line.amount(), line.amount(), line));
                return null;
            }
            if (!card.active) {
                return "gift card " + masked + " is inactive and cannot be loaded";
            }
            if (!card.currency.equals(currency)) {
                return "gift card " + masked + " holds " + card.currency + ", the receipt is in " + currency;
            }
            card.balance += line.amount();
            moves.add(new Move(number, currency, "LOAD", line.amount(), card.balance, line));
            return null;
        }
        if (card == null) {
            return "gift card " + masked + " was never activated: there is nothing to take back";
        }
        if (!card.active) {
            return "gift card " + masked + " is inactive: the return cannot take its money back";
        }
        if (!card.currency.equals(currency)) {
            return "gift card " + masked + " holds " + card.currency + ", the receipt is in " + currency;
        }
        long back = -line.amount();
        if (card.balance - card.held < back) {
            return "gift card " + masked + " holds " + (card.balance - card.held) + " of the " + back
                    + " the return takes back (minor units): it was spent";
        }
        card.balance -= back;
        moves.add(new Move(number, currency, "RETURN", -back, card.balance, line));
        return null;
    }

    /** The cards of these numbers that exist, locked in number order (as every other locking of cards goes). */
    private Map<String, Card> lock(String merchant, TreeSet<String> numbers) {
        Map<String, Card> cards = new HashMap<>();
        if (numbers.isEmpty()) {
            return cards;
        }
        jdbc.query("SELECT id, number, currency, state, balance, held FROM gift_card WHERE merchant = ? AND number IN ("
                        + String.join(",", numbers.stream().map(n -> "?").toList()) + ") ORDER BY number FOR UPDATE",
                rs -> {
                    cards.put(rs.getString(2), new Card(rs.getLong(1), rs.getString(2), rs.getString(3),
                            CardState.ACTIVE.name().equals(rs.getString(4)), rs.getLong(5), rs.getLong(6)));
                }, concat(merchant, numbers));
        return cards;
    }

    /** The new cards, the activities and the cards' balances after them; {@code ids}: the cards there were, by number. */
    private void write(String merchant, List<Move> moves, Map<String, Long> ids) {
        if (moves.isEmpty()) {
            return;
        }
        List<Move> opened = moves.stream().filter(m -> m.type().equals("ACTIVATE")).toList();
        if (!opened.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO gift_card (merchant, number, currency, state, store, owner_member_id)"
                            + " VALUES (?, ?, ?, 'ACTIVE', ?, ?)", opened.stream().map(m -> new Object[] {merchant, m.number(), m.currency(),
                    m.line().store(), m.line().buyer()}).toList());
            jdbc.query("SELECT id, number FROM gift_card WHERE merchant = ? AND number IN ("
                    + String.join(",", opened.stream().map(m -> "?").toList()) + ")", rs -> {
                ids.put(rs.getString(2), rs.getLong(1));
            }, concat(merchant, opened.stream().map(Move::number).toList()));
        }
        jdbc.batchUpdate("""
                INSERT INTO gift_card_activity (gift_card_id, type, amount, balance_after, store, reference, receipt_line, business_date)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, moves.stream().map(m -> new Object[] {ids.get(m.number()), m.type(), m.amount(), m.after(), m.line().store(),
                abbreviate("receipt " + m.line().receipt(), 100), m.line().receipt(), m.line().businessDate()}).toList());
        // The activities' ids, by the key each was written under, for the receipts their owners get.
        List<Object> keys = new ArrayList<>(moves.size() * 2);
        moves.forEach(m -> {
            keys.add(ids.get(m.number()));
            keys.add(m.line().receipt());
        });
        events.publishEvent(new GiftCardsMoved(jdbc.queryForList("SELECT id FROM gift_card_activity WHERE (gift_card_id, receipt_line) IN ("
                + Placeholders.tuples(moves.size(), 2) + ")", Long.class, keys.toArray())));
        Map<Long, Long> balances = new LinkedHashMap<>();
        moves.forEach(m -> balances.put(ids.get(m.number()), m.after()));
        jdbc.batchUpdate("UPDATE gift_card SET balance = ? WHERE id = ?",
                balances.entrySet().stream().map(e -> new Object[] {e.getValue(), e.getKey()}).toList());
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static Object[] concat(String first, java.util.Collection<String> rest) {
        List<Object> args = new ArrayList<>(rest.size() + 1);
        args.add(first);
        args.addAll(rest);
        return args.toArray();
    }
}
