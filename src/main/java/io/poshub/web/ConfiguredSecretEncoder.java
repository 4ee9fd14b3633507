package io.poshub.web;

import io.poshub.common.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks the admin password, which comes from the configuration in plain text: it is kept as its SHA-256 and a login
 * is compared with it in constant time. A slow hash (BCrypt, the default) guards a stored hash against cracking; here
 * none is stored — the plain text is in the environment — so it guarded nothing, and it cost ~70 ms of CPU on every
 * request, the admin API being stateless: Hawtio, a Jolokia client or a scraper calling a few times a second took a
 * core from the bookings.
 */
final class ConfiguredSecretEncoder implements PasswordEncoder {

    @Override
    public String encode(CharSequence raw) {
        return Hashes.hex(digest(raw));
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
        return raw != null && encoded != null
                && MessageDigest.isEqual(encode(raw).getBytes(StandardCharsets.US_ASCII), encoded.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] digest(CharSequence raw) {
        return Hashes.sha256(raw.toString().getBytes(StandardCharsets.UTF_8));
    }
}
