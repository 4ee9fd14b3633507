package io.poshub.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import io.poshub.PoshubProperties;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.StringUtils;

/**
 * {@code poshub.cluster.kind: kubernetes}: each feed's leader holds a coordination.k8s.io Lease, elected by the fabric8
 * client's {@code LeaderElector} (client-go's rules: the holder renews every retry period and stops the feed when it
 * could not renew within the renew deadline; another hub takes a Lease not renewed for the lease duration, or one its
 * holder gave back — a hub gives its Leases back when it stops).
 *
 * <p>Camel's own Kubernetes cluster service was tried first and left: it counts a leader valid while its pod is
 * listed ready, whatever the Lease's age, and a pod taken out of the list announced itself leader again and restarted
 * the feed while the other hub ran it.
 */
final class LeaseClusterService extends AbstractCamelClusterService<LeaseClusterService.LeaseView> {

    private static final Logger log = LoggerFactory.getLogger(LeaseClusterService.class);

    /** client-go's (and fabric8's) jitter on the retry period: a renew deadline must leave room for it. */
    private static final double JITTER = 1.2;

    private final PoshubProperties.Kubernetes settings;
    private final String pod;
    private KubernetesClient client;
    private String namespace;
    private ScheduledExecutorService timer;

    private LeaseClusterService(PoshubProperties.Kubernetes settings, String pod) {
        this.settings = settings;
        this.pod = pod;
        setId("poshub-" + pod);
    }

    /** The cluster service for these settings, refused at start-up when the timings cannot give one leader. */
    static LeaseClusterService of(PoshubProperties.Kubernetes settings) {
        long lease = settings.leaseDuration().toMillis();
        long renew = settings.renewDeadline().toMillis();
        long retry = settings.retryPeriod().toMillis();
        if (lease % 1000 != 0 || lease < 1000) {
            throw new IllegalStateException("poshub.cluster.kubernetes.lease-duration is whole seconds (a Lease counts in "
                    + "seconds); got " + settings.leaseDuration());
        }
        if (!(lease > renew && renew > JITTER * retry && retry > 0)) {
            throw new IllegalStateException("poshub.cluster.kubernetes: lease-duration > renew-deadline > 1.2 × retry-period "
                    + "is needed for one leader at a time; got " + settings.leaseDuration() + ", " + settings.renewDeadline()
                    + ", " + settings.retryPeriod());
        }
        return new LeaseClusterService(settings, StringUtils.hasText(settings.podName()) ? settings.podName() : hostName());
    }

