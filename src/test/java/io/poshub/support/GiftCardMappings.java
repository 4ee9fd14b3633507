package io.poshub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Mappings of merchant {@value #MERCHANT} (NOK, Oslo) that sell gift cards on receipts (contract §19), one per format
 * with line items, each naming where its files carry the card's number, the cashier and (where the layout has no price
 * to work it out from) the discount; and its Z-reports.
 */
public final class GiftCardMappings {

    public static final String MERCHANT = "shop";
    public static final String TILL = "till-key-of-shop";
    public static final String SKU = "GIFT-CARD";

    private GiftCardMappings() {
    }

    /**
     * The merchant's card ranges: member cards PA… (the usual program, where new cards are drawn) and PB… (program
     * {@code gc-double}: two points a krone), gift cards 7….
     */
    static void ranges(DynamicPropertyRegistry registry) {
        String[][] ranges = {{"MEMBER", "PA", null}, {"MEMBER", "PB", "gc-double"}, {"GIFT", "7", null}};
        for (int i = 0; i < ranges.length; i++) {
            String at = "poshub.cards.ranges[" + i + "].";
            String[] r = ranges[i];
            registry.add(at + "merchant", () -> MERCHANT);
            registry.add(at + "kind", () -> r[0]);
            registry.add(at + "prefix", () -> r[1]);
            if (r[2] != null) {
                registry.add(at + "program", () -> r[2]);
            }
        }
    }

    static void write(Path mappings) throws IOException {
        String common = """
                merchant: shop
                currency: NOK
                timezone: Europe/Oslo
                phoneRegion: NO
                """;
        String sells = "giftCardItems: {skus: [" + SKU + "], numberField: %s}\n";
        String matching = "match: [externalId]\nunknownMember: park\n";
        Files.writeString(mappings.resolve("gc-counterpoint.yaml"), "format: counterpoint\n" + common + matching
                + sells.formatted("GFC_NO") + "cashier: CLERK\n");
        Files.writeString(mappings.resolve("gc-ncr.yaml"), "format: ncr\n" + common + "match: [card]\nunknownMember: park\n"
                + sells.formatted("serial") + "cashier: cashier\n");
        Files.writeString(mappings.resolve("gc-springboard.yaml"), "format: springboard\n" + common + matching
                + sells.formatted("gift_card_no"));
        Files.writeString(mappings.resolve("gc-jesta.yaml"), "format: jesta\n" + common + "match: [card]\nunknownMember: park\n"
                + sells.formatted("GiftCardNo") + "cashier: Cashier\ndiscount: Discount\n");
        Files.writeString(mappings.resolve("gc-generic.yaml"), "format: generic\n" + common + matching
                + sells.formatted("Card No") + "cashier: Clerk\ndiscount: Discount\n" + """
                csv: {separator: ",", quote: '"', charset: UTF-8, header: true}
                columns:
                  store: Store
                  register: Register
                  ticket: Ticket
                  date: Date
                  time: Time
                  externalId: Customer
                  sku: SKU
                  quantity: Qty
                  lineNet: Net
                formats: {date: yyyy-MM-dd, time: "HH:mm"}
                amounts: {decimalSeparator: ".", thousandsSeparators: [], currencySymbols: [], negative: minus}
                """);
        Files.writeString(mappings.resolve("gc-double.yaml"), "format: counterpoint\n" + common + matching
                + "earn: {pointsPerUnit: 2}\n");
        Files.writeString(mappings.resolve("gc-z.yaml"), "format: zreport\nmerchant: shop\ncurrency: NOK\ntimezone: Europe/Oslo\n");
    }
}
