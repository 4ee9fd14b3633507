package io.poshub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.poshub.PoshubProperties;
import io.poshub.payment.PaymentProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * No Docker engine runs here, so docker/ is checked for what can be checked: the compose file parses, the
 * paths it and the Dockerfile name exist in the project (or are the per-deployment keys docker/sftp/README.md
 * says how to make), the jar it copies is the one the pom builds, and the hub's environment binds to the
 * configuration it is meant for.
 */
class DockerFilesTest {

    private static final Path DOCKER = Path.of("docker");

    @Test
    void composeParsesAndItsPathsExist() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("compose.yaml").toFile());
        assertThat(compose.path("services").fieldNames()).toIterable().containsExactlyInAnyOrder("mariadb", "sftp", "poshub");
        String keysReadme = Files.readString(DOCKER.resolve("sftp/README.md"));
        for (JsonNode service : compose.path("services")) {
            for (JsonNode volume : service.path("volumes")) {
                String host = volume.asText().split(":")[0];
                if (!host.startsWith(".")) {
                    continue; // a named volume
                }
                Path path = DOCKER.resolve(host).normalize();
                if (path.startsWith(DOCKER.resolve("sftp"))) {
                    assertThat(keysReadme).as("how to make " + path).contains(path.getFileName().toString().replace(".pub", ""));
                } else {
                    assertThat(path).as(volume.asText()).exists();
                }
            }
        }
        JsonNode build = compose.path("services").path("poshub").path("build");
        assertThat(DOCKER.resolve(build.path("context").asText()).resolve(build.path("dockerfile").asText()).normalize())
                .isEqualTo(Path.of("docker", "Dockerfile"));
    }

    @Test
    void theDockerfileCopiesWhatTheProjectHasAndBuilds() throws Exception {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>poshub</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(version.find()).isTrue();
        assertThat(dockerfile).contains("COPY target/poshub-" + version.group(1) + ".jar /app/poshub.jar");
        Matcher copies = Pattern.compile("(?m)^COPY (routes|mappings) ").matcher(dockerfile);
        List<String> copied = new ArrayList<>();
        while (copies.find()) {
            copied.add(copies.group(1));
            assertThat(Path.of(copies.group(1))).isDirectory();
        }
        assertThat(copied).as("the image ships the checkout's routes/ and mappings/").containsExactlyInAnyOrder("routes", "mappings");
        // A numeric user that is not root, so Kubernetes' runAsNonRoot can check it (deploy/kubernetes).
        assertThat(dockerfile).contains("useradd --system --uid 10001").contains("USER 10001").contains("HEALTHCHECK").contains("VOLUME [\"/app/routes\", \"/app/mappings\", \"/app/data\"]");
        // The tuned launch: the cache the training run (docker/train, which books a file) writes is the one every start
        // reads, for the extracted jar.
        Matcher written = Pattern.compile("poshub-train (\\S+) -- java -- -jar (\\S+)").matcher(dockerfile);
        assertThat(written.find()).isTrue();
        assertThat(dockerfile).contains("COPY docker/train /usr/local/bin/poshub-train");
        assertThat(Files.readString(DOCKER.resolve("train"))).contains("-XX:AOTCacheOutput=\"$cache\"");
        assertThat(Files.isExecutable(DOCKER.resolve("train"))).isTrue();
        assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"-XX:AOTCache=" + written.group(1) + "\", \"-jar\", \"" + written.group(2) + "\"]")
                .contains("extract --destination " + Path.of(written.group(2)).getParent());
    }

    @Test
    void theHubsEnvironmentBindsToItsConfiguration() throws Exception {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(DOCKER.resolve("compose.yaml").toFile());
        Map<String, Object> env = new HashMap<>();
        compose.path("services").path("poshub").path("environment").fields().forEachRemaining(e ->
                env.put(e.getKey(), e.getValue().asText().startsWith("${") ? "value-of-" + e.getKey() : e.getValue().asText()));
        Pattern dockerfileEnv = Pattern.compile("(POSHUB_[A-Z_]+)=(\\S+)");
        Matcher m = dockerfileEnv.matcher(Files.readString(DOCKER.resolve("Dockerfile")));
        while (m.find()) {
            env.put(m.group(1), m.group(2));
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        Binder binder = new Binder(ConfigurationPropertySources.from(environment.getPropertySources()));

        PoshubProperties hub = binder.bind("poshub", PoshubProperties.class).get();
        assertThat(hub.admin().user()).isEqualTo("value-of-POSHUB_ADMIN_USER");
        assertThat(hub.admin().password()).isEqualTo("value-of-POSHUB_ADMIN_PASSWORD");
        assertThat(hub.dataDir()).isEqualTo(Path.of("/app/data"));
        assertThat(hub.routesDir()).isEqualTo(Path.of("/app/routes"));
        assertThat(hub.sftp().knownHostsFile()).isEqualTo(Path.of("/app/config/sftp/known_hosts"));
        assertThat(hub.tillKeys()).containsEntry("demo", List.of("value-of-POSHUB_TILLKEYS_DEMO"));

        PaymentProperties payments = binder.bind("poshub.payments", PaymentProperties.class).get();
        assertThat(payments.vipps().clientSecret()).isEqualTo("value-of-POSHUB_PAYMENTS_VIPPS_CLIENT_SECRET");
        assertThat(payments.vipps().merchantSerialNumber()).isEqualTo("value-of-POSHUB_PAYMENTS_VIPPS_MERCHANT_SERIAL_NUMBER");
        assertThat(payments.vipps().webhookSecret()).isEqualTo("value-of-POSHUB_PAYMENTS_VIPPS_WEBHOOK_SECRET");
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("jdbc:mariadb://mariadb:3306/poshub");
    }

    /**
     * deploy/kubernetes/base/deployment.yaml: every variable the container gets (a value, or a Secret's, ConfigMap's or
     * the pod's field standing for one) binds to the hub's configuration — clustered, electing on Leases as this pod in
     * its namespace, with the Role the election needs and no more; the database and the admin from
     * their Secrets — and the probes are the hub's own. (deploy/kubernetes/check.sh renders and validates the manifests
     * against the Kubernetes schemas.)
     */
    @Test
    void theKubernetesDeploymentsEnvironmentBindsToItsConfiguration() throws Exception {
        JsonNode deployment = new ObjectMapper(new YAMLFactory()).readTree(Path.of("deploy/kubernetes/base/deployment.yaml").toFile());
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        Map<String, Object> env = new HashMap<>();
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            env.put(name, variable.has("value") ? variable.path("value").asText() : "value-of-" + name);
        }
        Matcher m = Pattern.compile("(POSHUB_[A-Z_]+)=(\\S+)").matcher(Files.readString(DOCKER.resolve("Dockerfile")));
        while (m.find()) {
            env.putIfAbsent(m.group(1), m.group(2));
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
        PoshubProperties hub = new Binder(ConfigurationPropertySources.from(environment.getPropertySources()))
                .bind("poshub", PoshubProperties.class).get();
        assertThat(hub.cluster().enabled()).isTrue();
        assertThat(hub.cluster().kind()).isEqualTo(PoshubProperties.ClusterKind.KUBERNETES);
        assertThat(hub.cluster().kubernetes().namespace()).isEqualTo("value-of-POSHUB_CLUSTER_KUBERNETES_NAMESPACE");
        assertThat(hub.cluster().kubernetes().podName()).isEqualTo("value-of-POSHUB_CLUSTER_KUBERNETES_POD_NAME");
        assertThat(envField(container, "POSHUB_CLUSTER_KUBERNETES_POD_NAME")).isEqualTo("metadata.name");
        assertThat(envField(container, "POSHUB_CLUSTER_KUBERNETES_NAMESPACE")).isEqualTo("metadata.namespace");
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, List<String>> granted = new HashMap<>();
        try (var parser = new YAMLFactory().createParser(Path.of("deploy/kubernetes/base/rbac.yaml").toFile())) {
            for (JsonNode document : yaml.readValues(parser, JsonNode.class).readAll()) {
                for (JsonNode rule : document.path("rules")) {
                    List<String> verbs = new ArrayList<>();
                    rule.path("verbs").forEach(verb -> verbs.add(verb.asText()));
                    rule.path("resources").forEach(resource -> granted.put(resource.asText(), verbs));
                }
            }
        }
        assertThat(granted.get("leases")).containsExactlyInAnyOrder("get", "create", "patch");
        assertThat(granted).as("the Role grants the Leases and nothing else").containsOnlyKeys("leases");
        assertThat(hub.admin().password()).isEqualTo("value-of-POSHUB_ADMIN_PASSWORD");
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo("value-of-SPRING_DATASOURCE_URL");
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo("value-of-SPRING_DATASOURCE_PASSWORD");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(deployment.path("spec").path("template").path("spec").path("securityContext").path("runAsUser").asInt())
                .as("the image's user").isEqualTo(10001);
    }

    /**
     * compose.cluster.yaml (read with SnakeYAML, which resolves its anchors and merge keys as Compose does): three Galera
     * nodes with the settings the hub needs, three ZooKeeper servers that know each other, two hubs that write through
     * any Galera node and elect in ZooKeeper, and every file it mounts present.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theClusterComposeFileHasWhatSeveralMachinesNeed() throws Exception {
        Map<String, Object> compose = new org.yaml.snakeyaml.Yaml().load(Files.readString(DOCKER.resolve("compose.cluster.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsOnlyKeys("galera1", "galera2", "galera3", "zk1", "zk2", "zk3", "hub1", "hub2");
        String galera = Files.readString(DOCKER.resolve("galera/galera.cnf"));
        assertThat(galera).contains("binlog_format = ROW", "innodb_autoinc_lock_mode = 2", "local_infile = 1",
                "wsrep_cluster_address = gcomm://galera1,galera2,galera3");
        assertThat((List<String>) services.get("galera1").get("command")).contains("--wsrep-new-cluster");
        for (String node : List.of("galera2", "galera3")) {
            assertThat((List<String>) services.get(node).get("command")).doesNotContain("--wsrep-new-cluster");
        }
        for (String zk : List.of("zk1", "zk2", "zk3")) {
            Map<String, Object> env = (Map<String, Object>) services.get(zk).get("environment");
            assertThat(env.get("ZOO_MY_ID")).isEqualTo(zk.substring(2));
            assertThat((String) env.get("ZOO_SERVERS")).contains("server.1=zk1", "server.2=zk2", "server.3=zk3");
        }
        for (String hub : List.of("hub1", "hub2")) {
            Map<String, Object> env = (Map<String, Object>) services.get(hub).get("environment");
            Map<String, Object> bound = new HashMap<>();
            env.forEach((k, v) -> bound.put(k, String.valueOf(v).startsWith("${") ? "value-of-" + k : String.valueOf(v)));
            StandardEnvironment environment = new StandardEnvironment();
            environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, bound));
            PoshubProperties properties = new Binder(ConfigurationPropertySources.from(environment.getPropertySources()))
                    .bind("poshub", PoshubProperties.class).get();
            assertThat(properties.cluster().enabled()).isTrue();
            assertThat(properties.cluster().kind()).isEqualTo(PoshubProperties.ClusterKind.ZOOKEEPER);
            assertThat(properties.cluster().zookeeper().connect()).isEqualTo("zk1:2181,zk2:2181,zk3:2181");
            assertThat(environment.getProperty("spring.datasource.url"))
                    .isEqualTo("jdbc:mariadb:sequential://galera1:3306,galera2:3306,galera3:3306/poshub");
        }
        // Flyway's GET_LOCK is not shared between Galera nodes: the second hub waits for the first to be healthy (migrated),
        // and still for the database and ZooKeeper (a merge key does not merge depends_on).
        assertThat((Map<String, Object>) services.get("hub2").get("depends_on"))
                .containsEntry("hub1", Map.of("condition", "service_healthy"))
                .containsKeys("galera1", "zk1", "zk2", "zk3");
        for (Map<String, Object> service : services.values()) {
            for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
                String host = String.valueOf(volume).split(":")[0];
                if (host.startsWith(".")) {
                    assertThat(DOCKER.resolve(host).normalize()).as(String.valueOf(volume)).exists();
                }
            }
        }
    }

    /** The pod field a variable of the container is given from (the Downward API), or null. */
    private static String envField(JsonNode container, String name) {
        for (JsonNode variable : container.path("env")) {
            if (variable.path("name").asText().equals(name)) {
                return variable.path("valueFrom").path("fieldRef").path("fieldPath").asText(null);
            }
        }
        return null;
    }
}