    @Override
    protected void doStart() throws Exception {
        // A call to the API server must end well inside the renew deadline, and without the client's own retries (the
        // election retries every retry period): a renewal that hangs cannot keep a cut-off hub leading.
        int timeout = (int) Math.max(500, settings.renewDeadline().toMillis() / 3);
        ConfigBuilder where = StringUtils.hasText(settings.apiUrl()) ? new ConfigBuilder().withMasterUrl(settings.apiUrl())
                : new ConfigBuilder(Config.autoConfigure(null));
        Config config = where.withConnectionTimeout(timeout).withRequestTimeout(timeout).withRequestRetryBackoffLimit(0).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        namespace = StringUtils.hasText(settings.namespace()) ? settings.namespace() : client.getNamespace();
        if (namespace == null) {
            throw new IllegalStateException("poshub.cluster.kind=kubernetes: no namespace for the Leases — not in a pod, "
                    + "and no poshub.cluster.kubernetes.namespace");
        }
        timer = getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "LeaseElection");
        super.doStart();
        log.info("Clustered: feeds run on the pod holding their Lease ({}-poshub-<feed>) in namespace {}; this is pod {} "
                + "(lease {}, renewed every {})", settings.leasePrefix(), namespace, pod, settings.leaseDuration(), settings.retryPeriod());
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (timer != null) {
            getCamelContext().getExecutorServiceManager().shutdownNow(timer);
        }
        if (client != null) {
            client.close();
        }
    }

    @Override
    protected LeaseView createView(String group) {
        return new LeaseView(group);
    }

    /** A Lease's name from the feed's group: a DNS subdomain (lower case, letters, digits, '-' and '.'). */
    static String leaseName(String prefix, String group) {
        String name = (prefix + "-" + group).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-")
                .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
        return name.length() <= 253 ? name : name.substring(0, 253).replaceAll("[^a-z0-9]+$", "");
    }

    /** Kubernetes names a pod's host after the pod. */
    private static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (StringUtils.hasText(host)) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new IllegalStateException("poshub.cluster.kubernetes.pod-name is unset and this host has no name", e);
        }
    }

    /** One feed's election: a Lease named after it, this pod's claim on it, and who holds it as last seen. */
    final class LeaseView extends AbstractCamelClusterView {

        private final Member local = new Member(pod);
        private final String lease;
        private volatile String leader;
        private volatile CompletableFuture<?> election;
        private volatile boolean stopping;
        private volatile long renewedAt;
        private ScheduledFuture<?> reminder;

        LeaseView(String group) {
            super(LeaseClusterService.this, group);
            this.lease = leaseName(settings.leasePrefix(), group);
        }

        @Override
        protected void doStart() {
            stopping = false;
            elect();
            long retry = settings.retryPeriod().toMillis();
            reminder = timer.scheduleWithFixedDelay(this::watch, retry, retry, TimeUnit.MILLISECONDS);
        }

        /**
         * Stands for the Lease until this hub stops. An elector ends when its hub could not renew in time (it has then
         * stopped the feed); a new one stands again after a retry period.
         */
        private void elect() {
            LeaderElectionConfig config = new LeaderElectionConfigBuilder()
                    .withName(lease)
                    .withLock(new RenewalsSeen(new LeaseLock(namespace, lease, pod)))
                    .withLeaseDuration(settings.leaseDuration())
                    .withRenewDeadline(settings.renewDeadline())
                    .withRetryPeriod(settings.retryPeriod())
                    .withReleaseOnCancel(true)
                    .withLeaderCallbacks(new LeaderCallbacks(() -> { }, this::stoppedLeading, this::leaderIs))
                    .build();
            CompletableFuture<?> running = client.leaderElector().withConfig(config).build().start();
            election = running;
            running.whenComplete((ignored, failure) -> {
                if (!stopping) {
                    log.warn("Lost the Lease {} (not renewed within {}); standing again", lease, settings.renewDeadline());
                    timer.schedule(this::elect, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
                }
            });
        }

        /**
         * Another holder seen on the Lease (or none). This pod's own leadership is told only from its own write as
         * holder ({@link RenewalsSeen}): a Lease that still names this pod, seen before a renewal, may be expired.
         */
        private void leaderIs(String holder) {
            String now = StringUtils.hasText(holder) ? holder : null;
            if (!pod.equals(now) && !Objects.equals(now, leader)) {
                leader = now;
                fireLeadershipChangedEvent(now == null ? null : member(now));
            }
        }

        private void stoppedLeading() {
            if (pod.equals(leader)) {
                leader = null;
                fireLeadershipChangedEvent((CamelClusterMember) null);
            }
        }

        /**
         * Once a retry period: a leader that has not renewed within the renew deadline stops the feed now, whatever its
         * elector is waiting on, and stands again; a follower is told again who leads — Camel's {@code master:} consumer
         * starts its feed a moment after it hears of leadership and does not look again, so a loss told in that moment
         * finds nothing to stop, and this stops a feed started that way.
         */
        private void watch() {
            if (stopping) {
                return;
            }
            if (pod.equals(leader)) {
                if (System.nanoTime() - renewedAt > settings.renewDeadline().toNanos()) {
                    log.warn("Lease {} not renewed within {}: the feed stops here", lease, settings.renewDeadline());
                    stoppedLeading();
                    CompletableFuture<?> running = election;
                    if (running != null) {
                        running.cancel(true);
                    }
                }
            } else {
                fireLeadershipChangedEvent(leader == null ? null : member(leader));
            }
        }

        /** The Lease lock, noting when this pod last wrote itself into it as holder (took or renewed it). */
        private final class RenewalsSeen implements Lock {
            private final Lock lock;

            RenewalsSeen(Lock lock) {
                this.lock = lock;
            }

            @Override
            public LeaderElectionRecord get(KubernetesClient client) {
                return lock.get(client);
            }

            @Override
            public void create(KubernetesClient client, LeaderElectionRecord record) {
                long before = System.nanoTime();
                lock.create(client, record);
                noteRenewal(record, before);
            }

            /**
             * fabric8's release writes a null holder, which its JSON merge patch leaves out — the Lease kept naming this
             * pod and the other hub waited out the lease duration. An empty holder is client-go's "released".
             */
            @Override
            public void update(KubernetesClient client, LeaderElectionRecord record) {
                long before = System.nanoTime();
                lock.update(client, record.getHolderIdentity() != null ? record : record.toBuilder().holderIdentity("").build());
                noteRenewal(record, before);
            }

            /** From the moment the write was sent: the Lease's renew time is no later than that. */
            private void noteRenewal(LeaderElectionRecord record, long sentAt) {
                if (pod.equals(record.getHolderIdentity())) {
                    renewedAt = sentAt;
                    if (!pod.equals(leader)) {
                        leader = pod;
                        fireLeadershipChangedEvent(local);
                    }
                }
            }

            @Override
            public String identity() {
                return lock.identity();
            }

            @Override
            public String describe() {
                return lock.describe();
            }
        }

        /** Gives the Lease back when this hub holds it (fabric8's release on cancel), then stops standing. */
        @Override
        protected void doStop() {
            stopping = true;
            if (reminder != null) {
                reminder.cancel(false);
            }
            CompletableFuture<?> running = election;
            if (running != null) {
                running.cancel(true);
            }
            stoppedLeading();
        }

        private Member member(String id) {
            return id.equals(pod) ? local : new Member(id);
        }

        @Override
        public Optional<CamelClusterMember> getLeader() {
            return Optional.ofNullable(leader).map(this::member);
        }

        @Override
        public CamelClusterMember getLocalMember() {
            return local;
        }

        @Override
        public List<CamelClusterMember> getMembers() {
            return leader == null || leader.equals(pod) ? List.of(local) : List.of(local, member(leader));
        }

        private final class Member implements CamelClusterMember {
            private final String id;

            Member(String id) {
                this.id = id;
            }

            @Override
            public boolean isLeader() {
                return id.equals(leader);
            }

            @Override
            public boolean isLocal() {
                return id.equals(pod);
            }

            @Override
            public String getId() {
                return id;
            }
        }
    }
}
