package io.poshub.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** The check every API test's answers go through finds what it is there to find. */
class ContractCheckTest {

    private static final String MEMBER = """
            {"id": 60, "merchant": "demo", "externalId": null, "cardNumber": "QZPZG2WG5K", "phone": null, "email": null,
             "firstName": "Kari", "lastName": null, "tier": "BASE", "status": "ACTIVE", "mergedInto": null,
             "marketingConsent": false, "balance": 120, "createdAt": "2026-12-06T04:38:50.988Z"}""";

    @Test
    void anAnswerAsDeclaredPasses() {
        assertThat(ContractCheck.problems("GET", "/api/members/60", 200, json(), bytes(MEMBER))).isEmpty();
        assertThat(ContractCheck.problems("GET", "/api/members/60", 404, problemJson(),
                bytes("{\"title\": \"Not Found\", \"status\": 404, \"code\": \"NOT_FOUND\", \"detail\": \"no member\"}"))).isEmpty();
    }

    @Test
    void aFieldTheContractDoesNotNameFails() {
        assertThat(ContractCheck.problems("GET", "/api/members/60", 200, json(), bytes(MEMBER.replace("\"balance\"", "\"shoeSize\": 42, \"balance\""))))
                .anySatisfy(p -> assertThat(p).contains("shoeSize"));
    }

    @Test
    void aFieldOfAnotherTypeOrANullNotDeclaredNullableFails() {
        assertThat(ContractCheck.problems("GET", "/api/members/60", 200, json(), bytes(MEMBER.replace("\"balance\": 120", "\"balance\": \"120\""))))
                .isNotEmpty();
        assertThat(ContractCheck.problems("GET", "/api/members/60", 200, json(), bytes(MEMBER.replace("\"balance\": 120", "\"balance\": null"))))
                .isNotEmpty();
    }

    @Test
    void aStatusTheContractDoesNotDeclareFails() {
        assertThat(ContractCheck.problems("POST", "/api/members", 200, json(), bytes(MEMBER)))
                .anySatisfy(p -> assertThat(p).contains("status"));
    }

    @Test
    void aContentTypeTheContractDoesNotDeclareFails() {
        HttpHeaders html = new HttpHeaders();
        html.setContentType(MediaType.TEXT_HTML);
        assertThat(ContractCheck.problems("GET", "/api/members/60", 200, html, bytes("<p>member</p>"))).isNotEmpty();
    }

    @Test
    void aProblemWithoutItsCodeFails() {
        assertThat(ContractCheck.problems("GET", "/api/members/60", 404, problemJson(),
                bytes("{\"title\": \"Not Found\", \"status\": 404}"))).anySatisfy(p -> assertThat(p).contains("code"));
    }

    private static HttpHeaders json() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }

    private static HttpHeaders problemJson() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
