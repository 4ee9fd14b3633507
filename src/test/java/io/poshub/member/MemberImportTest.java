package io.poshub.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.support.LoyaltyHubTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The member CSV through {@code POST /api/members/import}: columns in any order, the new columns, refusals. */
class MemberImportTest extends LoyaltyHubTest {

    @Test
    void columnsInAnyOrderWithStatusAndConsentAreHonoured() {
        ResponseEntity<Map> answer = post("""
                marketing_consent,tier,last_name,email,external_id,status,card_number,phone,first_name
                true,silver,Nordmann,Kari@Example.org,IMP-1,ACTIVE,imp-0001,+4791000001,Kari
                false,,Hansen,,IMP-2,inactive,IMP0002,,Ola
                ,,,,IMP-3,,,,
                """);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody()).containsEntry("imported", 3).containsEntry("rejected", List.of());

        Map<String, Object> kari = jdbc.queryForMap("SELECT * FROM member WHERE external_id = 'IMP-1'");
        assertThat(kari).containsEntry("card_number", "IMP0001").containsEntry("email", "kari@example.org")
                .containsEntry("phone_e164", "+4791000001").containsEntry("tier", "SILVER").containsEntry("assigned_tier", "SILVER")
                .containsEntry("status", "ACTIVE").containsEntry("marketing_consent", true).containsEntry("first_name", "Kari");
        Map<String, Object> ola = jdbc.queryForMap("SELECT * FROM member WHERE external_id = 'IMP-2'");
        assertThat(ola).containsEntry("status", "INACTIVE").containsEntry("marketing_consent", false).containsEntry("tier", "BASE");
        assertThat(jdbc.queryForMap("SELECT * FROM member WHERE external_id = 'IMP-3'"))
                .containsEntry("status", "ACTIVE").containsEntry("card_number", null).containsEntry("marketing_consent", false);

        // A second file naming fewer columns changes only those; a blank value clears it.
        assertThat(post("""
                external_id,status,last_name
                IMP-1,INACTIVE,
                """).getBody()).containsEntry("imported", 1);
        assertThat(jdbc.queryForMap("SELECT * FROM member WHERE external_id = 'IMP-1'"))
                .containsEntry("status", "INACTIVE").containsEntry("last_name", null).containsEntry("first_name", "Kari")
                .containsEntry("card_number", "IMP0001").containsEntry("tier", "SILVER").containsEntry("marketing_consent", true);
    }

    @Test
    void anUnknownColumnFailsTheFileNamingIt() {
        ResponseEntity<Map> answer = post("""
                external_id,card_number,loyalty_level
                UNK-1,UNK0001,GOLD
                """);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat((String) answer.getBody().get("detail")).contains("unknown column 'loyalty_level'");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM member WHERE external_id = 'UNK-1'", Integer.class)).isZero();
    }

    @Test
    void badRowsAreListedWithTheirLinesAndTheRestLoad() {
        createMember(Map.of("externalId", "OWNER-1", "cardNumber", "TAKEN00001"));
        ResponseEntity<Map> answer = post("""
                external_id,card_number,phone,tier,status,marketing_consent
                BAD-1,BAD0001,+4791000011,,,
                BAD-2,TAKEN00001,,,,
                BAD-3,BAD0001,,,,
                BAD-4,,4791000014,,,
                BAD-5,,,PLATINUM,,
                BAD-6,,,,SLEEPING,
                BAD-7,,,,,maybe
                ,BAD0008,,,,
                BAD-9,BAD0009,,,,
                BAD-9,BAD0099,,,,
                """);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getBody()).containsEntry("imported", 3);
        assertThat((List<Map<String, Object>>) answer.getBody().get("rejected")).extracting(r -> r.get("line") + " " + r.get("reason"))
                .containsExactly(
                        "3 card_number ******0001 already belongs to another member",
                        "4 card_number ***0001 is also on line 2 for another member",
                        "5 phone must be in E.164 form, like +4791234567",
                        "6 tier must be one of [BASE, SILVER, GOLD]",
                        "7 status must be ACTIVE or INACTIVE",
                        "8 marketing_consent must be true or false",
                        "9 external_id is required");
        assertThat(jdbc.queryForObject("SELECT card_number FROM member WHERE external_id = 'BAD-9'", String.class))
                .as("of two rows for one member the last wins").isEqualTo("BAD0099");
        assertThat(jdbc.queryForObject("SELECT external_id FROM member WHERE card_number = 'TAKEN00001'", String.class)).isEqualTo("OWNER-1");
    }

    @Test
    void aParkedSaleBooksOnceItsMemberIsImported() {
        book("parked-import.csv", sale("IMP-T1", "IMPCARD001", "SKU-A", "APPAREL", "40.00"));
        assertThat(jdbc.queryForObject("SELECT status FROM sale WHERE ticket = 'IMP-T1'", String.class)).isEqualTo("PARKED");

        post("external_id,card_number\nIMP-P1,IMPCARD001\n");

        long member = jdbc.queryForObject("SELECT id FROM member WHERE external_id = 'IMP-P1'", Long.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(member) == 40);
        assertThat(jdbc.queryForObject("SELECT status FROM sale WHERE ticket = 'IMP-T1'", String.class)).isEqualTo("BOOKED");
        post("external_id,card_number,first_name\nIMP-P1,IMPCARD001,Again\n");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM points_entry WHERE member_id = ?", Integer.class, member)).isEqualTo(1);
    }

    private ResponseEntity<Map> post(String csv) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return admin().postForEntity("/api/members/import", new HttpEntity<>(csv, headers), Map.class);
    }
}
