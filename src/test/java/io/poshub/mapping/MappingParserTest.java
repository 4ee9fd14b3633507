package io.poshub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A mapping is read without constructing anything its text names (contract §16): the classic YAML gadget — a
 * ScriptEngineManager over a URLClassLoader pointed at a server — in any field builds no class loader and calls no
 * server; the mapping is refused at its line, or reads the tagged value as the plain text it is.
 */
class MappingParserTest {

    private final MappingParser parser = new MappingParser("demo");

    @Test
    void aJavaTagInAMappingConstructsNothingAndCallsNoServer() throws Exception {
        String shipped = Files.readString(Path.of("mappings/counterpoint.yaml"));
        try (ServerSocket listener = new ServerSocket(0)) {
            listener.setSoTimeout(1);
            String gadget = "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://127.0.0.1:"
                    + listener.getLocalPort() + "/\"]]]]";
            for (String text : new String[] {shipped.replaceFirst("(?m)^currency: .*$", "currency: " + gadget),
                    shipped + "\nextra: " + gadget + "\n", gadget + "\n"}) {
                try {
                    Mapping mapping = parser.parse("gadget", text);
                    assertThat(mapping.currency()).doesNotContain("ScriptEngineManager");
                } catch (MappingException refused) {
                    assertThat(refused.getMessage()).isNotBlank();
                }
            }
            assertThatThrownBy(listener::accept).as("nobody called the server the gadget names")
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }
}
