package io.poshub.giftcard;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.common.StoreActivity;
import io.poshub.support.HubModuleTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;

/** Gift cards on their own: a redemption at a store announces that store's day ({@link StoreActivity}); a load does not. */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class GiftCardModuleTest extends HubModuleTest {

    @Autowired
    GiftCards cards;

    @Test
    void aRedemptionAtAStoreAnnouncesItsDay(Scenario scenario) {
        String number = "61000000001" + GiftCardNumbers.luhnDigit("61000000001");
        assertThat(cards.activate("demo", number, new GiftCards.Operation(5000, "NOK", "S-1", "sold", false, null), "act-1"))
                .isInstanceOf(GiftCardAnswers.State.class);

        scenario.stimulate(() -> cards.redeem("demo", number, new GiftCards.Operation(1200, "NOK", "S-2", "receipt 9", false, null), "red-1"))
                .andWaitForEventOfType(StoreActivity.class)
                .matching(activity -> "S-2".equals(activity.store()))
                .toArriveAndVerify((activity, outcome) -> {
                    assertThat(activity.merchant()).isEqualTo("demo");
                    assertThat(activity.at()).isNotNull();
                    assertThat(outcome).isEqualTo(new GiftCardAnswers.Approval(true, 1200L, false, 3800, "NOK"));
                });
    }
}
