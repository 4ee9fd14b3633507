package io.poshub.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfiguredSecretEncoderTest {

    private final ConfiguredSecretEncoder encoder = new ConfiguredSecretEncoder();

    @Test
    void theRightPasswordMatchesAndNoOtherDoes() {
        String kept = encoder.encode("s3cret-æøå");
        assertThat(kept).isNotEqualTo("s3cret-æøå").hasSize(64);
        assertThat(encoder.matches("s3cret-æøå", kept)).isTrue();
        assertThat(encoder.matches("s3cret-æøa", kept)).isFalse();
        assertThat(encoder.matches("", kept)).isFalse();
        assertThat(encoder.matches(null, kept)).isFalse();
        assertThat(encoder.matches("s3cret-æøå", null)).isFalse();
    }

    @Test
    void aLoginCostsMicrosecondsNotTheTensOfMillisecondsOfBCrypt() {
        String kept = encoder.encode("admin-password");
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            assertThat(encoder.matches("admin-password", kept)).isTrue();
        }
        // BCrypt (strength 10) takes ~70 ms a check on this machine: 1 000 checks would take over a minute.
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
    }
}
