package io.poshub.cluster;

import io.poshub.PoshubProperties;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.zookeeper.ZooKeeperCuratorConfiguration;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Leader election for {@code poshub.cluster.enabled=true}, by {@code poshub.cluster.kind}: a file-lock cluster service on
 * the folder all nodes share ({@code file}), a ZooKeeper ensemble ({@code zookeeper}), or a Kubernetes Lease per feed
 * ({@code kubernetes}); a deployment's own {@link CamelClusterService} bean wins whatever the kind.
 * Camel picks the service up from the registry; each feed's {@code master:} consumer asks it who leads.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "poshub.cluster.enabled", havingValue = "true")
class ClusterConfig {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfig.class);

    @Bean
    @ConditionalOnMissingBean(CamelClusterService.class)
    CamelClusterService clusterService(PoshubProperties properties) {
        return switch (properties.cluster().kind()) {
            case FILE -> fileLock(properties);
            case ZOOKEEPER -> zookeeper(properties.cluster().zookeeper());
            case KUBERNETES -> LeaseClusterService.of(properties.cluster().kubernetes());
        };
    }

    /** Each feed's leader elected in the ZooKeeper ensemble (Curator's leader latch under the base path). */
    private static CamelClusterService zookeeper(PoshubProperties.Zookeeper zookeeper) {
        if (zookeeper.connect() == null || zookeeper.connect().isBlank()) {
            throw new IllegalStateException("poshub.cluster.kind=zookeeper needs poshub.cluster.zookeeper.connect (e.g. zk1:2181,zk2:2181,zk3:2181)");
        }
        ZooKeeperCuratorConfiguration configuration = new ZooKeeperCuratorConfiguration();
        configuration.setNodes(zookeeper.connect());
        configuration.setBasePath(zookeeper.basePath());
        configuration.setSessionTimeout(zookeeper.sessionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        ZooKeeperClusterService service = new ZooKeeperClusterService(configuration);
        service.setId("poshub-" + ManagementFactory.getRuntimeMXBean().getName());
        log.info("Clustered: feeds run on the node ZooKeeper ({}) elects under {} (session timeout {})", zookeeper.connect(),
                zookeeper.basePath(), zookeeper.sessionTimeout());
        return service;
    }

    private static CamelClusterService fileLock(PoshubProperties properties) {
        FileLockClusterService service = new FileLockClusterService();
        service.setId("poshub-" + ManagementFactory.getRuntimeMXBean().getName());
        service.setRoot(properties.clusterRoot().toAbsolutePath().toString());
        long interval = properties.cluster().lockInterval().toMillis();
        service.setAcquireLockDelay(interval, TimeUnit.MILLISECONDS);
        service.setAcquireLockInterval(interval, TimeUnit.MILLISECONDS);
        log.info("Clustered: feeds run on the node holding their lock under {} (checked every {} ms)",
                properties.clusterRoot().toAbsolutePath(), interval);
        return service;
    }
}
