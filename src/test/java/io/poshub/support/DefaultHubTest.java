package io.poshub.support;

import java.io.IOException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A {@link HubTest} with the default settings: the checkout's mappings/ (read only) and everything else its own. */
public abstract class DefaultHubTest extends HubTest {

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) throws IOException {
        hub(registry, Settings.defaults());
    }
}
