package io.poshub.sale;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.member.MembersArrived;
import io.poshub.member.MembersMerged;
import io.poshub.support.HubModuleTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;

/**
 * The sale module on its own (with what it uses): what it does when members announce themselves. A member who arrived
 * has the sale parked for its card booked to it; a merge moves the merged member's sales.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
class SaleModuleTest extends HubModuleTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aMemberWhoArrivedHasTheSaleParkedForItsCardBooked(Scenario scenario) {
        long sale = sale("PARK-1", null, "PARKED");
        jdbc.update("""
                INSERT INTO parked_sale (sale_id, merchant, feed, mapping, card_number) VALUES (?, 'demo', 'modules', 'counterpoint', 'MODPARK001')
                """, sale);
        long member = member("MODPARK001");

        scenario.publish(MembersArrived.of("demo", member))
                .andWaitForStateChange(() -> jdbc.queryForObject("SELECT status FROM sale WHERE id = ?", String.class, sale),
                        "BOOKED"::equals)
                .andVerify(status -> {
                    assertThat(jdbc.queryForObject("SELECT member_id FROM sale WHERE id = ?", Long.class, sale)).isEqualTo(member);
                    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM points_entry WHERE sale_id = ?", Integer.class, sale)).isEqualTo(1);
                });
    }

    @Test
    void aMergeMovesTheMergedMembersSales(Scenario scenario) {
        long into = member("MODMERGE01");
        long from = member("MODMERGE02");
        long sale = sale("MERGE-1", from, "BOOKED");

        scenario.publish(new MembersMerged("demo", into, from))
                .andWaitForStateChange(() -> jdbc.queryForObject("SELECT member_id FROM sale WHERE id = ?", Long.class, sale),
                        owner -> owner == into)
                .andVerify(owner -> assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE member_id = ?", Integer.class, from))
                        .isZero());
    }

    private long member(String card) {
        jdbc.update("INSERT INTO member (merchant, external_id, card_number) VALUES ('demo', ?, ?)", card, card);
        return jdbc.queryForObject("SELECT id FROM member WHERE card_number = ?", Long.class, card);
    }

    /** A one-line sale of 45.00 (the file it came in is ingest's business: a row stands for it). */
    private long sale(String ticket, Long member, String status) {
        jdbc.update("INSERT INTO import_file (feed, name, sha256, status, received_at) VALUES ('modules', ?, ?, 'DONE', UTC_TIMESTAMP(3))",
                ticket + ".csv", "0".repeat(64));
        long file = jdbc.queryForObject("SELECT id FROM import_file WHERE name = ?", Long.class, ticket + ".csv");
        jdbc.update("""
                INSERT INTO sale (merchant, store, register, ticket, business_date, status, member_id, kind, net_amount, tax_amount,
                                  total_amount, currency, sold_at, feed, import_file_id)
                VALUES ('demo', '001', '1', ?, '2026-11-06', ?, ?, 'SALE', 45.00, 0.00, 45.00, 'CAD', '2026-11-06 15:00:00', 'modules', ?)
                """, ticket, status, member, file);
        long id = jdbc.queryForObject("SELECT id FROM sale WHERE ticket = ?", Long.class, ticket);
        jdbc.update("INSERT INTO sale_line (sale_id, line_no, seq, sku, category, quantity, unit_price, net_amount) "
                + "VALUES (?, 2, 1, 'SKU-A', 'APPAREL', 1, 45.00, 45.00)", id);
        return id;
    }
}
