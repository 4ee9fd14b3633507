package io.poshub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Three MariaDB Galera nodes on loopback, started afresh by {@code bench/galera/start} (SQL ports 3311–3313) under
 * {@code root}; a node is SIGKILLed by the pid its start left.
 */
final class Galera implements AutoCloseable {

    private final Path root;

    Galera(Path root) {
        this.root = root;
    }

    /** Stops what an earlier run left, removes its data and starts a new cluster of three. */
    void start() throws Exception {
        close();
        Bench.clean(root);
        script();
    }

    /** A {@code sequential} server URL over the three nodes, beginning with {@code first}. */
    static String url(int first) {
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            hosts.append(i == 0 ? "" : ",").append("127.0.0.1:").append(3310 + (first - 1 + i) % 3 + 1);
        }
        return "jdbc:mariadb:sequential://" + hosts + "/";
    }

    /** SIGKILL of node {@code n}'s mariadbd. */
    void kill(int n) throws Exception {
        Path pid = root.resolve("node" + n + ".pid");
        long id = Long.parseLong(Files.readString(pid).trim());
        ProcessHandle.of(id).ifPresent(process -> {
            process.destroyForcibly();
            process.onExit().join();
        });
    }

    /** Status counters of node {@code n} whose names start with {@code wsrep_}, by name. */
    static Map<String, String> status(int n, String... names) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + (3310 + n) + "/", "root", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'wsrep_%'")) {
            while (rs.next()) {
                for (String name : names) {
                    if (name.equals(rs.getString(1))) {
                        values.put(name, rs.getString(2));
                    }
                }
            }
        }
        return values;
    }

    private void script(String... nodes) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bench/galera/start"));
        command.addAll(List.of(nodes));
        ProcessBuilder start = new ProcessBuilder(command).inheritIO();
        start.environment().put("GALERA_ROOT", root.toAbsolutePath().toString());
        int exit = start.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("bench/galera/start " + String.join(" ", nodes) + " exited with " + exit);
        }
    }

    /** Starts node {@code n} again: it rejoins the cluster and takes the state it missed. */
    void rejoin(int n) throws IOException, InterruptedException {
        script(String.valueOf(n));
    }

    @Override
    public void close() throws Exception {
        for (int n = 1; n <= 3; n++) {
            if (Files.exists(root.resolve("node" + n + ".pid"))) {
                try {
                    kill(n);
                } catch (NumberFormatException | IOException gone) {
                    // nothing left to stop
                }
            }
        }
    }
}
