package io.poshub.architecture;

import io.poshub.PoshubApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModulesTest {

    static final ApplicationModules MODULES = ApplicationModules.of(PoshubApplication.class);

    @Test
    void capabilitiesDependOnlyDownwardsAndOnlyOnWhatTheyDeclare() {
        MODULES.verify();
    }
}
