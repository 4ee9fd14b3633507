package io.poshub.web;

import io.poshub.common.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Checks the passwords of the configuration. The admin's comes in plain text from the environment: it is kept as its
 * SHA-256 ({@code {sha256}…}) and a login is compared with it in constant time — a slow hash would guard nothing there.
 * Other users' come as BCrypt hashes ({@code {bcrypt}$2a$…}), so the configuration holds no password: a password is
 * checked against its hash once (~70 ms of CPU), then its SHA-256 is remembered beside that hash, so the next requests
 * of a stateless API (Hawtio, a scraper, the console every few seconds) cost a digest, not a core. A wrong password
 * is checked by BCrypt every time.
 */
final class ConfiguredSecretEncoder implements PasswordEncoder {

    static final String BCRYPT = "{bcrypt}";
    private static final String SHA256 = "{sha256}";

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    /** BCrypt hash → the SHA-256 of the password it was seen to match: one entry per configured user at most. */
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    @Override
    public String encode(CharSequence raw) {
        return SHA256 + Hashes.hex(digest(raw));
    }

    @Override
    public boolean matches(CharSequence raw, String encoded) {
        if (raw == null || encoded == null) {
            return false;
        }
        if (encoded.startsWith(BCRYPT)) {
            String hash = encoded.substring(BCRYPT.length());
            byte[] digest = digest(raw);
            byte[] known = verified.get(hash);
            if (known != null && MessageDigest.isEqual(known, digest)) {
                return true;
            }
            if (bcrypt.matches(raw, hash)) {
                verified.put(hash, digest);
                return true;
            }
            return false;
        }
        return MessageDigest.isEqual(encode(raw).getBytes(StandardCharsets.US_ASCII), encoded.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] digest(CharSequence raw) {
        return Hashes.sha256(raw.toString().getBytes(StandardCharsets.UTF_8));
    }
}
