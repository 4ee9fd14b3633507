package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.support.DefaultHubTest;
import io.poshub.support.Expected;
import io.poshub.support.People;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The store-001 feed end to end: the two Counterpoint samples dropped in a folder, through to balances. */
@ExtendWith(OutputCaptureExtension.class)
class CounterpointFeedTest extends DefaultHubTest {

    private static final String DAY1 = "counterpoint-store001-20261102.csv";
    private static final String DAY2 = "counterpoint-store001-20261103.csv";

    @Autowired
    TestRestTemplate http;

    Path inbox;

    @BeforeEach
    void importMembersAndStartFeed() throws Exception {
        inbox = dataDir.resolve("inbox/store-001");
        if (camel.getRoute("feed-store-001") != null) {
            return;
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        ResponseEntity<Map> imported = admin().postForEntity("/api/members/import",
                new HttpEntity<>(Files.readString(SAMPLES.resolve("members.csv")), headers), Map.class);
        assertThat(imported.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(imported.getBody()).containsEntry("imported", 120).containsEntry("rejected", List.of());

        addFeed("store-001", "file:" + inbox, "counterpoint");
    }

    @Test
    void bothSamplesEndWithTheExpectedCountsAndBalances() {
        samplesImported();

        for (String file : List.of(DAY1, DAY2)) {
            Map<String, Object> importFile = importNamed(file);
            assertThat(countsOf(importFile)).as(file).isEqualTo(Expected.counts(file));
        }
        Map<String, Long> balances = new TreeMap<>();
        Expected.pointsFrom(DAY1, DAY2).keySet().forEach(externalId -> balances.put(externalId, balanceOf(externalId)));
        assertThat(balances).isEqualTo(Expected.pointsFrom(DAY1, DAY2));
        assertThat(Files.exists(inbox.resolve(DAY1))).as("moved out of the inbox").isFalse();
        assertThat(dataDir.resolve("archive/store-001").toFile().list())
                .anySatisfy(kept -> assertThat(kept).endsWith("-" + DAY1).doesNotStartWith("resent"))
                .anySatisfy(kept -> assertThat(kept).endsWith("-" + DAY2));
    }

    @Test
    void ticketWithABadRowIsRejectedWholeWithItsLineNumbers() {
        samplesImported();
        Map<String, Object> day1 = importNamed(DAY1);
        Map<String, Object> detail = admin().getForObject("/api/imports/" + day1.get("id"), Map.class);
        assertThat(detail).containsEntry("status", "DONE_WITH_REJECTS");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rejects = (List<Map<String, Object>>) detail.get("rejects");
        assertThat(rejects).extracting(r -> r.get("lineNo")).containsExactly(13, 14);
        assertThat((String) rejects.get(0).get("reason")).startsWith("QTY_SOLD (column 15) 'two' is not a number");
        assertThat((String) rejects.get(1).get("reason")).startsWith("rejected with its ticket: line 13:");
        assertThat((String) rejects.get(0).get("raw")).startsWith("001,1,1005,");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE ticket = '1005'", Integer.class)).isZero();
    }

    @Test
    void sameContentUnderAnotherNameIsADuplicateFileAndBooksNothing() {
        samplesImported();
        long salesBefore = jdbc.queryForObject("SELECT COUNT(*) FROM sale", Long.class);
        long pointsBefore = jdbc.queryForObject("SELECT COALESCE(SUM(delta), 0) FROM points_entry", Long.class);
        drop(SAMPLES.resolve(DAY1), inbox, "resent-" + DAY1);
        awaitImport("store-001", "resent-" + DAY1);

        Map<String, Object> resent = importNamed("resent-" + DAY1);
        assertThat(resent).containsEntry("status", "DUPLICATE_FILE").containsEntry("salesBooked", 0).containsEntry("rowsTotal", 0);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale", Long.class)).isEqualTo(salesBefore);
        assertThat(jdbc.queryForObject("SELECT COALESCE(SUM(delta), 0) FROM points_entry", Long.class)).isEqualTo(pointsBefore);
    }

    @Test
    void everyBookedSaleHasItsLinesAndExactlyOnePointsEntry() {
        samplesImported();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM sale s WHERE s.status = 'BOOKED'
                   AND (SELECT COUNT(*) FROM points_entry p WHERE p.sale_id = s.id) <> 1
                """, Integer.class)).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM sale s WHERE NOT EXISTS (SELECT 1 FROM sale_line l WHERE l.sale_id = s.id)
                """, Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM parked_sale", Integer.class)).isEqualTo(3);
    }

    @Test
    void aKeyThatHitsSeveralMembersRejectsTheSaleAsAmbiguous() throws Exception {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType("text/csv"));
        admin().postForEntity("/api/members/import", new HttpEntity<>("""
                external_id,card_number,phone,email,first_name,last_name,tier
                T1,,+4799990001,,Twin,One,BASE
                T2,,+4799990001,,Twin,Two,BASE
                """, headers), Map.class);
        drop(header() + "001,9,5001,2026-11-04,2026-11-04 10:00:00,,,,+47 999 90 001,1,S,SKU-1001,Sweater,APPAREL,1,0,89.90,89.90,13.49,103.39,CASH,\n",
                inbox, "ambiguous.csv");
        awaitImport("store-001", "ambiguous.csv");

        Map<String, Object> detail = admin().getForObject("/api/imports/" + importNamed("ambiguous.csv").get("id"), Map.class);
        assertThat(detail).containsEntry("rowsRejected", 1).containsEntry("salesTotal", 0);
        assertThat(detail.get("rejects").toString()).contains("ambiguous member: phone matches several members");
    }

    @Test
    void aDuplicateSaleWithOtherAmountsIsCountedAndNamedInAWarning(CapturedOutput log) throws Exception {
        samplesImported();
        drop(header() + "001,1,1001,2026-11-02,2026-11-02 09:03:00,C10042,,,,1,S,SKU-1005,Gift card,GIFTCARD,1,0,60.00,60.00,9.00,69.00,VIPPS,\n",
                inbox, "changed-1001.csv");
        awaitImport("store-001", "changed-1001.csv");

        assertThat(importNamed("changed-1001.csv")).containsEntry("salesDuplicate", 1).containsEntry("salesBooked", 0);
        assertThat(log.getOut()).contains("Duplicate sale store 001 register 1 ticket 1001 of 2026-11-02")
                .contains("net 60.00 now, 74.50 then");
    }

    @Test
    void aChunkBookedAgainFromItsSavepointCountsItsRejectsOnce() throws Exception {
        samplesImported();
        // A sale received before in the first chunk of a file sends the chunk back to its savepoint and books it again,
        // looking its sales up: the chunk's bad row is still one reject, its new sale one sale.
        drop(header() + "001,1,1001,2026-11-02,2026-11-02 09:03:00,C10042,,,,1,S,SKU-1005,Gift card,GIFTCARD,1,0,60.00,60.00,9.00,69.00,VIPPS,\n"
                + "001,9,5002,2026-11-04,2026-11-04 10:00:00,,,,,1,S,SKU-1001,Sweater,APPAREL,1,0,89.90,89.90,13.49,103.39,CASH,\n"
                + "001,9,5003,2026-11-04,2026-11-04 10:05:00,,,,,1,S,SKU-1001,Sweater,APPAREL,two,0,89.90,89.90,13.49,103.39,CASH,\n",
                inbox, "resent-and-bad.csv");
        awaitImport("store-001", "resent-and-bad.csv");

        Map<String, Object> detail = admin().getForObject("/api/imports/" + importNamed("resent-and-bad.csv").get("id"), Map.class);
        assertThat(detail).containsEntry("rowsTotal", 3).containsEntry("rowsAccepted", 2).containsEntry("rowsRejected", 1)
                .containsEntry("salesDuplicate", 1).containsEntry("salesAnonymous", 1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rejects = (List<Map<String, Object>>) detail.get("rejects");
        assertThat(rejects).extracting(r -> r.get("lineNo")).containsExactly(4);
    }

    @Test
    void adminApiRefusesRequestsWithoutCredentialsAsProblemJson() {
        ResponseEntity<Map> refused = http.getForEntity("/api/imports", Map.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(refused.getBody()).containsEntry("status", 401);
    }

    @Test
    void unknownMemberIsANotFoundProblem() {
        ResponseEntity<Map> missing = admin().getForEntity("/api/members/999999", Map.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(missing.getBody()).containsEntry("detail", "no member with id 999999");
    }

    @Test
    void memberLookUpByNormalisedKeysAnswersAnArray() {
        List<Map<String, Object>> byCard = members("card=buqs-n9p2np");
        assertThat(byCard).singleElement().satisfies(m -> assertThat(m).containsEntry("externalId", "C10042")
                .containsEntry("phone", "+15145557385").containsEntry("tier", "BASE"));
        assertThat(members("email= ZOE.GAGNON42@example.org")).extracting(m -> m.get("externalId")).containsExactly("C10042");
        assertThat(members("card=NOSUCHCARD")).isEmpty();
    }

    /** Both samples dropped and imported, once per class: the tests that read what they booked need them, in any order. */
    private void samplesImported() {
        if (jdbc.queryForObject("SELECT COUNT(*) FROM import_file WHERE feed = 'store-001' AND name = ?", Integer.class, DAY2) == 0) {
            drop(SAMPLES.resolve(DAY1), inbox, DAY1);
            awaitImport("store-001", DAY1);
            drop(SAMPLES.resolve(DAY2), inbox, DAY2);
        }
        awaitImport("store-001", DAY2);
    }

    private static String header() throws java.io.IOException {
        return Files.readAllLines(SAMPLES.resolve(DAY1)).get(0) + "\n";
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD);
    }

    private List<Map<String, Object>> members(String query) {
        return admin().exchange("/api/members?" + query, HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
    }

    private long balanceOf(String externalId) {
        List<Map<String, Object>> found = members("externalId=" + externalId);
        assertThat(found).as(externalId).hasSize(1);
        Map<String, Object> member = admin().getForObject("/api/members/" + found.get(0).get("id"), Map.class);
        return ((Number) member.get("balance")).longValue();
    }

    private Map<String, Object> importNamed(String name) {
        List<Map<String, Object>> imports = admin().exchange("/api/imports?feed=store-001", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        return imports.stream().filter(i -> name.equals(i.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no import named " + name + " in " + imports));
    }

    private static Map<String, Integer> countsOf(Map<String, Object> importFile) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String column : List.of("rows_accepted", "rows_rejected", "rows_total", "sales_anonymous", "sales_booked",
                "sales_duplicate", "sales_parked", "sales_total")) {
            String field = toCamel(column);
            counts.put(column, ((Number) importFile.get(field)).intValue());
        }
        return counts;
    }

    private static String toCamel(String column) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return camel.toString();
    }
}
