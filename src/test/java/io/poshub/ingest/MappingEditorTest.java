package io.poshub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.poshub.support.FormatTesting;
import io.poshub.support.LoyaltyHubTest;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The console's mapping flow over its API: open a mapping, break a line (Check names the line and why), fix it, Try a
 * file with the edited text (what POST /preview says, nothing written), Save, and the next file books with the edit;
 * and the wizard's look at a sample of an unknown POS.
 */
class MappingEditorTest extends LoyaltyHubTest {

    @Value("${poshub.mappings-dir}")
    Path mappingsDir;

    @Test
    void openBreakCheckFixTrySaveAndTheNextFileBooksWithTheEdit() throws Exception {
        long member = createMember(Map.of("externalId", "MAP-1", "cardNumber", "MAPCARD01"));
        String text = admin().getForObject("/api/mappings/loyal", String.class);
        assertThat(text).contains("pointsPerUnit: 1");
        assertThat(get("/api/mappings")).anySatisfy(m -> assertThat(m).containsEntry("name", "loyal").containsEntry("format", "counterpoint"));

        String broken = text.replace("pointsPerUnit: 1", "pointsPerUnitt: 2");
        Map<String, Object> check = post("/api/mappings/loyal/check", broken);
        assertThat(check).containsEntry("ok", false);
        Map<String, Object> problem = ((List<Map<String, Object>>) check.get("problems")).get(0);
        assertThat(problem.get("line")).isEqualTo(FormatTesting.lineOf(broken, "pointsPerUnitt"));
        assertThat((String) problem.get("message")).contains("unknown key 'pointsPerUnitt' in earn", "the keys there are");

        String fixed = text.replace("pointsPerUnit: 1", "pointsPerUnit: 2");
        assertThat(post("/api/mappings/loyal/check", fixed)).containsEntry("ok", true);
        String file = HEADER + sale("MAP-T1", "MAPCARD01", "SKU-A", "APPAREL", "50.00") + "\n";
        Map<String, Object> tried = tryOn("loyal", fixed, file);
        assertThat((List<Map<String, Object>>) tried.get("sales")).singleElement()
                .satisfies(s -> assertThat(s).containsEntry("outcome", "BOOKED").containsEntry("points", 100));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sale WHERE ticket = 'MAP-T1'", Integer.class)).as("nothing written").isZero();
        // With the saved text, Try says what POST /preview says.
        Map<String, Object> preview = preview("loyal", file);
        assertThat(((List<Map<String, Object>>) preview.get("sales")).get(0)).containsEntry("points", 50);

        assertThat(put("/api/mappings/loyal", fixed)).containsEntry("ok", true);
        assertThat(Files.readString(mappingsDir.resolve("loyal.yaml"))).isEqualTo(fixed);
        await().atMost(Duration.ofSeconds(10)).until(() -> ((List<Map<String, Object>>) preview("loyal", file).get("sales")).get(0)
                .get("points").equals(100));
        book("map-1.csv", sale("MAP-T1", "MAPCARD01", "SKU-A", "APPAREL", "50.00"));
        assertThat(balance(member)).isEqualTo(100);

        // A text the watcher refuses is saved, refused, and the last good version keeps running.
        assertThat(put("/api/mappings/loyal", broken)).containsEntry("ok", false);
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/config/errors").stream()
                .anyMatch(e -> String.valueOf(e.get("message")).contains("pointsPerUnitt")));
        String next = HEADER + sale("MAP-T2", "MAPCARD01", "SKU-A", "APPAREL", "50.00") + "\n";
        assertThat(((List<Map<String, Object>>) preview("loyal", next).get("sales")).get(0)).containsEntry("points", 100);
        put("/api/mappings/loyal", text);
    }

    @Test
    void theWizardLooksAtASampleOfAnUnknownPos() throws Exception {
        String sample = "Butikk;Kasse;Bong;Dato;Beløp\n12;1;5001;02.11.2026;1 234,50\n12;1;5002;02.11.2026;-99,00\n";
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("file", named(sample.getBytes(Charset.forName("ISO-8859-1")), "kasse.csv"));
        Map<String, Object> sniffed = admin().postForObject("/api/mappings/sniff", body, Map.class);
        assertThat(sniffed).containsEntry("charset", "windows-1252").containsEntry("separator", ";");
        assertThat((List<String>) sniffed.get("header")).containsExactly("Butikk", "Kasse", "Bong", "Dato", "Beløp");
        assertThat((List<List<String>>) sniffed.get("rows")).containsExactly(List.of("12", "1", "5001", "02.11.2026", "1 234,50"),
                List.of("12", "1", "5002", "02.11.2026", "-99,00"));
    }

    private Map<String, Object> post(String path, String text) {
        return admin().postForObject(path, plain(text), Map.class);
    }

    private Map<String, Object> put(String path, String text) {
        ResponseEntity<Map> answer = admin().exchange(path, HttpMethod.PUT, plain(text), Map.class);
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    private Map<String, Object> tryOn(String mapping, String text, String file) {
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("text", text);
        body.add("file", named(file.getBytes(), "try.csv"));
        ResponseEntity<Map> answer = admin().postForEntity("/api/mappings/" + mapping + "/try", body, Map.class);
        assertThat(answer.getStatusCode()).as(String.valueOf(answer.getBody())).isEqualTo(HttpStatus.OK);
        return answer.getBody();
    }

    private Map<String, Object> preview(String feed, String file) {
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        body.add("file", named(file.getBytes(), "preview.csv"));
        return admin().postForObject("/api/feeds/" + feed + "/preview", body, Map.class);
    }

    private static HttpEntity<String> plain(String text) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.TEXT_PLAIN);
        return new HttpEntity<>(text, headers);
    }

    private static ByteArrayResource named(byte[] content, String name) {
        return new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }

}
