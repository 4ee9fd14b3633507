package io.poshub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.dataformat.BindyType;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.mariadb.jdbc.MariaDbPoolDataSource;

/**
 * The per-row route as tutorials write it — split the file by line, Bindy each line, an idempotent
 * consumer per row, one autocommitted INSERT per row — run on the same database, for comparison only.
 * It is never part of the hub.
 */
final class NaiveRoute {

    record Result(long rows, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    static Result measure(Database db, Path csv, long rows, Path work) throws Exception {
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS naive_line");
            s.execute("""
                    CREATE TABLE naive_line (
                        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
                        store VARCHAR(64) NOT NULL, register VARCHAR(64) NOT NULL, ticket VARCHAR(64) NOT NULL,
                        business_date DATE NOT NULL, seq INT NULL, sku VARCHAR(64) NULL, description VARCHAR(255) NULL,
                        category VARCHAR(64) NULL, quantity DECIMAL(12,3) NOT NULL, unit_price DECIMAL(14,2) NULL,
                        net_amount DECIMAL(14,2) NOT NULL,
                        KEY ix_naive_line_ticket (store, register, ticket)
                    ) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin""");
            s.execute("DELETE FROM CAMEL_MESSAGEPROCESSED WHERE processorName = 'naive'");
        }
        Path inbox = Files.createDirectories(work.resolve("naive-inbox"));
        try (MariaDbPoolDataSource ds = new MariaDbPoolDataSource(db.url() + "?user=" + db.user() + "&password="
                + db.password() + "&maxPoolSize=4")) {
            CamelContext camel = new DefaultCamelContext();
            camel.getRegistry().bind("ds", ds);
            JdbcMessageIdRepository seen = new JdbcMessageIdRepository(ds, "naive");
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("file:" + inbox.toAbsolutePath() + "?noop=true&initialDelay=0&delay=100")
                            .split(body().tokenize("\n")).streaming()
                                .filter(simple("${exchangeProperty.CamelSplitIndex} > 0 && ${body} != ''"))
                                .unmarshal().bindy(BindyType.Csv, NaiveLine.class)
                                .idempotentConsumer(simple("${body.store}-${body.register}-${body.ticket}-${body.seq}"), seen)
                                .to("sql:INSERT INTO naive_line (store, register, ticket, business_date, seq, sku, description,"
                                        + " category, quantity, unit_price, net_amount) VALUES (:#${body.store},"
                                        + " :#${body.register}, :#${body.ticket}, :#${body.businessDate}, :#${body.seq},"
                                        + " :#${body.sku}, :#${body.description}, :#${body.category}, :#${body.quantity},"
                                        + " :#${body.price}, :#${body.extPrice})?dataSource=#ds");
                }
            });
            camel.start();
            try {
                long start = System.nanoTime();
                Files.copy(csv, inbox.resolve(csv.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                Poll.until("the naive route inserting every row", Duration.ofHours(2), Duration.ofMillis(100),
                        () -> db.count("SELECT COUNT(*) FROM naive_line") >= rows);
                return new Result(rows, (System.nanoTime() - start) / 1e9);
            } finally {
                camel.stop();
            }
        }
    }

    private NaiveRoute() {
    }
}
