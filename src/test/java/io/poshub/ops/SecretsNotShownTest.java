package io.poshub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.poshub.support.HubTest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Secrets planted in the configuration reach no one who reads the hub's insides, not even an admin: every MBean
 * attribute Jolokia reads, every route dump Hawtio shows, and every actuator endpoint.
 */
@DisableJmx(false)
@AutoConfigureObservability
class SecretsNotShownTest extends HubTest {

    private static final String ADMIN_PASSWORD = "PLANTED-admin-pw-4b1d";
    private static final List<String> PLANTED = List.of("PLANTED-vipps-client-secret-9f3a", "PLANTED-subscription-key-77c2",
            "PLANTED-webhook-secret-0e5d", "PLANTED-till-key-51aa", ADMIN_PASSWORD, "PLANTED-system-property-c3d8");

    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) throws IOException {
        // As a secret given with -D (or on the command line, which the JVM keeps as sun.java.command) would stand.
        System.setProperty("poshub.payments.vipps.planted", PLANTED.get(5));
        hub(registry, Settings.defaults());
        registry.add("poshub.payments.vipps.client-id", () -> "poshub-client");
        registry.add("poshub.payments.vipps.client-secret", () -> PLANTED.get(0));
        registry.add("poshub.payments.vipps.subscription-key", () -> PLANTED.get(1));
        registry.add("poshub.payments.vipps.webhook-secret", () -> PLANTED.get(2));
        registry.add("poshub.till-keys.demo", () -> PLANTED.get(3));
        registry.add("poshub.admin.password", () -> ADMIN_PASSWORD);
    }

    @Test
    void noMBeanAttributeReadThroughJolokiaHoldsASecret() throws IOException {
        ResponseEntity<Map> search = jolokia(Map.of("type", "search", "mbean", "*:*"), Map.class);
        assertThat(search.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<String> names = (List<String>) search.getBody().get("value");
        assertThat(names).as("Camel's and the JVM's MBeans are there to read").anyMatch(n -> n.startsWith("org.apache.camel:"))
                .anyMatch(n -> n.startsWith("java.lang:"));
        List<Map<String, Object>> reads = new ArrayList<>();
        names.forEach(name -> reads.add(Map.of("type", "read", "mbean", name)));
        ResponseEntity<String> all = jolokia(reads, String.class);
        assertThat(all.getStatusCode()).isEqualTo(HttpStatus.OK);
        // Every MBean read whole: all but the few the access policy denies (the JVM's diagnostic commands, its runtime
        // arguments) or whose attributes throw (memory pools without thresholds) answered with their values.
        List<Map<String, Object>> answers = (List<Map<String, Object>>) new ObjectMapper()
                .readValue(all.getBody(), List.class);
        assertThat(answers.stream().filter(a -> Integer.valueOf(200).equals(a.get("status"))).count())
                .as("MBeans read of %d", names.size()).isGreaterThan(names.size() * 3L / 4);
        assertNoSecretIn(all.getBody());
    }

    @Test
    void theJvmsSystemPropertiesAndCommandLineAreNotReadable() {
        for (String attribute : List.of("SystemProperties", "InputArguments")) {
            ResponseEntity<Map> read = jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", attribute), Map.class);
            assertThat(read.getBody()).as(attribute).containsEntry("status", 403);
        }
        ResponseEntity<Map> uptime = jolokia(Map.of("type", "read", "mbean", "java.lang:type=Runtime", "attribute", "Uptime"), Map.class);
        assertThat(uptime.getBody()).as("the rest of the JVM's figures stay readable").containsEntry("status", 200);
    }

    @Test
    void noRouteDumpHoldsASecret() {
        String context = "org.apache.camel:context=" + camel.getManagementName() + ",type=context,name=\"" + camel.getName() + "\"";
        // Hawtio's route view is this dump, with the placeholders resolved.
        for (Map<String, Object> dump : List.of(
                Map.<String, Object>of("type", "exec", "mbean", context, "operation", "dumpRoutesAsXml(boolean)", "arguments", List.of(true)),
                Map.<String, Object>of("type", "exec", "mbean", context, "operation", "dumpRoutesAsXml(boolean)", "arguments", List.of(false)))) {
            ResponseEntity<Map> answer = jolokia(dump, Map.class);
            assertThat(answer.getBody()).containsEntry("status", 200);
            String routes = String.valueOf(answer.getBody().get("value"));
            assertThat(routes).contains("vipps-access-token", "vipps-credentials");
            assertNoSecretIn(routes);
        }
    }

    @Test
    void noActuatorEndpointHoldsASecret() {
        for (String path : List.of("/actuator", "/actuator/health", "/actuator/info", "/actuator/prometheus", "/actuator/hawtio/")) {
            ResponseEntity<String> answer = admin().getForEntity(path, String.class);
            assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
            assertNoSecretIn(answer.getBody());
        }
        for (String path : List.of("/actuator/env", "/actuator/configprops", "/actuator/beans", "/actuator/heapdump",
                "/actuator/threaddump", "/actuator/loggers", "/actuator/mappings")) {
            assertThat(admin().getForEntity(path, String.class).getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
        }
    }

    private <T> ResponseEntity<T> jolokia(Object request, Class<T> type) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return admin().postForEntity("/actuator/jolokia", new HttpEntity<>(request, headers), type);
    }

    private static void assertNoSecretIn(String text) {
        for (String secret : PLANTED) {
            assertThat(text).doesNotContain(secret);
        }
    }

    private TestRestTemplate admin() {
        return http.withBasicAuth("admin", ADMIN_PASSWORD);
    }
}
