package io.poshub.receipt;

import io.poshub.db.Placeholders;
import io.poshub.giftcard.GiftCardOwners;
import io.poshub.giftcard.GiftCardsMoved;
import io.poshub.member.MemberErased;
import io.poshub.member.MemberRepository;
import io.poshub.sale.SalesBooked;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes {@code receipt_outbox} (contract §22) where the sale or the gift-card activity is booked: the listeners run
 * inside the booking's transaction, so a receipt row exists exactly when its booking committed — a crash loses none, and
 * a sale received again books nothing and so makes no second row; the row's unique key ({@code kind, source_id,
 * channel}) holds should the same booking be noted twice.
 */
@Component
class ReceiptOutbox {

    private final JdbcTemplate jdbc;
    private final MemberRepository members;
    private final GiftCardOwners owners;
    private final ReceiptProperties properties;
    private final Clock clock;

    ReceiptOutbox(JdbcTemplate jdbc, MemberRepository members, GiftCardOwners owners, ReceiptProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.members = members;
        this.owners = owners;
        this.properties = properties;
        this.clock = clock;
    }

    /** Sales booked to members: a receipt for each one young enough whose member wants receipts. */
    @EventListener
    void salesBooked(SalesBooked booked) {
        Instant oldest = clock.instant().minus(properties.maxAge());
        List<SalesBooked.Sale> young = booked.sales().stream().filter(s -> !s.soldAt().isBefore(oldest)).toList();
        if (young.isEmpty()) {
            return;
        }
        Map<Long, String> channels = members.receiptChannels(young.stream().map(SalesBooked.Sale::memberId).distinct().toList());
        List<Object[]> rows = new ArrayList<>();
        for (SalesBooked.Sale sale : young) {
            String channel = channels.get(sale.memberId());
            if (channel != null) {
                rows.add(new Object[] {sale.memberId(), booked.merchant(), "SALE", sale.saleId(), channel});
            }
        }
        write(rows);
    }

    /** Gift-card activities: a receipt for each activation, load or redemption of a card whose owner wants receipts. */
    @EventListener
    void giftCardsMoved(GiftCardsMoved moved) {
        Map<Long, GiftCardOwners.Owner> owned = owners.receiptsOf(moved.activityIds());
        if (owned.isEmpty()) {
            return;
        }
        Map<Long, String> channels = members.receiptChannels(owned.values().stream().map(GiftCardOwners.Owner::memberId).distinct().toList());
        List<Object[]> rows = new ArrayList<>();
        owned.forEach((activity, owner) -> {
            String channel = channels.get(owner.memberId());
            if (channel != null) {
                rows.add(new Object[] {owner.memberId(), owner.merchant(), "GIFT_CARD", activity, channel});
            }
        });
        write(rows);
    }

    /**
     * Members erased (contract §17): their receipts not yet sent are not sent — the member's address is gone with them;
     * the rows of receipts sent stay, as they name no address.
     */
    @EventListener
    void erased(MemberErased erased) {
        if (!erased.memberIds().isEmpty()) {
            jdbc.update("DELETE FROM receipt_outbox WHERE state <> 'SENT' AND member_id IN (" + Placeholders.list(erased.memberIds().size())
                    + ")", erased.memberIds().toArray());
        }
    }

    private void write(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>(rows.size() * 5);
        rows.forEach(row -> args.addAll(List.of(row)));
        jdbc.update("INSERT INTO receipt_outbox (member_id, merchant, kind, source_id, channel) VALUES "
                + Placeholders.tuples(rows.size(), 5) + " ON DUPLICATE KEY UPDATE id = id", args.toArray());
    }
}
