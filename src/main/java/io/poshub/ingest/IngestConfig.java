package io.poshub.ingest;

import javax.sql.DataSource;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IngestConfig {

    /**
     * The file-level idempotent repository: one row per feed + SHA-256 in MariaDB, shared by every node
     * and kept across restarts. Flyway owns its table.
     */
    @Bean
    JdbcMessageIdRepository fileRepository(DataSource dataSource) {
        JdbcMessageIdRepository repository = new JdbcMessageIdRepository(dataSource, "poshub-files");
        repository.setCreateTableIfNotExists(false);
        return repository;
    }
}
