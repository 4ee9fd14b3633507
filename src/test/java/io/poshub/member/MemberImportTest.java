package io.poshub.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.support.LoyaltyHubTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The member CSV through {@code POST /api/members/import} and through a member feed: columns in any order, the new
 * columns, refusals with their reasons, counts that add up, parked sales booked once their member arrives.
 */
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

    @Test
    void aMemberFeedDropEndsWithCountsThatAddUpAndItsBadRowsListed() throws Exception {
        Path inbox = memberFeed("crm-counts");
        String csv = """
                tier,external_id,card_number,phone
                ,CRM-1,CRM0001,+4791000101
                GOLD,CRM-2,CRM0002,
                BRONZE,CRM-3,CRM0003,
                ,CRM-4,CRM0004,91000104
                ,CRM-5,CRM0005,
                """;
        drop(csv, inbox, "crm-1.csv");
        awaitImport("crm-counts", "crm-1.csv");

        Map<String, Object> done = jdbc.queryForMap("SELECT * FROM import_file WHERE feed = 'crm-counts' AND name = 'crm-1.csv'");
        assertThat(done).containsEntry("kind", "MEMBERS").containsEntry("status", "DONE_WITH_REJECTS")
                .containsEntry("rows_total", 5).containsEntry("rows_accepted", 3).containsEntry("rows_rejected", 2)
                .containsEntry("sales_total", 0);
        assertThat(jdbc.queryForList("SELECT CONCAT(line_no, ' ', reason) FROM import_reject WHERE import_file_id = ? ORDER BY line_no",
                String.class, done.get("id"))).containsExactly(
                        "4 tier must be one of [BASE, SILVER, GOLD]",
                        "5 phone must be in E.164 form, like +4791234567");
        assertThat(jdbc.queryForObject("SELECT tier FROM member WHERE external_id = 'CRM-2'", String.class)).isEqualTo("GOLD");
        await().atMost(Duration.ofSeconds(30)).until(() -> holdsAFile(dataDir.resolve("archive/crm-counts")));
        List<Map<String, Object>> listed = get("/api/imports?feed=crm-counts");
        assertThat(listed).singleElement().satisfies(i -> assertThat(i).containsEntry("kind", "MEMBERS").containsEntry("rowsTotal", 5));

        // The same content under another name: a duplicate file, nothing loaded again.
        jdbc.update("UPDATE member SET first_name = 'Changed' WHERE external_id = 'CRM-1'");
        drop(csv, inbox, "crm-1-again.csv");
        awaitImport("crm-counts", "crm-1-again.csv");
        assertThat(jdbc.queryForObject("SELECT status FROM import_file WHERE name = 'crm-1-again.csv'", String.class)).isEqualTo("DUPLICATE_FILE");
        assertThat(jdbc.queryForObject("SELECT first_name FROM member WHERE external_id = 'CRM-1'", String.class)).isEqualTo("Changed");
    }

    @Test
    void aMemberFileWithAnUnknownColumnFailsToError() {
        Path inbox = memberFeed("crm-bad");
        drop("external_id,shoe_size\nCRM-X,44\n", inbox, "bad.csv");
        awaitImport("crm-bad", "bad.csv");
        Map<String, Object> failed = jdbc.queryForMap("SELECT * FROM import_file WHERE feed = 'crm-bad'");
        assertThat(failed).containsEntry("status", "FAILED").containsEntry("kind", "MEMBERS");
        assertThat((String) failed.get("error")).contains("unknown column 'shoe_size'");
        // The row is finished before the file has moved: wait for the move, not for a count of events.
        await().atMost(Duration.ofSeconds(30)).until(() -> holdsAFile(dataDir.resolve("error/crm-bad")));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM member WHERE external_id = 'CRM-X'", Integer.class)).isZero();
    }

    @Test
    void aParkedSaleBooksOnceWhenItsMemberArrivesThroughAFeed() {
        book("parked-feed.csv", sale("FEED-T1", "FEEDCARD01", "SKU-A", "APPAREL", "55.00"));
        assertThat(jdbc.queryForObject("SELECT status FROM sale WHERE ticket = 'FEED-T1'", String.class)).isEqualTo("PARKED");

        Path inbox = memberFeed("crm-parked");
        drop("external_id,card_number\nFEED-M1,FEEDCARD01\n", inbox, "m1.csv");
        awaitImport("crm-parked", "m1.csv");
        long member = jdbc.queryForObject("SELECT id FROM member WHERE external_id = 'FEED-M1'", Long.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> balance(member) == 55);

        drop("external_id,card_number,first_name\nFEED-M1,FEEDCARD01,Again\n", inbox, "m2.csv");
        awaitImport("crm-parked", "m2.csv");
        assertThat(jdbc.queryForObject("SELECT first_name FROM member WHERE id = ?", String.class, member)).isEqualTo("Again");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM points_entry WHERE member_id = ?", Integer.class, member)).isEqualTo(1);
        assertThat(balance(member)).isEqualTo(55);
    }

    private static boolean holdsAFile(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(Files::isRegularFile);
        }
    }

    private Path memberFeed(String feed) {
        try {
            TemplatedRouteBuilder.builder(camel, "member-feed").routeId("feed-" + feed)
                    .parameter("feed", feed).parameter("source", "file:" + dataDir.resolve("inbox/" + feed))
                    .parameter("merchant", "demo").add();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return dataDir.resolve("inbox/" + feed);
    }

    /**
     * How a member wants its receipts (contract §22): set by the member file (new members straight in, known ones through
     * the staging table) and by a PATCH, each change kept with its channel and door; refused when it is no channel; cleared
     * to NONE by an erasure, which keeps that change too.
     */
    @Test
    void receiptConsentIsSetByFileAndPatchWithItsHistory() {
        assertThat(post("""
                external_id,receipt_consent
                RC-1,email
                RC-2,
                RC-3,SMS
                RC-4,fax
                """).getBody()).containsEntry("imported", 3).containsEntry("rejected",
                List.of(Map.of("line", 5, "reason", "receipt_consent must be EMAIL, SMS or NONE")));
        assertThat(jdbc.queryForList("SELECT receipt_consent FROM member WHERE external_id LIKE 'RC-%' ORDER BY external_id", String.class))
                .containsExactly("EMAIL", "NONE", "SMS");
        long one = jdbc.queryForObject("SELECT id FROM member WHERE external_id = 'RC-1'", Long.class);
        long two = jdbc.queryForObject("SELECT id FROM member WHERE external_id = 'RC-2'", Long.class);
        // Known members through the staging table: RC-1 stops, RC-2 starts; an unchanged value notes nothing.
        assertThat(post("""
                external_id,receipt_consent
                RC-1,NONE
                RC-2,SMS
                RC-3,SMS
                """).getBody()).containsEntry("imported", 3);
        assertThat(admin().exchange("/api/members/" + two, org.springframework.http.HttpMethod.PATCH,
                new HttpEntity<>(Map.of("receiptConsent", "email")), Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<Map> bad = admin().exchange("/api/members/" + two, org.springframework.http.HttpMethod.PATCH,
                new HttpEntity<>(Map.of("receiptConsent", "pigeon")), Map.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(bad.getBody().toString()).contains("field=receiptConsent");
        assertThat(admin().getForObject("/api/members/" + two, Map.class)).containsEntry("receiptConsent", "EMAIL");
        assertThat(history(one)).containsExactly("RECEIPT EMAIL IMPORT", "RECEIPT NONE IMPORT");
        assertThat(history(two)).containsExactly("RECEIPT SMS IMPORT", "RECEIPT EMAIL API");
        assertThat(admin().postForEntity("/api/members/" + two + "/erasure", Map.of("reason", "the member asked"), Map.class)
                .getStatusCode().is2xxSuccessful()).isTrue();
        assertThat(jdbc.queryForObject("SELECT receipt_consent FROM member WHERE id = ?", String.class, two)).isEqualTo("NONE");
        assertThat(history(two)).containsExactly("RECEIPT SMS IMPORT", "RECEIPT EMAIL API", "RECEIPT NONE ERASURE");
    }

    private List<String> history(long member) {
        return jdbc.queryForList("SELECT CONCAT(kind, ' ', channel, ' ', source) FROM member_consent WHERE member_id = ? AND kind = 'RECEIPT'"
                + " ORDER BY at, id", String.class, member);
    }

    private ResponseEntity<Map> post(String csv) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        return admin().postForEntity("/api/members/import", new HttpEntity<>(csv, headers), Map.class);
    }
}
