package io.poshub.sale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.support.LoyaltyHubTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * Parked sales: booked once when their member appears (created, imported, or written by another node), or
 * assigned once by an admin.
 */
class ParkedSalesTest extends LoyaltyHubTest {

    @Test
    void aParkedSaleBooksOnceWhenItsMemberIsCreatedOrImportedAndCanBeAssignedOnce() {
        book("parked.csv",
                sale("401", "PARK000001", "SKU-A", "APPAREL", "45.00"),
                row("402", "X777", "", "", "31.00"),
                row("403", "", "", "nobody@example.org", "22.00"));
        assertThat(jdbc.queryForList("SELECT status FROM sale WHERE ticket IN ('401','402','403') ORDER BY ticket", String.class))
                .containsOnly("PARKED");

        long byCard = createMember(Map.of("externalId", "P1", "cardNumber", "park-0000 01"));
        await().atMost(Duration.ofSeconds(5)).until(() -> balance(byCard) == 45);

        String csv = "external_id,card_number,phone,email,first_name,last_name,tier\nX777,,,,Imported,Twice,BASE\n";
        importMembers(csv);
        importMembers(csv);
        long imported = ((Number) get("/api/members?externalId=X777").get(0).get("id")).longValue();
        await().atMost(Duration.ofSeconds(5)).until(() -> balance(imported) == 31);
        awaitEventsHandled();
        assertThat(balance(imported)).as("booked once, though announced by two imports").isEqualTo(31);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM points_entry p JOIN sale s ON s.id = p.sale_id WHERE s.ticket = '402'",
                Integer.class)).isEqualTo(1);

        long parkedId = ((Number) get("/api/parked?email=nobody@example.org").get(0).get("id")).longValue();
        long chosen = createMember(Map.of("externalId", "P3"));
        ResponseEntity<Map> assigned = admin().postForEntity("/api/parked/" + parkedId + "/assign", Map.of("memberId", chosen), Map.class);
        assertThat(assigned.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(balance(chosen)).isEqualTo(22);
        ResponseEntity<Map> again = admin().postForEntity("/api/parked/" + parkedId + "/assign", Map.of("memberId", chosen), Map.class);
        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(again.getBody().get("detail")).asString().contains("already booked to member " + chosen);
        assertThat(balance(chosen)).isEqualTo(22);
        assertThat(get("/api/parked?feed=loyal")).extracting(p -> p.get("ticket")).doesNotContain("401", "402", "403");
    }

    @Test
    void aParkedSaleBooksWithinFiveSecondsOfAMemberWrittenByAnotherNode() {
        book("parked-other-node.csv", sale("451", "NODE000002", "SKU-A", "APPAREL", "33.00"));
        assertThat(jdbc.queryForObject("SELECT status FROM sale WHERE ticket = '451'", String.class)).isEqualTo("PARKED");
        // Not through this hub's API: as if another node (or an admin's SQL) had created the member.
        jdbc.update("INSERT INTO member (merchant, external_id, card_number) VALUES ('demo', 'N2', 'NODE000002')");
        long member = jdbc.queryForObject("SELECT id FROM member WHERE external_id = 'N2'", Long.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> balance(member) == 33);
        assertThat(jdbc.queryForObject("SELECT status FROM sale WHERE ticket = '451'", String.class)).isEqualTo("BOOKED");
    }
}
