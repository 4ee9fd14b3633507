package io.poshub.cluster;

import io.poshub.PoshubProperties;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Leader election for {@code poshub.cluster.enabled=true}: a file-lock cluster service on the folder all
 * nodes share, unless the deployment brings its own {@link CamelClusterService} (a Kubernetes lease).
 * Camel picks the service up from the registry; each feed's {@code master:} consumer asks it who leads.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "poshub.cluster.enabled", havingValue = "true")
class ClusterConfig {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfig.class);

    @Bean
    @ConditionalOnMissingBean(CamelClusterService.class)
    CamelClusterService fileLockClusterService(PoshubProperties properties) {
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
