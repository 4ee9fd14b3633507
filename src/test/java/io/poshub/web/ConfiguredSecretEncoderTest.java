package io.poshub.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class ConfiguredSecretEncoderTest {

    private final ConfiguredSecretEncoder encoder = new ConfiguredSecretEncoder();

    @Test
    void theRightPasswordMatchesAndNoOtherDoes() {
        String kept = encoder.encode("s3cret-æøå");
        assertThat(kept).isNotEqualTo("s3cret-æøå").startsWith("{sha256}").hasSize(8 + 64);
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

    @Test
    void aUsersBCryptHashIsCheckedOnceByBCryptThenByItsDigestAndAWrongPasswordAlwaysByBCrypt() {
        String hash = ConfiguredSecretEncoder.BCRYPT + new BCryptPasswordEncoder().encode("viewer-password");
        assertThat(encoder.matches("viewer-password", hash)).isTrue();
        long start = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            assertThat(encoder.matches("viewer-password", hash)).isTrue();
        }
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
        assertThat(encoder.matches("viewer-passworD", hash)).isFalse();
        assertThat(encoder.matches("", hash)).isFalse();
        // the remembered digest is of the password BCrypt accepted, not of whatever came last
        assertThat(encoder.matches("viewer-password", hash)).isTrue();
    }
}
