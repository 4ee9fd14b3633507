package io.poshub.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.support.DefaultHubTest;
import io.poshub.support.People;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Who may do what (contract §16), tried as each person would: every operation of the served API contract with each
 * role; Jolokia read-only below ADMIN and without the operations that send, change routes, write files or run code
 * for ADMIN; and the cross-site posts a foreign page could make with an admin's browser — each attack made, and
 * refused before it changed anything.
 */
class AccessTest extends DefaultHubTest {

    private static final Set<String> OPERATOR_CALLS = Set.of("POST /api/feeds/{feed}/uploads", "POST /api/feeds/{feed}/preview",
            "POST /api/imports/{id}/reprocess", "POST /api/parked/{id}/assign", "POST /api/day-close/{store}/{date}/cash-counts",
            "POST /api/receipts/{id}/retry");
    private static final Set<String> ADMIN_READS = Set.of("/api/till-keys", "/api/audit", "/api/members/{id}/export");
    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    @Autowired
    TestRestTemplate http;

    /** A small upload limit, to see a file over it refused without sending a gigabyte. */
    @DynamicPropertySource
    static void uploadLimit(DynamicPropertyRegistry registry) {
        registry.add("poshub.uploads.max-size", () -> "1MB");
    }

    enum Person {
        VIEWER(People.VIEWER, People.VIEWER_PASSWORD), OPERATOR(People.OPERATOR, People.OPERATOR_PASSWORD),
        ADMIN(People.ADMIN, People.ADMIN_PASSWORD);

        final String name;
        final String password;

        Person(String name, String password) {
            this.name = name;
            this.password = password;
        }
    }

    /** The least role an operation needs: reads are a VIEWER's (but keys and the audit trail), an operator's day, the rest ADMIN. */
    private static Person needs(String method, String path) {
        if (ADMIN_READS.stream().anyMatch(path::startsWith)) {
            return Person.ADMIN;
        }
        if (method.equals("GET")) {
            return Person.VIEWER;
        }
        return OPERATOR_CALLS.contains(method + " " + path) ? Person.OPERATOR : Person.ADMIN;
    }

