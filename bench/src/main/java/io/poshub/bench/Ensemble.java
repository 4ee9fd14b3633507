package io.poshub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A three-server ZooKeeper ensemble on loopback, each server the real {@code QuorumPeerMain} from Maven Central in its
 * own JVM (client ports 12181–12183, quorum 12881–12883, election 13881–13883, data under {@code <dir>/zk<n>}).
 * Who leads is asked of each server with the {@code srvr} four-letter word.
 */
final class Ensemble implements AutoCloseable {

    private static final int SIZE = 3;

    private final Path dir;
    private final Process[] servers = new Process[SIZE + 1];

    Ensemble(Path dir) {
        this.dir = dir;
    }

    /** The connect string the hubs are given. */
    String connect() {
        return IntStream.rangeClosed(1, SIZE).mapToObj(n -> "127.0.0.1:" + clientPort(n)).collect(Collectors.joining(","));
    }

    /** Starts every server and waits until the ensemble has a leader and two followers. */
    void start() throws Exception {
        for (int n = 1; n <= SIZE; n++) {
            start(n);
        }
        Poll.until("the ZooKeeper ensemble electing a leader", Duration.ofMinutes(2), Duration.ofMillis(200),
                () -> {
                    List<String> modes = modes();
                    return modes.stream().filter(m -> m.equals("leader")).count() == 1
                            && modes.stream().filter(m -> m.equals("follower")).count() == SIZE - 1;
                });
    }

    /** Starts (or starts again) server {@code n}. */
    void start(int n) throws IOException {
        Path data = dir.resolve("zk" + n);
        Files.createDirectories(data);
        Files.writeString(data.resolve("myid"), n + "\n");
        StringBuilder cfg = new StringBuilder("""
                tickTime=500
                initLimit=20
                syncLimit=10
                dataDir=%s
                clientPort=%d
                clientPortAddress=127.0.0.1
                admin.enableServer=false
                4lw.commands.whitelist=srvr
                """.formatted(data.toAbsolutePath(), clientPort(n)));
        for (int s = 1; s <= SIZE; s++) {
            cfg.append("server.").append(s).append("=127.0.0.1:").append(12880 + s).append(':').append(13880 + s).append('\n');
        }
        Path file = data.resolve("zoo.cfg");
        Files.writeString(file, cfg);
        String classpath = System.getProperty("java.class.path");
        servers[n] = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx96m",
                "-cp", classpath, "org.apache.zookeeper.server.quorum.QuorumPeerMain", file.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("zk" + n + ".out").toFile()))
                .start();
    }

    /** The server that leads the ensemble now (1–3), or 0 while none does. */
    int leader() {
        for (int n = 1; n <= SIZE; n++) {
            if ("leader".equals(mode(n))) {
                return n;
            }
        }
        return 0;
    }

    /** Each live server's mode: leader, follower, or "down". */
    List<String> modes() {
        List<String> modes = new ArrayList<>();
        for (int n = 1; n <= SIZE; n++) {
            modes.add(mode(n));
        }
        return modes;
    }

    /** SIGKILL of server {@code n}. */
    void kill(int n) throws InterruptedException {
        servers[n].destroyForcibly();
        servers[n].waitFor();
    }

    private String mode(int n) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", clientPort(n)), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            for (String line : answer.split("\n")) {
                if (line.startsWith("Mode: ")) {
                    return line.substring(6).trim();
                }
            }
            return "down";
        } catch (IOException e) {
            return "down";
        }
    }

    private static int clientPort(int n) {
        return 12180 + n;
    }

    @Override
    public void close() throws InterruptedException {
        for (int n = 1; n <= SIZE; n++) {
            if (servers[n] != null && servers[n].isAlive()) {
                kill(n);
            }
        }
    }
}
