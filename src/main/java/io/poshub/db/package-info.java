/**
 * The database: the embedded MariaDB for running without one, the JdbcTemplate every module uses, bulk loading
 * ({@code LOAD DATA LOCAL}), the {@code ?} lists of set-based statements, and the start-up check that bulk loading is
 * allowed. Flyway owns the schema ({@code db/migration}).
 */
@ApplicationModule(displayName = "Database", allowedDependencies = "common")
package io.poshub.db;

import org.springframework.modulith.ApplicationModule;
