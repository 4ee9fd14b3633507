package io.poshub.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.support.LoyaltyHubTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Earning with numbers computed by hand: tiers (BASE 1.0, SILVER 1.25 from 1 000, GOLD 1.5 from 5 000
 * lifetime points), excluded SKU and category, minimum spend, returns linked to their original, negative balances.
 */
class EarningTest extends LoyaltyHubTest {

    @Test
    void theSaleThatCrossesATierEarnsAtTheOldMultiplierAndTheNextAtTheNew() {
        long member = createMember(Map.of("externalId", "L1", "cardNumber", "TIER000001"));
        book("tiers.csv",
                sale("101", "TIER000001", "SKU-A", "APPAREL", "900.00"),   // 900 × 1.0 = 900 → lifetime 900, BASE
                sale("102", "TIER000001", "SKU-A", "APPAREL", "200.00"),   // 200 × 1.0 = 200 → 1 100, SILVER from now
                sale("103", "TIER000001", "SKU-A", "APPAREL", "100.00"),   // 100 × 1.25 = 125 → 1 225
                sale("104", "TIER000001", "SKU-A", "APPAREL", "3800.00"),  // 3 800 × 1.25 = 4 750 → 5 975, GOLD from now
                sale("105", "TIER000001", "SKU-A", "APPAREL", "100.00"));  // 100 × 1.5 = 150
        assertThat(pointsOf("101", "102", "103", "104", "105")).containsExactly(900L, 200L, 125L, 4750L, 150L);
        Map<String, Object> m = member(member);
        assertThat(m).containsEntry("tier", "GOLD").containsEntry("balance", 6125);

        // A return of ticket 101 takes back at the multiplier 101 earned at (1.0), not today's GOLD 1.5.
        book("return-101.csv", line("106", "TIER000001", 1, "R", "SKU-A", "APPAREL", "0", "1", "100.00", "-100.00", "101"));
        assertThat(pointsOf("106")).containsExactly(-100L);
        assertThat(jdbc.queryForObject("SELECT orig_sale_id FROM sale WHERE ticket = '106'", Long.class))
                .isEqualTo(jdbc.queryForObject("SELECT id FROM sale WHERE ticket = '101'", Long.class));
        List<Map<String, Object>> ledger = get("/api/members/" + member + "/points");
        assertThat(ledger).extracting(e -> e.get("delta")).containsExactly(-100, 150, 4750, 125, 200, 900);
        assertThat(ledger.get(0)).containsEntry("reason", "RETURN").containsEntry("ticket", "106");
    }

    @Test
    void excludedSkusAndCategoriesEarnNothingAndBelowMinSpendEarnsZero() {
        createMember(Map.of("externalId", "L2", "cardNumber", "EXCL000001"));
        book("exclusions.csv",
                line("201", "EXCL000001", 1, "S", "SKU-EX", "APPAREL", "1", "0", "50.00", "50.00", ""),  // excluded SKU
                line("201", "EXCL000001", 2, "S", "SKU-G", "GIFTCARD", "1", "0", "30.00", "30.00", ""), // excluded category
                line("201", "EXCL000001", 3, "S", "SKU-A", "APPAREL", "1", "0", "15.00", "15.00", ""), // eligible 15 < 20
                line("202", "EXCL000001", 1, "S", "SKU-A", "APPAREL", "1", "0", "25.50", "25.50", ""), // eligible 25.50
                line("202", "EXCL000001", 2, "S", "SKU-EX", "APPAREL", "1", "0", "100.00", "100.00", ""));
        assertThat(pointsOf("201", "202")).containsExactly(0L, 25L);
    }

    @Test
    void aReturnBiggerThanTheBalanceLeavesItNegative() {
        long member = createMember(Map.of("externalId", "L3", "cardNumber", "NEGA000001"));
        book("negative.csv",
                sale("301", "NEGA000001", "SKU-A", "APPAREL", "40.00"),
                line("302", "NEGA000001", 1, "R", "SKU-A", "APPAREL", "0", "1", "60.00", "-60.00", "301"));
        assertThat(pointsOf("301", "302")).containsExactly(40L, -60L);
        assertThat(member(member)).containsEntry("balance", -20);
    }
}
