package io.poshub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.util.FileSystemUtils;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The capability packages are modules with a direction (docs/architecture.md): each may use only what its
 * {@code package-info.java} allows, and none may close a cycle.
 */
class ModulesTest {

    private static final ApplicationModules MODULES = ApplicationModules.of(PoshubApplication.class);

    @Test
    void capabilitiesDependOnlyOnWhatTheyDeclareAndNeverInACircle() {
        MODULES.verify();
    }

    /**
     * The module diagrams (one for all, one and a canvas per module) as the code draws them, written to target/modules;
     * the committed docs/modules (docs/architecture.md links them) must be the same — the test writes no tracked file.
     */
    @Test
    void theCommittedModuleDiagramsAreTheCodes() throws IOException {
        Path drawn = Path.of("target", "modules");
        FileSystemUtils.deleteRecursively(drawn);
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(drawn.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        Path committed = Path.of("docs", "modules");
        assertThat(files(committed)).as("docs/modules differs from what the code draws: copy target/modules over it")
                .isEqualTo(files(drawn));
    }

    /**
     * Each file of a folder by name, with its lines in order: Spring Modulith writes a diagram's relations in an order that
     * differs from one JVM to the next, so what is compared is which lines there are.
     */
    private static Map<String, String> files(Path folder) throws IOException {
        Map<String, String> texts = new TreeMap<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> all = Files.list(folder)) {
                for (Path file : all.filter(Files::isRegularFile).toList()) {
                    texts.put(file.getFileName().toString(), String.join("\n", Files.readAllLines(file).stream().sorted().toList()));
                }
            }
        }
        return texts;
    }
}