    @Test
    void everyOperationOfTheContractWithEachRole() throws Exception {
        JsonNode spec = new ObjectMapper().readTree(as(Person.ADMIN).getForObject("/v3/api-docs", String.class));
        List<String> walked = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase();
                if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method) || op.getValue().path("security").isArray()
                        && op.getValue().path("security").isEmpty()) {
                    continue; // the Vipps callback is open to Vipps (its signature is the guard)
                }
                Person needed = needs(method, path.getKey());
                for (Person person : Person.values()) {
                    HttpStatus status = HttpStatus.valueOf(call(person, method, path.getKey(), op.getValue()).getStatusCode().value());
                    String what = person + " " + method + " " + path.getKey();
                    if (person.ordinal() >= needed.ordinal()) {
                        assertThat(status).as(what).isNotIn(HttpStatus.UNAUTHORIZED, HttpStatus.FORBIDDEN);
                    } else {
                        assertThat(status).as(what).isEqualTo(HttpStatus.FORBIDDEN);
                    }
                }
                walked.add(method + " " + path.getKey());
            }
        }
        assertThat(walked).hasSizeGreaterThan(45).contains("DELETE /api/till-keys/{id}", "POST /api/imports/{id}/reprocess");
    }

    @Test
    void actuatorAndHawtioAreEveryonesToReadAndJolokiaOnlyToRead() {
        for (Person person : Person.values()) {
            for (String page : List.of("/actuator/info", "/actuator/hawtio/")) {
                assertThat(as(person).getForEntity(page, String.class).getStatusCode()).as(person + " " + page).isEqualTo(HttpStatus.OK);
            }
            ResponseEntity<String> read = jolokia(person, "{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"HeapMemoryUsage\"}");
            assertThat(read.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(read.getBody()).contains("\"status\":200");
        }
        for (Person below : List.of(Person.VIEWER, Person.OPERATOR)) {
            ResponseEntity<String> gc = jolokia(below, "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}");
            assertThat(gc.getStatusCode()).as(below.name()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(gc.getBody()).contains("JMX_OPERATION_REFUSED");
            assertThat(jolokia(below, "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}")
                    .getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(as(below).getForEntity("/actuator/jolokia/exec/java.lang:type=Memory/gc", String.class).getStatusCode())
                    .isEqualTo(HttpStatus.FORBIDDEN);
        }
        ResponseEntity<String> gc = jolokia(Person.ADMIN, "{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}");
        assertThat(gc.getBody()).contains("\"status\":200");
    }

    /** The review's chain: sendBody on the Camel context wrote a route file. Not even an ADMIN may send, add routes, dump or run code. */
    @Test
    void anAdminRunsNoOperationThatSendsChangesRoutesWritesFilesOrRunsCode() throws Exception {
        String context = "org.apache.camel:context=poshub,type=context,name=\\\"poshub\\\"";
        Path marker = dataDir.resolve("routes").resolve("sent.camel.yaml");
        for (String attack : List.of(
                "{\"type\":\"exec\",\"mbean\":\"" + context + "\",\"operation\":\"sendBody(java.lang.String,java.lang.Object)\","
                        + "\"arguments\":[\"file:" + marker.getParent() + "?fileName=sent.camel.yaml\",\"- route: {}\"]}",
                "{\"type\":\"exec\",\"mbean\":\"" + context + "\",\"operation\":\"sendStringBody\",\"arguments\":[\"log:x\",\"x\"]}",
                "{\"type\":\"exec\",\"mbean\":\"" + context + "\",\"operation\":\"addOrUpdateRoutesFromXml(java.lang.String)\",\"arguments\":[\"<routes/>\"]}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\",\"arguments\":[\"/tmp/h.hprof\",true]}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"jvmtiAgentLoad\",\"arguments\":[\"/tmp/a.so\"]}",
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}",
                "[{\"type\":\"read\",\"mbean\":\"java.lang:type=Memory\"},{\"type\":\"exec\",\"mbean\":\"" + context
                        + "\",\"operation\":\"sendBody(java.lang.String,java.lang.Object)\",\"arguments\":[\"log:x\",\"x\"]}]")) {
            ResponseEntity<String> answer = jolokia(Person.ADMIN, attack);
            assertThat(answer.getStatusCode()).as(attack).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(answer.getBody()).contains("JMX_OPERATION_REFUSED");
        }
        assertThat(as(Person.ADMIN).getForEntity("/actuator/jolokia/exec/" + context.replace("\\\"", "%22") + "/sendBody(java.lang.String,java.lang.Object)/log:x/x",
                String.class).getStatusCode()).isIn(HttpStatus.FORBIDDEN, HttpStatus.BAD_REQUEST);
        assertThat(Files.exists(marker)).isFalse();
    }

    @Test
    void aForeignPagePostingWithAnAdminsBrowserIsRefusedBeforeAnythingChanges() {
        int members = jdbc.queryForObject("SELECT COUNT(*) FROM member", Integer.class);
        // A form's text/plain post needs no preflight: a page of another site can send it with the browser's credentials.
        HttpHeaders foreign = new HttpHeaders();
        foreign.setContentType(MediaType.TEXT_PLAIN);
        foreign.setOrigin("https://evil.example");
        ResponseEntity<String> plain = as(Person.ADMIN).exchange("/api/members/import", HttpMethod.POST,
                new HttpEntity<>("external_id,first_name\nX-CSRF-1,Mallory\n", foreign), String.class);
        assertThat(plain.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(plain.getBody()).contains("CROSS_SITE_REQUEST");

        // A multipart form, said cross-site by the browser (no Origin needed).
        HttpHeaders crossSite = new HttpHeaders();
        crossSite.setContentType(MediaType.MULTIPART_FORM_DATA);
        crossSite.set("Sec-Fetch-Site", "cross-site");
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", file("members.csv", "external_id,first_name\nX-CSRF-2,Mallory\n".getBytes()));
        ResponseEntity<String> multipart = as(Person.ADMIN).exchange("/api/members/import", HttpMethod.POST,
                new HttpEntity<>(form, crossSite), String.class);
        assertThat(multipart.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(multipart.getBody()).contains("CROSS_SITE_REQUEST");

        // Jolokia: a foreign page gets no answer at all, not even a read, and no CORS header.
        HttpHeaders jolokia = new HttpHeaders();
        jolokia.setOrigin("https://evil.example");
        ResponseEntity<String> read = as(Person.ADMIN).exchange("/actuator/jolokia/read/java.lang:type=Memory", HttpMethod.GET,
                new HttpEntity<>(jolokia), String.class);
        assertThat(read.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(read.getHeaders().getAccessControlAllowOrigin()).isNull();
        assertThat(read.getHeaders().getAccessControlAllowCredentials()).isFalse();

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM member", Integer.class)).isEqualTo(members);

        // The hub's own page (its Origin) and a client that is no browser (none) go through.
        HttpHeaders own = new HttpHeaders();
        own.setContentType(MediaType.TEXT_PLAIN);
        own.setOrigin(http.getRootUri());
        own.set("Sec-Fetch-Site", "same-origin");
        ResponseEntity<String> ownImport = as(Person.ADMIN).exchange("/api/members/import", HttpMethod.POST,
                new HttpEntity<>("external_id,first_name\nX-OWN-1,Alice\n", own), String.class);
        assertThat(ownImport.getStatusCode().is2xxSuccessful()).as(ownImport.toString()).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM member", Integer.class)).isEqualTo(members + 1);
    }

    /** Every page and answer says: only our own scripts, no framing, no sniffing — the refusals too. */
    @Test
    void everyAnswerCarriesTheContentSecurityPolicyNosniffAndNoFraming() {
        for (String page : List.of("/admin/index.html", "/admin/login.html", "/api/feeds", "/api/no-such-thing", "/actuator/hawtio/",
                "/swagger-ui/index.html")) {
            for (TestRestTemplate client : List.of(as(Person.VIEWER), http)) {
                HttpHeaders headers = client.getForEntity(page, String.class).getHeaders();
                assertThat(headers.getFirst("Content-Security-Policy")).as(page).startsWith("default-src 'self'")
                        .contains("frame-ancestors 'none'").doesNotContainPattern("script-src[^;]*(unsafe|\\*|http)");
                assertThat(headers.getFirst("X-Content-Type-Options")).as(page).isEqualTo("nosniff");
                assertThat(headers.getFirst("X-Frame-Options")).as(page).isEqualTo("DENY");
            }
        }
        assertThat(as(Person.VIEWER).getForEntity("/admin/index.html", String.class).getHeaders().getFirst("Content-Security-Policy"))
                .doesNotContain("unsafe-inline");
    }

    /** Names that are paths, encoded or not, and names no disk takes: 400 each, and no file written or read outside. */
    @Test
    void aNameThatIsAPathIsA400AndTouchesNoFile() throws Exception {
        Path mappings = Path.of("mappings").toAbsolutePath();
        String text = Files.readString(mappings.resolve("counterpoint.yaml"));
        List<String> names = List.of("..%2Fowned", "%2e%2e%2fowned", "..%252Fowned", "%2Fetc%2Fpasswd", "owned%00.yaml", "Owned",
                "owned.yaml", "x".repeat(10_000), "..", "%2e%2e");
        for (String name : names) {
            for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.PUT)) {
                HttpHeaders headers = new HttpHeaders();
                headers.setContentType(MediaType.TEXT_PLAIN);
                ResponseEntity<String> answer = as(Person.ADMIN).exchange(java.net.URI.create(http.getRootUri() + "/api/mappings/" + name),
                        method, new HttpEntity<>(method == HttpMethod.PUT ? text : null, headers), String.class);
                assertThat(answer.getStatusCode()).as(method + " " + name.substring(0, Math.min(40, name.length())))
                        .isEqualTo(HttpStatus.BAD_REQUEST);
                assertThat(answer.getBody()).as(name).doesNotContain("feeds:").doesNotContain("root:x:0:0");
            }
            ResponseEntity<String> upload = as(Person.ADMIN).exchange(java.net.URI.create(http.getRootUri() + "/api/feeds/" + name + "/uploads"),
                    HttpMethod.POST, new HttpEntity<>(upload(), multipart()), String.class);
            assertThat(upload.getStatusCode()).as("upload to " + name.substring(0, Math.min(40, name.length()))).isEqualTo(HttpStatus.BAD_REQUEST);
        }
        try (var around = Files.list(mappings.getParent())) {
            assertThat(around.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("owned"));
        }
        try (var inside = Files.list(mappings)) {
            assertThat(inside.map(p -> p.getFileName().toString())).noneMatch(n -> n.toLowerCase().startsWith("owned"));
        }
    }

    @Test
    void anUploadOverTheLimitIsA413AndTheHubGoesOn() {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", file("big.csv", new byte[2 * 1024 * 1024]));
        for (String path : List.of("/api/feeds/store-001/uploads", "/api/feeds/store-001/preview", "/api/mappings/sniff",
                "/api/members/import")) {
            ResponseEntity<String> refused = as(Person.ADMIN).exchange(path, HttpMethod.POST, new HttpEntity<>(form, multipart()), String.class);
            assertThat(refused.getStatusCode()).as(path).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
            assertThat(refused.getBody()).as(path).contains("PAYLOAD_TOO_LARGE");
        }
        assertThat(as(Person.ADMIN).getForEntity("/api/feeds", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    /** A file part as a browser's form sends it: its name and its bytes. */
    private static ByteArrayResource file(String name, byte[] content) {
        return new ByteArrayResource(content) {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }

    private static HttpHeaders multipart() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return headers;
    }

    private static MultiValueMap<String, Object> upload() {
        MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
        form.add("file", file("x.csv", new byte[] {'x', '\n'}));
        return form;
    }

    private ResponseEntity<String> call(Person person, String method, String template, JsonNode operation) {
        Matcher m = PARAMETER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(path, switch (m.group(1)) {
                case "id", "entryId" -> "999999999";
                case "reference" -> "no-such-payment-0001";
                case "number", "card" -> "0000000000000000";
                default -> "no-such-" + m.group(1).toLowerCase();
            });
        }
        m.appendTail(path);
        HttpHeaders headers = new HttpHeaders();
        Object body = null;
        JsonNode content = operation.path("requestBody").path("content");
        if (content.has("application/json")) {
            headers.setContentType(MediaType.APPLICATION_JSON);
            body = "{}";
        } else if (content.has("multipart/form-data")) {
            headers.setContentType(MediaType.MULTIPART_FORM_DATA);
            MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
            form.add("file", file("x.csv", new byte[] {'x', '\n'}));
            form.add("text", "format: counterpoint\n");
            body = form;
        } else if (content.size() > 0) {
            headers.setContentType(MediaType.parseMediaType(content.fieldNames().next()));
            body = "";
        }
        return as(person).exchange(path.toString(), HttpMethod.valueOf(method), new HttpEntity<>(body, headers), String.class);
    }

    private ResponseEntity<String> jolokia(Person person, String request) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return as(person).exchange("/actuator/jolokia", HttpMethod.POST, new HttpEntity<>(request, headers), String.class);
    }

    private TestRestTemplate as(Person person) {
        return http.withBasicAuth(person.name, person.password);
    }
}
