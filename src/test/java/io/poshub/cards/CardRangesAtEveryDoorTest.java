package io.poshub.cards;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.support.GiftCardMappings;
import io.poshub.support.LoyaltyHubTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Merchant {@code shop}'s card ranges ({@link GiftCardMappings#ranges}: member cards PA… and PB…, gift cards 7…) at
 * every door (contract §19): the API, a swipe, the member import, a sales file and a gift card on a receipt refuse a
 * number outside them with CARD_OUT_OF_RANGE; a new member's card is drawn from PA; a PB member earns by program
 * {@code gc-double} (two points a krone), a PA member by the feed's (one).
 */
class CardRangesAtEveryDoorTest extends LoyaltyHubTest {

    private static final String SHOP = GiftCardMappings.MERCHANT;

    @Test
    void aNumberOutsideTheRangesIsRefusedAtEveryDoor() throws Exception {
        ResponseEntity<Map> created = admin().postForEntity("/api/members", Map.of("merchant", SHOP, "externalId", "R-1",
                "cardNumber", "QQ12345678"), Map.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(created.getBody()).containsEntry("code", "CARD_OUT_OF_RANGE");
        assertThat((String) created.getBody().get("detail")).contains("member card …5678");

        ResponseEntity<Map> swiped = asShopTill(HttpMethod.PUT, "/api/members/by-card/QQ99999999", Map.of(), "swipe-1");
        assertThat(swiped.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(swiped.getBody()).containsEntry("code", "CARD_OUT_OF_RANGE");
        assertThat(asShopTill(HttpMethod.PUT, "/api/members/by-card/PA99999999", Map.of(), "swipe-2").getStatusCode())
                .isEqualTo(HttpStatus.CREATED);

        ResponseEntity<Map> gift = asShopTill(HttpMethod.POST, "/api/gift-cards/8000000000000003/activate",
                Map.of("amount", 1000, "currency", "NOK", "store", "R1"), "gift-1");
        assertThat(gift.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(gift.getBody()).containsEntry("code", "CARD_OUT_OF_RANGE");
        ResponseEntity<Map> batch = admin().postForEntity("/api/gift-cards/batches?merchant=" + SHOP, Map.of("firstNumber",
                "8000000000000003", "count", 10, "amount", 1000, "currency", "NOK", "store", "R1"), Map.class);
        assertThat(batch.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(batch.getBody()).containsEntry("code", "CARD_OUT_OF_RANGE");

        HttpHeaders csv = new HttpHeaders();
        csv.setContentType(MediaType.parseMediaType("text/csv"));
        Map<String, Object> imported = admin().postForEntity("/api/members/import?merchant=" + SHOP, new HttpEntity<>(
                "external_id,card_number\nR-2,PA00000002\nR-3,QQ00000003\n", csv), Map.class).getBody();
        assertThat(imported).containsEntry("imported", 1);
        assertThat((List<Map<String, Object>>) imported.get("rejected")).singleElement().satisfies(row -> {
            assertThat(row).containsEntry("line", 3);
            assertThat((String) row.get("reason")).startsWith("card_number: CARD_OUT_OF_RANGE: member card …0003");
        });

        // A sales file: the ticket with a card outside the ranges is rejected, the one inside booked.
        Path inbox = dataDir.resolve("inbox/gc-counterpoint");
        if (camel.getRoute("feed-gc-counterpoint") == null) {
            addFeed("gc-counterpoint", "file:" + inbox, "gc-counterpoint");
        }
        String header = HEADER.strip() + ",GFC_NO,CLERK\n";
        drop(header + String.join("\n",
                "R1,1,31,2026-11-09,2026-11-09 10:00:00,,QQ00000031,,,1,S,ITEM,Item,CAT,1,0,10.00,10.00,0.00,10.00,CASH,,,ola",
                "R1,1,32,2026-11-09,2026-11-09 10:00:00,R-2,,,,1,S,ITEM,Item,CAT,1,0,10.00,10.00,0.00,10.00,CASH,,,ola",
                "R1,1,33,2026-11-09,2026-11-09 10:00:00,,,,,1,S," + GiftCardMappings.SKU + ",Gift card,CAT,1,0,10.00,10.00,0.00,10.00,CASH,,"
                        + "8000000000000003,ola") + "\n", inbox, "ranges.csv");
        awaitImport("gc-counterpoint", "ranges.csv");
        List<String> reasons = jdbc.queryForList("""
                SELECT DISTINCT r.reason FROM import_reject r JOIN import_file f ON f.id = r.import_file_id WHERE f.name = 'ranges.csv'
                 ORDER BY r.reason""", String.class);
        assertThat(reasons).containsExactly(
                "rejected with its ticket: line 2: CARD_OUT_OF_RANGE: member card …0031 is outside merchant shop's MEMBER card ranges",
                "rejected with its ticket: line 4: CARD_OUT_OF_RANGE: gift card …0003 is outside merchant shop's GIFT card ranges");
        assertThat(jdbc.queryForList("SELECT ticket FROM sale WHERE merchant = ? AND store = 'R1'", String.class, SHOP))
                .containsExactly("32");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM gift_card WHERE merchant = ? AND number = '8000000000000003'",
                Integer.class, SHOP)).isZero();
    }

    @Test
    void aMembersProgramFollowsFromItsCardsRange() throws Exception {
        long plain = createMember(Map.of("merchant", SHOP, "externalId", "P-A"));
        assertThat((String) member(plain).get("cardNumber")).as("drawn from the first range").startsWith("PA").hasSize(10);
        long doubled = createMember(Map.of("merchant", SHOP, "externalId", "P-B", "cardNumber", "PB00000077"));
        Path inbox = dataDir.resolve("inbox/gc-counterpoint");
        if (camel.getRoute("feed-gc-counterpoint") == null) {
            addFeed("gc-counterpoint", "file:" + inbox, "gc-counterpoint");
        }
        drop(HEADER.strip() + ",GFC_NO,CLERK\n" + String.join("\n",
                "R2,1,41,2026-11-09,2026-11-09 10:00:00,P-A,,,,1,S,ITEM,Item,CAT,1,0,100.00,100.00,0.00,100.00,CASH,,,ola",
                "R2,1,42,2026-11-09,2026-11-09 10:00:00,P-B,,,,1,S,ITEM,Item,CAT,1,0,100.00,100.00,0.00,100.00,CASH,,,ola") + "\n",
                inbox, "programs.csv");
        awaitImport("gc-counterpoint", "programs.csv");
        assertThat(jdbc.queryForObject("SELECT points FROM sale WHERE merchant = ? AND store = 'R2' AND ticket = '41'", Long.class, SHOP))
                .isEqualTo(100);
        assertThat(jdbc.queryForObject("SELECT points FROM sale WHERE merchant = ? AND store = 'R2' AND ticket = '42'", Long.class, SHOP))
                .isEqualTo(200);
        assertThat(balance(plain)).isEqualTo(100);
        assertThat(balance(doubled)).isEqualTo(200);
    }

    private ResponseEntity<Map> asShopTill(HttpMethod method, String path, Map<String, Object> body, String key) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.set("Idempotency-Key", key);
        headers.set("X-Api-Key", GiftCardMappings.TILL);
        return http.exchange(path, method, new HttpEntity<>(body, headers), Map.class);
    }
}
