package io.poshub.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.poshub.PoshubApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The hub started as an operator would start it against a real database, with an admin password it must not run with:
 * it ends at once, non-zero, with one line naming POSHUB_ADMIN_PASSWORD and no stack trace — and the same start with a
 * good password goes past that point.
 */
class WeakAdminPasswordTest {

    @TempDir
    Path data;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unset         | ''                | POSHUB_ADMIN_PASSWORD is unset
            the default   | admin             | POSHUB_ADMIN_PASSWORD is the default 'admin'
            eleven long   | 0123456789a       | POSHUB_ADMIN_PASSWORD is shorter than 12 characters
            """)
    void aWeakAdminPasswordStopsTheStartWithOneLine(String what, String password, String line) throws Exception {
        Start start = start(password);

        assertThat(start.exit()).as(what).isNotZero();
        List<String> naming = start.lines().stream().filter(l -> l.contains("POSHUB_ADMIN_PASSWORD")).toList();
        assertThat(naming).singleElement().asString().startsWith(line)
                .endsWith("set it to 12 or more characters — the hub does not start with a weak admin password on a real database");
        assertThat(start.lines()).noneMatch(l -> l.startsWith("\tat ")).noneMatch(l -> l.contains("Tomcat started"));
    }

    /** The check is the first thing that stops: with a good password the start goes on to the (here unreachable) database. */
    @org.junit.jupiter.api.Test
    void aGoodPasswordPassesTheCheck() throws Exception {
        Start start = start("a-good-admin-password");

        assertThat(start.lines()).noneMatch(l -> l.contains("POSHUB_ADMIN_PASSWORD"));
        assertThat(start.exit()).isNotZero(); // no database at 127.0.0.1:1
    }

    private record Start(int exit, List<String> lines) {
    }

    private Start start(String password) throws IOException, InterruptedException {
        Path log = data.resolve("hub-" + System.nanoTime() + ".log");
        Process hub = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), PoshubApplication.class.getName(),
                "--server.port=0",
                "--spring.datasource.url=jdbc:mariadb://127.0.0.1:1/none?connectTimeout=500",
                "--spring.datasource.hikari.initialization-fail-timeout=1",
                "--poshub.data-dir=" + data,
                "--poshub.admin.password=" + password)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!hub.waitFor(120, TimeUnit.SECONDS)) {
            hub.destroyForcibly();
            throw new AssertionError("the hub neither started nor stopped in 120 s: " + Files.readString(log));
        }
        return new Start(hub.exitValue(), Files.readAllLines(log));
    }
}
