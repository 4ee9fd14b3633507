package io.poshub.common;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one hash the hub uses: a file's identity, a webhook body's check. */
public final class Hashes {

    private Hashes() {
    }

    /** A fresh SHA-256 digest, for content read as a stream. */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    public static byte[] sha256(byte[] content) {
        return sha256().digest(content);
    }

    /** Lower-case hex, as {@code import_file.sha256} holds it. */
    public static String sha256Hex(byte[] content) {
        return hex(sha256(content));
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
