package io.poshub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.poshub.PoshubProperties;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code poshub.cluster.kind: kubernetes}, wired from its settings as the hub wires it, leading a feed's route through
 * Camel's {@code master:} — against fabric8's in-process API server in CRUD mode, since no real kube-apiserver installs
 * on this machine. That server stores the Leases it is sent and refuses an update on a stale resourceVersion (checked
 * first: one leader at a time rests on it); it is not the real API server, and the deployment's RBAC and probes are not
 * exercised here (DockerFilesTest reads them).
 */
@EnableKubernetesMockClient(https = false, crud = true)
class LeaseLeadershipTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static final String NAMESPACE = "shops";
    private static final String LEASE = "leader-poshub-store-001";

    private final Map<String, AtomicLong> ticks = Map.of("hub-a", new AtomicLong(), "hub-b", new AtomicLong());
    private final Map<String, Long> firstTick = new ConcurrentHashMap<>();
    private final Map<String, Long> lastTick = new ConcurrentHashMap<>();
    private CamelContext hubA;
    private CamelContext hubB;
    private CuttableProxy proxy;

    @BeforeEach
    void noLeases() {
        client.leases().inNamespace(NAMESPACE).delete();
    }

    @AfterEach
    void stopHubs() throws Exception {
        for (CamelContext hub : new CamelContext[] {hubA, hubB}) {
            if (hub != null) {
                hub.stop();
            }
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void theApiServerHereRefusesAStaleLeaseUpdate() {
        Lease lease = client.leases().inNamespace(NAMESPACE).resource(new LeaseBuilder()
                .withNewMetadata().withName("probe").endMetadata().withNewSpec().withHolderIdentity("x").endSpec().build()).create();
        client.leases().inNamespace(NAMESPACE).resource(new LeaseBuilder(lease).editSpec().withHolderIdentity("y").endSpec().build())
                .lockResourceVersion(lease.getMetadata().getResourceVersion()).update();

        assertThatThrownBy(() -> client.leases().inNamespace(NAMESPACE)
                .resource(new LeaseBuilder(lease).editSpec().withHolderIdentity("z").endSpec().build())
                .lockResourceVersion(lease.getMetadata().getResourceVersion()).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(holder("probe")).isEqualTo("y");
    }

    @Test
    void oneHubLeadsTheFeedAndAHubThatStopsHandsItOverWithinAFewSeconds() throws Exception {
        hubA = hub("hub-a");
        hubB = hub("hub-b");

        await().atMost(Duration.ofSeconds(15)).until(() -> holder(LEASE) != null && ticks.get(holder(LEASE)).get() > 0);
        String leader = holder(LEASE);
        String follower = leader.equals("hub-a") ? "hub-b" : "hub-a";
        long from = ticks.get(leader).get();
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.get(leader).get() >= from + 20);
        assertThat(ticks.get(follower).get()).as("the follower runs nothing of the feed").isZero();
        assertThat(holder(LEASE)).isEqualTo(leader);

        (leader.equals("hub-a") ? hubA : hubB).stop();
        long stopped = System.nanoTime();
        long leaderTicks = ticks.get(leader).get();
        assertThat(holder(LEASE)).as("the stopped hub gave the Lease back").isNotEqualTo(leader);

        await().atMost(Duration.ofSeconds(5)).until(() -> ticks.get(follower).get() > 0);
        Duration handover = Duration.ofNanos(System.nanoTime() - stopped);
        assertThat(holder(LEASE)).isEqualTo(follower);
        assertThat(ticks.get(leader).get()).as("the stopped hub ran nothing after its stop").isEqualTo(leaderTicks);
        System.out.printf("Lease handed over on a graceful stop in %d ms%n", handover.toMillis());
        assertThat(handover).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aLeaderCutOffFromTheApiServerStopsTheFeedBeforeTheOtherStartsIt() throws Exception {
        proxy = new CuttableProxy(URI.create(client.getConfiguration().getMasterUrl()).getPort());
        hubA = hub("hub-a", "http://127.0.0.1:" + proxy.port());
        await().atMost(Duration.ofSeconds(15)).until(() -> ticks.get("hub-a").get() > 0);
        hubB = hub("hub-b");
        long from = ticks.get("hub-a").get();
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.get("hub-a").get() >= from + 20);
        assertThat(ticks.get("hub-b").get()).isZero();

        proxy.cut(); // hub-a can no longer renew; it does not know whether another hub leads
        await().atMost(Duration.ofSeconds(15)).until(() -> ticks.get("hub-b").get() > 0);
        assertThat(holder(LEASE)).isEqualTo("hub-b");
        assertThat(lastTick.get("hub-a")).as("hub-a stopped the feed before hub-b started it")
                .isLessThan(firstTick.get("hub-b"));
        long bFrom = ticks.get("hub-b").get();
        long aStopped = ticks.get("hub-a").get();
        await().atMost(Duration.ofSeconds(10)).until(() -> ticks.get("hub-b").get() >= bFrom + 20);
        assertThat(ticks.get("hub-a").get()).as("the cut-off hub runs nothing of the feed").isEqualTo(aStopped);

        proxy.restore(); // hub-a stands again, as a follower, and leads once hub-b stops
        hubB.stop();
        await().atMost(Duration.ofSeconds(15)).until(() -> ticks.get("hub-a").get() > aStopped);
        assertThat(holder(LEASE)).isEqualTo("hub-a");
    }

    @Test
    void timingsThatCannotGiveOneLeaderAreRefusedAtStartUp() {
        assertThatThrownBy(() -> service("hub-a", Map.of("poshub.cluster.kubernetes.renew-deadline", "20s")))
                .hasMessageContaining("lease-duration > renew-deadline");
        assertThatThrownBy(() -> service("hub-a", Map.of("poshub.cluster.kubernetes.lease-duration", "2500ms")))
                .hasMessageContaining("whole seconds");
    }

    /** A hub: its cluster service from the settings, and the feed's route under {@code master:} as FeedSource writes it. */
    private CamelContext hub(String pod) throws Exception {
        return hub(pod, client.getConfiguration().getMasterUrl());
    }

    private CamelContext hub(String pod, String apiUrl) throws Exception {
        CamelContext camel = new DefaultCamelContext();
        camel.addService(service(pod, Map.of("poshub.cluster.kubernetes.api-url", apiUrl)));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("master:poshub-store-001:timer:" + pod + "?period=50").routeId(pod)
                        .process(exchange -> {
                            long now = System.nanoTime();
                            firstTick.putIfAbsent(pod, now);
                            lastTick.put(pod, now);
                            ticks.get(pod).incrementAndGet();
                        });
            }
        });
        camel.start();
        return camel;
    }

    private static org.apache.camel.cluster.CamelClusterService service(String pod, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "poshub.cluster.enabled", "true",
                "poshub.cluster.kind", "kubernetes",
                "poshub.cluster.kubernetes.api-url", client.getConfiguration().getMasterUrl(),
                "poshub.cluster.kubernetes.namespace", NAMESPACE,
                "poshub.cluster.kubernetes.pod-name", pod,
                "poshub.cluster.kubernetes.lease-duration", "3s",
                "poshub.cluster.kubernetes.renew-deadline", "2s",
                "poshub.cluster.kubernetes.retry-period", "500ms"));
        settings.putAll(more);
        PoshubProperties properties = new Binder(new MapConfigurationPropertySource(settings)).bind("poshub", PoshubProperties.class).get();
        return new ClusterConfig().clusterService(properties);
    }

    private static String holder(String lease) {
        Lease found = client.leases().inNamespace(NAMESPACE).withName(lease).get();
        return found == null || found.getSpec() == null ? null : found.getSpec().getHolderIdentity();
    }

    /** A TCP hop between one hub and the API server that can be cut (connections dropped, new ones refused) and restored. */
    private static final class CuttableProxy implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final int target;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private volatile boolean cut;

        CuttableProxy(int target) throws IOException {
            this.target = target;
            daemon(this::accept);
        }

        int port() {
            return server.getLocalPort();
        }

        void cut() throws IOException {
            cut = true;
            for (Socket socket : open) {
                socket.close();
            }
            open.clear();
        }

        void restore() {
            cut = false;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket in = server.accept();
                    if (cut) {
                        in.close();
                        continue;
                    }
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), target);
                    open.add(in);
                    open.add(out);
                    daemon(() -> pipe(in, out));
                    daemon(() -> pipe(out, in));
                } catch (IOException e) {
                    // closed
                }
            }
        }

        private static void daemon(Runnable work) {
            Thread thread = new Thread(work, "proxy");
            thread.setDaemon(true);
            thread.start();
        }

        private static void pipe(Socket from, Socket to) {
            try {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException e) {
                // cut or closed
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException e) {
                    // closed already
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            cut();
        }
    }
}
