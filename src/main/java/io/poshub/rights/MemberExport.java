package io.poshub.rights;

import io.poshub.giftcard.GiftCardOwners;
import io.poshub.loyalty.Ledger;
import io.poshub.loyalty.Vouchers;
import io.poshub.member.Consents;
import io.poshub.member.Member;
import io.poshub.receipt.MemberReceipts;
import io.poshub.sale.MemberSales;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * Everything the hub keeps about a member (contract §17, GDPR article 15), machine-readable: the member, its consents
 * with their history, every points entry (earnings, returns, redemptions and their refunds), and every sale booked to it
 * with lines and tenders, every voucher it bought, the gift cards registered to it, and the e-receipts made for it. Payments carry no member in the hub (a phone's last four digits
 * only) and are not in it.
 */
@Schema(name = "MemberExport")
record MemberExport(Instant exportedAt, Member member, List<Consents.ConsentChange> consents, List<Ledger.LedgerEntry> points,
                    List<MemberSales.MemberSale> sales, List<Vouchers.Voucher> vouchers, List<GiftCardOwners.OwnedCard> giftCards,
                    List<MemberReceipts.Receipt> receipts) {
}
