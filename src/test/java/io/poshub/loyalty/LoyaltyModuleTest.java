package io.poshub.loyalty;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.common.StoreActivity;
import io.poshub.support.HubModuleTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;

/** Loyalty on its own: points redeemed at a store announce that store's day ({@link StoreActivity}). */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class LoyaltyModuleTest extends HubModuleTest {

    @Autowired
    Redemptions redemptions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void pointsRedeemedAtAStoreAnnounceItsDay(Scenario scenario) {
        // The member's row is member's business; loyalty only needs one to book against.
        jdbc.update("INSERT INTO member (merchant, external_id, card_number) VALUES ('demo', 'LOY-1', 'LOYCARD001')");
        long member = jdbc.queryForObject("SELECT id FROM member WHERE external_id = 'LOY-1'", Long.class);
        redemptions.adjust(member, 500, "opening balance", "loy-0");

        scenario.stimulate(() -> redemptions.redeem(member, 200, "receipt 12", "S-3", "loy-1"))
                .andWaitForEventOfType(StoreActivity.class)
                .matching(activity -> "S-3".equals(activity.store()))
                .toArriveAndVerify((activity, outcome) -> {
                    assertThat(activity.merchant()).isEqualTo("demo");
                    assertThat(outcome).isInstanceOfSatisfying(Redemptions.Redeemed.class, r -> assertThat(r.balance()).isEqualTo(300));
                });
    }
}
