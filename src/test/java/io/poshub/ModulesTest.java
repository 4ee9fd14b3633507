package io.poshub;

import org.junit.jupiter.api.Test;
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

    /** Writes the module diagram, one per module and a canvas each to docs/modules (docs/architecture.md links them). */
    @Test
    void documentsTheModules() {
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
    }
}
