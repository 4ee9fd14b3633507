package io.poshub.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import io.poshub.support.LoyaltyHubTest;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The member API at the till: a till key sees its own merchant's members only; cards are random and their
 * barcode reads back.
 */
class MemberApiTest extends LoyaltyHubTest {

    @Test
    void aTillSeesOnlyItsMerchantsMembers() {
        long demo = createMember(Map.of("externalId", "T1", "cardNumber", "SAME000001"));
        long other = createMember(Map.of("merchant", "other", "externalId", "T1", "cardNumber", "SAME000001"));

        assertThat(asTill(DEMO_TILL).getForEntity("/api/members/" + demo, Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(asTill(DEMO_TILL).getForEntity("/api/members/" + other, Map.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(asTill("till-key-of-other").getForEntity("/api/members/" + other, Map.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> byCard = asTill(DEMO_TILL).exchange("/api/members?card=SAME000001", HttpMethod.GET, null,
                new ParameterizedTypeReference<List<Map<String, Object>>>() { }).getBody();
        assertThat(byCard).extracting(m -> m.get("merchant")).containsExactly("demo");

        assertThat(http.getForEntity("/api/members/" + demo, Map.class).getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        ResponseEntity<Map> wrong = asTill("not-a-key").getForEntity("/api/members/" + demo, Map.class);
        assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(wrong.getBody()).containsEntry("detail", "The X-Api-Key is not a till key of any merchant.");
        assertThat(asTill(DEMO_TILL).getForEntity("/api/imports", Map.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void aNewMembersCardIsRandomAndItsBarcodeReadsBack() throws Exception {
        long member = createMember(Map.of("email", "new.member@example.org", "phone", "+4791234567"));
        String card = (String) member(member).get("cardNumber");
        assertThat(card).matches("^[2-9A-HJ-NP-Z]{10}$");

        ResponseEntity<byte[]> png = asTill(DEMO_TILL).getForEntity("/api/members/" + member + "/barcode.png", byte[].class);
        assertThat(png.getHeaders().getContentType()).isEqualTo(MediaType.IMAGE_PNG);
        var image = ImageIO.read(new ByteArrayInputStream(png.getBody()));
        var decoded = new MultiFormatReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))));
        assertThat(decoded.getText()).isEqualTo(card);
        assertThat(decoded.getBarcodeFormat()).isEqualTo(com.google.zxing.BarcodeFormat.CODE_128);
    }
}
