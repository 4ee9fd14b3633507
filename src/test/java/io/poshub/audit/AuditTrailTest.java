package io.poshub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.support.DefaultHubTest;
import io.poshub.support.People;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Who changed what (contract §16): a member's change is in the trail with the person, the operation, the member and
 * the names of the fields changed — not their values; a till key made and revoked, by whom; reads and tills' calls are
 * not; an operator may not read the trail. And an attacker guessing passwords: each failure is in the trail, and the
 * eleventh sign-in from that address within the minute is a 429 with Retry-After, the right password included. The
 * two need no order: the attacker signs in from an address of its own.
 */
class AuditTrailTest extends DefaultHubTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void aPersonsChangesAreInTheTrailWithoutTheValuesTheyChanged() throws Exception {
        importSampleMembers();
        long member = jdbc.queryForObject("SELECT id FROM member WHERE external_id = 'C10042'", Long.class);
        HttpHeaders json = new HttpHeaders();
        json.setContentType(MediaType.APPLICATION_JSON);
        ResponseEntity<String> changed = admin().exchange("/api/members/" + member, HttpMethod.PATCH,
                new HttpEntity<>("{\"firstName\":\"Trude\",\"email\":\"trude.audit@example.com\"}", json), String.class);
        assertThat(changed.getStatusCode()).isEqualTo(HttpStatus.OK);
        ResponseEntity<String> key = admin().exchange("/api/till-keys", HttpMethod.POST,
                new HttpEntity<>("{\"merchant\":\"demo\",\"store\":\"001\",\"label\":\"audited\"}", json), String.class);
        long keyId = new ObjectMapper().readTree(key.getBody()).path("id").asLong();
        admin().delete("/api/till-keys/" + keyId);
        admin().getForObject("/api/members/" + member, String.class);

        JsonNode trail = new ObjectMapper().readTree(admin().getForObject("/api/audit?actor=admin", String.class));
        assertThat(trail.findValuesAsText("action")).containsSubsequence("tillKeyRevoke", "tillKeyCreate", "memberChange")
                .doesNotContain("memberGet");
        JsonNode change = trail.findParents("action").stream().filter(e -> e.path("action").asText().equals("memberChange"))
                .findFirst().orElseThrow();
        assertThat(change.path("target").asText()).isEqualTo("/api/members/" + member);
        assertThat(change.path("status").asInt()).isEqualTo(200);
        assertThat(change.path("detail").path("fields").toString()).isEqualTo("[\"email\",\"firstName\"]");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE detail LIKE '%Trude%' OR detail LIKE '%trude.audit%'",
                Integer.class)).isZero();
        assertThat(trail.findParents("action").stream().filter(e -> e.path("action").asText().equals("tillKeyRevoke")).findFirst()
                .orElseThrow().path("target").asText()).isEqualTo("/api/till-keys/" + keyId);

        assertThat(http.withBasicAuth(People.OPERATOR, People.OPERATOR_PASSWORD).getForEntity("/api/audit", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    /**
     * A plain client, as an attacker's script is (it does not wait out a 429 and try again), from an address of its own
     * (127.0.0.2: the whole of 127/8 is this machine), so the minute it is throttled for touches no other test.
     */
    @Test
    void failedSignInsAreInTheTrailAndTheEleventhWithinAMinuteIsA429() throws Exception {
        for (int i = 1; i <= 10; i++) {
            assertThat(signIn("mallory", "guess-" + i).status()).as("guess %d", i).isEqualTo(401);
        }
        for (String password : List.of("guess-11", People.ADMIN_PASSWORD)) {
            Answer throttled = signIn(People.ADMIN, password);
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(Long.parseLong(throttled.header("Retry-After"))).isBetween(1L, 60L);
            assertThat(throttled.text()).contains("TOO_MANY_REQUESTS");
        }
        assertThat(admin().getForEntity("/api/feeds", String.class).getStatusCode()).as("another address signs in as before")
                .isEqualTo(HttpStatus.OK);
        List<Map<String, Object>> failures = jdbc.queryForList(
                "SELECT actor, target, status FROM audit_event WHERE action = 'LOGIN_FAILED' AND target = '127.0.0.2' ORDER BY id");
        assertThat(failures).hasSize(10).allSatisfy(f -> assertThat(f).containsEntry("actor", "mallory"));
    }

    private record Answer(int status, String text) {
        String header(String name) {
            return text.lines().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1)).findFirst()
                    .map(l -> l.substring(name.length() + 1).trim()).orElseThrow();
        }
    }

    private Answer signIn(String name, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.2", 0));
            socket.connect(new InetSocketAddress("127.0.0.1", URI.create(http.getRootUri()).getPort()), 5_000);
            socket.getOutputStream().write(("GET /api/feeds HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + basic
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(text.substring(9, 12)), text);
        }
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth(People.ADMIN, People.ADMIN_PASSWORD);
    }
}
