package io.poshub.dayclose;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.common.StoreActivity;
import io.poshub.support.HubModuleTest;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The day close on its own (with the modules it asks): whatever books a part of a store's day announces it
 * ({@link StoreActivity}), and the day close marks that store-day to be computed again, then computes it.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class DayCloseModuleTest extends HubModuleTest {

    @DynamicPropertySource
    static void moduleProperties(DynamicPropertyRegistry registry) {
        registry.add("poshub.day-close.interval", () -> "200ms");
        registry.add("poshub.day-close.settle", () -> "0s");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aStoreDayAnnouncedIsComputedAgain(Scenario scenario) {
        LocalDate day = LocalDate.of(2026, 11, 7);
        scenario.publish(StoreActivity.sales("demo", "MOD-STORE", day))
                .andWaitForStateChange(() -> jdbc.queryForList(
                        "SELECT status FROM day_close WHERE merchant = 'demo' AND store = 'MOD-STORE' AND business_date = ?", String.class, day),
                        found -> !found.isEmpty())
                .andVerify(status -> assertThat(status).containsExactly("MISSING_Z"));
    }
}
