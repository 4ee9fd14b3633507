package io.poshub.receipt;

import io.poshub.giftcard.GiftCardOwners;
import io.poshub.mapping.Mapping;
import io.poshub.mapping.MappingRepository;
import io.poshub.member.MemberRepository;
import io.poshub.sale.MemberSales;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A receipt's message, made when it is sent: the member as it is now (its address, and whether it still wants receipts
 * by that channel), the sale or gift-card activity it is for, rendered by the merchant's template. Amounts are written
 * with the currency's decimals, times in the zone of the merchant's sales mapping.
 */
@Component
class ReceiptMessages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    /** What goes out: to whom, the subject (e-mail), the text, and whether it is HTML. */
    record Message(String address, String subject, String text, boolean html) {
    }

    private final MemberRepository members;
    private final MemberSales sales;
    private final GiftCardOwners giftCards;
    private final MappingRepository mappings;
    private final ReceiptTemplates templates;

    ReceiptMessages(MemberRepository members, MemberSales sales, GiftCardOwners giftCards, MappingRepository mappings,
                    ReceiptTemplates templates) {
        this.members = members;
        this.sales = sales;
        this.giftCards = giftCards;
        this.mappings = mappings;
        this.templates = templates;
    }

    /** @throws ReceiptSender.Refused when there is nothing to send: the member gone or unwilling, the sale or activity gone */
    Message of(long memberId, String merchant, String kind, long sourceId, String channel) {
        MemberRepository.Contact member = members.contact(memberId).filter(m -> !m.erased())
                .orElseThrow(() -> new ReceiptSender.Refused("member " + memberId + " was erased"));
        if (!channel.equals(member.receiptConsent())) {
            throw new ReceiptSender.Refused("member " + memberId + " no longer wants receipts by " + channel + " (now "
                    + member.receiptConsent() + ")");
        }
        String address = channel.equals("EMAIL") ? member.email() : member.phone();
        if (address == null || address.isBlank()) {
            throw new ReceiptSender.Refused("member " + memberId + " has no " + (channel.equals("EMAIL") ? "e-mail address" : "phone") + " any more");
        }
        Optional<Mapping> mapping = mappings.all().stream().filter(m -> m.merchant().equals(merchant) && m.readsSales()).findFirst();
        ZoneId zone = mapping.map(Mapping::timezone).orElse(ZoneOffset.UTC);
        Map<String, Object> values = new HashMap<>();
        values.put("merchant", merchant);
        values.put("firstName", member.firstName());
        values.put("receipt", sourceId);
        if (kind.equals("SALE")) {
            MemberSales.MemberSale sale = sales.sale(sourceId)
                    .orElseThrow(() -> new ReceiptSender.Refused("sale " + sourceId + " is not there any more"));
            values.put("sale", sale(sale, zone, Mapping.digitsOf(sale.currency())));
        } else {
            GiftCardOwners.ActivityReceipt activity = giftCards.receipt(sourceId)
                    .orElseThrow(() -> new ReceiptSender.Refused("gift-card activity " + sourceId + " is not there any more"));
            values.put("giftCard", giftCard(activity, zone));
        }
        ReceiptTemplates.Rendered rendered = templates.render(merchant, channel.toLowerCase(Locale.ROOT), values);
        String subject = rendered.subject() != null && !rendered.subject().isBlank() ? rendered.subject() : "Your receipt from " + merchant;
        return new Message(address, subject, rendered.text(), rendered.html());
    }

    private static Map<String, Object> sale(MemberSales.MemberSale sale, ZoneId zone, int digits) {
        Map<String, Object> values = new HashMap<>();
        values.put("store", sale.store());
        values.put("register", sale.register());
        values.put("ticket", sale.ticket());
        values.put("date", sale.businessDate().toString());
        values.put("time", time(sale.soldAt(), zone));
        values.put("isReturn", sale.kind().equals("RETURN"));
        values.put("currency", sale.currency());
        values.put("total", amount(sale.totalAmount(), digits));
        values.put("net", amount(sale.netAmount(), digits));
        values.put("tax", sale.taxAmount() == null || sale.taxAmount().signum() == 0 ? null : amount(sale.taxAmount(), digits));
        values.put("points", sale.points());
        values.put("lines", sale.lines().stream().map(l -> Map.<String, Object>of(
                "sku", nonNull(l.sku()), "description", nonNull(l.description() == null ? l.sku() : l.description()),
                "quantity", l.quantity() == null ? "" : l.quantity().stripTrailingZeros().toPlainString(),
                "amount", amount(l.netAmount(), digits), "giftCard", l.giftCard())).toList());
        values.put("tenders", sale.tenders().stream().map(t -> Map.<String, Object>of("tender", t.tender(),
                "amount", amount(t.amount(), digits))).toList());
        return values;
    }

    private static Map<String, Object> giftCard(GiftCardOwners.ActivityReceipt activity, ZoneId zone) {
        int digits = Mapping.digitsOf(activity.currency());
        Map<String, Object> values = new HashMap<>();
        values.put("card", activity.card());
        values.put("type", activity.type());
        values.put("what", switch (activity.type()) {
            case "ACTIVATE" -> "activated with";
            case "LOAD" -> "loaded with";
            default -> "paid";
        });
        values.put("activated", activity.type().equals("ACTIVATE"));
        values.put("loaded", activity.type().equals("LOAD"));
        values.put("redeemed", activity.type().equals("REDEEM"));
        values.put("amount", BigDecimal.valueOf(Math.abs(activity.amount()), digits).toPlainString());
        values.put("balance", BigDecimal.valueOf(activity.balanceAfter(), digits).toPlainString());
        values.put("currency", activity.currency());
        values.put("store", nonNull(activity.store()));
        values.put("time", time(activity.at(), zone));
        return values;
    }

    private static String amount(BigDecimal amount, int digits) {
        return amount == null ? "" : amount.setScale(digits, RoundingMode.HALF_UP).toPlainString();
    }

    private static String time(Instant at, ZoneId zone) {
        return at == null ? "" : TIME.format(at.atZone(zone));
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
