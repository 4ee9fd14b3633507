package io.poshub.support;

import java.io.IOException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What an {@code @ApplicationModuleTest} of the hub needs: like {@link HubTest}, a fresh schema and data dir of its own
 * and the checkout's mappings (read only). A subclass adds its own settings in a property method of another name.
 */
public abstract class HubModuleTest {

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) throws IOException {
        HubTest.hub(registry, HubTest.Settings.defaults());
    }
}
