package io.poshub.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;

/**
 * The zero-config run's database: reachable on loopback only, and only with the password generated at its first start
 * (the hub's first run once started it with grants off on every interface).
 */
class EmbeddedMariaDbTest {

    private static final Path DIR = Path.of("target", "embedded-db-" + UUID.randomUUID().toString().substring(0, 8));
    private static EmbeddedMariaDb db;

    @BeforeAll
    static void start() {
        db = EmbeddedMariaDb.start(DIR, 0);
    }

    @AfterAll
    static void stop() throws IOException {
        if (db != null) {
            db.close();
        }
        FileSystemUtils.deleteRecursively(DIR);
    }

    @Test
    void theGeneratedPasswordIsKeptWhereOnlyItsOwnerReadsIt() throws IOException {
        Path credentials = DIR.resolve(EmbeddedMariaDb.CREDENTIALS);
        assertThat(Files.readString(credentials).strip()).isEqualTo(db.password()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(DIR))).isEqualTo("rwx------");
    }

    @Test
    void onlyTheHubsAccountWithItsPasswordLogsIn() throws SQLException {
        try (Connection c = DriverManager.getConnection(db.serverUrl(), db.user(), db.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM mysql.user")) {
            assertThat(rs.next()).isTrue();
        }
        for (List<String> login : List.of(List.of("nobody", "wrong"), List.of("nobody", ""), List.of("root", ""),
                List.of("root", "wrong"), List.of(EmbeddedMariaDb.USER, "wrong"), List.of(EmbeddedMariaDb.USER, ""))) {
            assertThatThrownBy(() -> DriverManager.getConnection(db.serverUrl(), login.get(0), login.get(1)).close())
                    .as("log in as %s", login.get(0))
                    .isInstanceOf(SQLException.class)
                    // 1045 access denied; 1698 the same for an account that logs in by its unix socket only (root)
                    .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isIn(1045, 1698));
        }
    }

    @Test
    void itListensOnLoopbackOnly() throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(db.serverUrl(), db.user(), db.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@bind_address, @@skip_networking")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
            assertThat(rs.getInt(2)).isZero();
        }
        // The kernel's own table of listening TCP sockets: the server's port is bound to 127.0.0.1 and nothing else.
        String port = HexFormat.of().withUpperCase().toHexDigits((short) db.port());
        List<String> listening = listeningAddresses(port);
        assertThat(listening).isNotEmpty().allSatisfy(address -> assertThat(address).isIn("0100007F", "00000000000000000000000001000000"));
    }

    @Test
    void aRestartLogsInWithTheKeptPasswordAndCredentialsThatOutlivedTheirDataAreGrantedAgain() throws IOException, SQLException {
        String password = db.password();
        int port = db.port();
        db.close();
        db = EmbeddedMariaDb.start(DIR, port);
        assertThat(db.password()).isEqualTo(password);
        db.createDatabase("kept");
        db.close();

        FileSystemUtils.deleteRecursively(DIR.resolve("data"));
        db = EmbeddedMariaDb.start(DIR, port);
        assertThat(db.password()).isEqualTo(password);
        try (Connection c = DriverManager.getConnection(db.serverUrl(), db.user(), db.password())) {
            assertThat(c.isValid(5)).isTrue();
        }
        assertThatThrownBy(() -> DriverManager.getConnection(db.serverUrl(), "nobody", "wrong").close()).isInstanceOf(SQLException.class);
    }

    @Test
    void underTheTempDirWhereMariaDb4jWipesTheDataAtEveryStartTheHubStillLogsIn() throws IOException, SQLException {
        Path temp = Files.createTempDirectory("poshub-embedded-");
        try {
            for (int start = 0; start < 2; start++) {
                try (EmbeddedMariaDb again = EmbeddedMariaDb.start(temp, 0);
                     Connection c = DriverManager.getConnection(again.serverUrl(), again.user(), again.password())) {
                    assertThat(c.isValid(5)).as("start %d", start).isTrue();
                }
            }
        } finally {
            FileSystemUtils.deleteRecursively(temp);
        }
    }

    /** Local addresses (hex, as /proc/net/tcp{,6} writes them) of the sockets listening on the port. */
    private static List<String> listeningAddresses(String port) throws IOException {
        List<String> addresses = new java.util.ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.exists(path)) {
                continue;
            }
            // Read once: the table changes between two reads on a busy machine (other sockets open and close).
            List<String> lines = Files.readAllLines(path);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String[] local = f[1].split(":");
                if (local[1].toUpperCase(Locale.ROOT).equals(port) && f[3].equals("0A")) {
                    addresses.add(local[0]);
                }
            }
        }
        return addresses;
    }
}
