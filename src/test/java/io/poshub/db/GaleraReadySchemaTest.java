package io.poshub.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.support.DefaultHubTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The migrated schema is one Galera replicates whole: every table InnoDB (Galera replicates no other engine) and with a
 * primary key (without one, a replica applies each row change by scanning the table, and a row may differ between
 * nodes) — Camel's {@code CAMEL_MESSAGEPROCESSED} and Flyway's own history included.
 */
class GaleraReadySchemaTest extends DefaultHubTest {

    @Test
    void everyTableIsInnoDbWithAPrimaryKey() {
        List<String> tables = jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'",
                String.class);
        assertThat(tables).contains("CAMEL_MESSAGEPROCESSED", "flyway_schema_history", "sale", "points_entry", "gift_card_request");

        List<String> notInnoDb = jdbc.queryForList("""
                SELECT table_name FROM information_schema.tables
                 WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' AND engine <> 'InnoDB'""", String.class);
        List<String> withoutPrimaryKey = jdbc.queryForList("""
                SELECT t.table_name FROM information_schema.tables t
                 WHERE t.table_schema = DATABASE() AND t.table_type = 'BASE TABLE'
                   AND NOT EXISTS (SELECT 1 FROM information_schema.table_constraints c
                                    WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name
                                      AND c.constraint_type = 'PRIMARY KEY')""", String.class);
        assertThat(notInnoDb).isEmpty();
        assertThat(withoutPrimaryKey).isEmpty();
    }
}
